"""Field work over the API, beyond the visit itself: rounds, protocols, observation
instruments and their answers, diagnoses and the specialist's accompaniment observations.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. What a caller may see follows DESIGN.md §1:

* rounds, protocols and the (blank) instruments are read by every member of the program;
  only coordinators create rounds and revise protocols;
* a visit's instrument answers and its observations are read by those with private access to
  the visit (the mentor, the specialist who accompanies them, coordinators); the visit's mentee
  gets 403, so no answer or observation ever reaches them; trainers and researchers get 403 and
  those who may not see the visit 404, as for the notebook;
* only the visit's mentor saves instrument answers and replies to observations; only a
  specialist who accompanies the mentor records an observation;
* diagnoses are read by whoever may see the mentee, and recorded by the mentee's current
  mentor with competencies of the program's framework.
"""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Max, Prefetch, QuerySet, Value, When
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.frameworks.models import Competency
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import active_partnerships, get_mentee_for_user
from acompana.programs.models import Program
from acompana.visits import services
from acompana.visits.apis.visits import VISIT_ID, VisitPersonSerializer, VisitScopedViewSet
from acompana.visits.instruments import instrument_response_save, instruments_for_program
from acompana.visits.models import (
    AccompanimentObservation,
    Diagnosis,
    Instrument,
    InstrumentItem,
    ItemAnswer,
    Protocol,
    ProtocolStep,
    Round,
    Visit,
)
from acompana.visits.selectors import VisitAccess, program_competencies

# --- Representations -------------------------------------------------------------------------

NULLABLE_INT = serializers.IntegerField(max_value=MAX_ID, allow_null=True)
OBSERVATION_TEXTS = ("did_well", "advice_recording", "advice_questions", "agreements")


class RoundSerializer(serializers.ModelSerializer[Round]):
    protocol = serializers.SerializerMethodField(help_text="The protocol's id, or null.")
    protocol_version = serializers.SerializerMethodField(
        help_text="The number of the protocol version the round follows, or null."
    )

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "cohort",
            "purpose",
            "starts_on",
            "ends_on",
            "protocol",
            "protocol_version",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_INT)
    def get_protocol(self, round_: Round) -> int | None:
        version = round_.protocol_version
        return version.protocol_id if version else None

    @extend_schema_field(NULLABLE_INT)
    def get_protocol_version(self, round_: Round) -> int | None:
        version = round_.protocol_version
        return version.number if version else None


class ProtocolStepSerializer(serializers.ModelSerializer[ProtocolStep]):
    class Meta:
        model = ProtocolStep
        fields = ["position", "title", "guidance"]
        read_only_fields = fields


class ProtocolSerializer(serializers.ModelSerializer[Protocol]):
    current_version = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The number of the current version, or null."
    )

    class Meta:
        model = Protocol
        fields = ["id", "name", "current_version"]
        read_only_fields = fields


class ProtocolDetailSerializer(ProtocolSerializer):
    """A protocol with the steps of its current version (the view passes ``steps``)."""

    steps = serializers.SerializerMethodField(help_text="The steps of the current version.")

    class Meta(ProtocolSerializer.Meta):
        fields = [*ProtocolSerializer.Meta.fields, "steps"]
        read_only_fields = fields

    @extend_schema_field(ProtocolStepSerializer(many=True))
    def get_steps(self, protocol: Protocol) -> Any:
        return ProtocolStepSerializer(self.context["steps"], many=True).data


class LevelSerializer(serializers.Serializer):
    """One level of a rubric: value, label and verification mark."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" cannot be a declared attribute: it would hide Field.label.
        return {
            "value": serializers.IntegerField(read_only=True),
            "label": serializers.CharField(read_only=True),
            "verification": serializers.CharField(
                read_only=True,
                help_text="V verified, P secondary copy, U unconfirmed (to verify).",
            ),
        }


class InstrumentItemSerializer(serializers.ModelSerializer[InstrumentItem]):
    descriptors = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="One descriptor per level."
    )

    class Meta:
        model = InstrumentItem
        fields = ["id", "position", "code", "title", "description", "descriptors", "verification"]
        read_only_fields = fields


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    shipped = serializers.SerializerMethodField(
        help_text="A shared default rather than one of the program's own instruments."
    )
    levels = LevelSerializer(many=True, read_only=True)
    items = InstrumentItemSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = ["id", "slug", "name", "kind", "source", "shipped", "levels", "items"]
        read_only_fields = fields

    def get_shipped(self, instrument: Instrument) -> bool:
        return instrument.program_id is None


class ItemAnswerSerializer(serializers.ModelSerializer[ItemAnswer]):
    class Meta:
        model = ItemAnswer
        fields = ["item", "level", "checked", "answer", "evidence"]
        read_only_fields = fields


class VisitInstrumentSerializer(serializers.Serializer):
    """An instrument as filled in one visit: the instrument and the saved answers."""

    instrument = InstrumentSerializer(read_only=True)
    answers = ItemAnswerSerializer(many=True, read_only=True)
    can_write = serializers.BooleanField(read_only=True, help_text="The caller is the mentor.")


class CompetencySerializer(serializers.ModelSerializer[Competency]):
    class Meta:
        model = Competency
        fields = ["code", "name"]
        read_only_fields = fields


class DiagnosisSerializer(serializers.ModelSerializer[Diagnosis]):
    mentor = VisitPersonSerializer(read_only=True)
    strengths = CompetencySerializer(many=True, read_only=True)
    needs = CompetencySerializer(many=True, read_only=True)

    class Meta:
        model = Diagnosis
        fields = ["id", "made_on", "mentor", "strengths", "needs", "summary", "created_at"]
        read_only_fields = fields


class ObservationSerializer(serializers.ModelSerializer[AccompanimentObservation]):
    specialist = serializers.SerializerMethodField()

    class Meta:
        model = AccompanimentObservation
        fields = [
            "id",
            "specialist",
            *OBSERVATION_TEXTS,
            "mentor_reply",
            "replied_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_specialist(self, observation: AccompanimentObservation) -> str:
        return observation.specialist.get_full_name()


# --- Requests ----------------------------------------------------------------------------------


class RoundCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    cohort = serializers.IntegerField(max_value=MAX_ID, help_text="A cohort id of the program.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    protocol = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A protocol id of the program; the round follows its current version.",
    )


class StepWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")


class ProtocolReviseSerializer(serializers.Serializer):
    steps = StepWriteSerializer(many=True, allow_empty=False)


class AnswerWriteSerializer(serializers.Serializer):
    item = serializers.IntegerField(max_value=MAX_ID, help_text="An item id of the instrument.")
    level = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, default=None
    )
    checked = serializers.BooleanField(required=False, allow_null=True, default=None)
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class InstrumentAnswersSerializer(serializers.Serializer):
    answers = AnswerWriteSerializer(
        many=True, help_text="Replaces every saved answer of the visit to this instrument."
    )


class DiagnosisWriteSerializer(serializers.Serializer):
    made_on = serializers.DateField()
    strengths = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Competency codes."
    )
    needs = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Competency codes."
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class ObservationWriteSerializer(serializers.ModelSerializer[AccompanimentObservation]):
    class Meta:
        model = AccompanimentObservation
        fields = list(OBSERVATION_TEXTS)
        extra_kwargs = {name: {"required": False} for name in OBSERVATION_TEXTS}


class ObservationReplySerializer(serializers.Serializer):
    reply = serializers.CharField(allow_blank=True)


# --- Schema pieces and helpers -----------------------------------------------------------------

INSTRUMENT_SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="An instrument of the program or a shipped one.",
)
OBSERVATION_ID = OpenApiParameter(
    "observation_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="An observation."
)
MENTEE_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The mentee's code."
)


# --- Rounds ------------------------------------------------------------------------------------


@extend_schema_view(
    list=reads("Rounds of visits of the program (every member)", RoundSerializer),
    create=writes(
        "Create a round of visits (coordinators)",
        RoundSerializer,
        request=RoundCreateSerializer,
        code=201,
    ),
)
class RoundViewSet(mixins.ListModelMixin, ProgramScopedViewSet):
    """Rounds of visits, each of a cohort, optionally following a protocol version."""

    serializer_class = RoundSerializer
    queryset = Round.objects.none()
    service_error_fields = {"create": "ends_on"}

    def get_queryset(self) -> QuerySet[Round]:
        return (
            Round.objects.filter(program=self.program)
            .select_related("protocol_version")
            .order_by("starts_on", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(RoundCreateSerializer)
        cohort = one_of(program.cohorts, "cohort", "No cohort of this program.", pk=data["cohort"])
        protocol = None
        if data["protocol"] is not None:
            protocol = one_of(
                program.protocols, "protocol", "No protocol of this program.", pk=data["protocol"]
            )
        round_ = services.round_create(
            program=program,
            cohort=cohort,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            purpose=data["purpose"],
            protocol=protocol,
            actor=self.caller,
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


# --- Protocols ---------------------------------------------------------------------------------


@extend_schema_view(
    list=reads("Visit protocols of the program (every member)", ProtocolSerializer),
    retrieve=reads(
        "One protocol with the steps of its current version (every member)",
        ProtocolDetailSerializer,
        ID,
    ),
)
class ProtocolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
    """Protocols are versioned: revising one creates a new version; rounds and visits keep the
    version they followed."""

    serializer_class = ProtocolSerializer
    queryset = Protocol.objects.none()
    service_error_fields = {"versions": "steps"}

    def get_queryset(self) -> QuerySet[Protocol]:
        return (
            Protocol.objects.filter(program=self.program)
            .annotate(current_version=Max("versions__number"))
            .order_by("name", "pk")
        )

    def get_object(self) -> Protocol:
        protocol = self.get_queryset().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if protocol is None:
            raise Http404
        return protocol

    def detail_response(self, protocol: Protocol, code: int = 200) -> Response:
        steps = ProtocolStep.objects.filter(
            version__protocol=protocol, version__number=cast(Any, protocol).current_version
        ).order_by("position")
        context = {**self.get_serializer_context(), "steps": list(steps)}
        return Response(ProtocolDetailSerializer(protocol, context=context).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.detail_response(self.get_object())

    @writes(
        "Revise a protocol: a new current version with these steps (coordinators)",
        ProtocolDetailSerializer,
        ID,
        request=ProtocolReviseSerializer,
        code=201,
        description="Earlier versions stay as they were for the rounds and visits that follow "
        "them.",
    )
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        protocol = self.get_object()
        if not has_role(self.caller, self.program, Role.COORDINATOR):
            raise PermissionDenied
        data = ProtocolReviseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        steps = [(step["title"], step["guidance"]) for step in data.validated_data["steps"]]
        services.protocol_revise(protocol=protocol, steps=steps, actor=self.caller)
        return self.detail_response(self.get_object(), status.HTTP_201_CREATED)


# --- Instruments -------------------------------------------------------------------------------


def instruments_of(program: Program) -> QuerySet[Instrument]:
    """The shipped instruments and the program's own, with their items."""
    return instruments_for_program(program).prefetch_related(
        Prefetch("items", queryset=InstrumentItem.objects.order_by("position"))
    )


@extend_schema_view(
    list=reads(
        "Observation instruments: the shipped ones and the program's own (every member)",
        InstrumentSerializer,
    ),
)
class InstrumentViewSet(mixins.ListModelMixin, ProgramScopedViewSet):
    """Rubrics, checklists and question sets, with their items and levels. Levels, items and
    descriptors carry verification marks: anything not V is shown "to verify"."""

    serializer_class = InstrumentSerializer
    queryset = Instrument.objects.none()

    def get_queryset(self) -> QuerySet[Instrument]:
        return instruments_of(self.program).order_by("name", "pk")


# --- A visit's instruments and observations ----------------------------------------------------


class VisitFieldworkActions(VisitScopedViewSet):
    # A visit's instrument answers and its accompaniment observations, read by those with
    # private access to the visit (the mentee gets 403): actions of VisitViewSet
    # (acompana.visits.apis).

    service_error_fields = {"instruments": "answers", "observation_reply": "reply"}

    def instrument(self) -> Instrument:
        # A program's own instrument wins over a shipped one with the same slug.
        found = (
            instruments_of(self.program)
            .filter(slug=self.kwargs["slug"])
            .annotate(
                shipped=Case(
                    When(program=None, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("shipped")
            .first()
        )
        if found is None:
            raise Http404
        return found

    def instrument_response(
        self, visit: Visit, access: VisitAccess, instrument: Instrument
    ) -> Response:
        answers = ItemAnswer.objects.filter(
            response__visit=visit, response__instrument=instrument
        ).order_by("item__position")
        body = {"instrument": instrument, "answers": list(answers), "can_write": access.write}
        return Response(VisitInstrumentSerializer(body).data)

    @reads(
        "An instrument with the visit's answers (mentor, their specialist, coordinators)",
        VisitInstrumentSerializer,
        VISIT_ID,
        INSTRUMENT_SLUG,
        methods=["GET"],
    )
    @writes(
        "Save the visit's answers to an instrument (the mentor)",
        VisitInstrumentSerializer,
        VISIT_ID,
        INSTRUMENT_SLUG,
        request=InstrumentAnswersSerializer,
        description="The answers given replace every saved answer of the visit to this "
        "instrument. A level must be one of the instrument's levels.",
        methods=["PUT"],
    )
    @action(
        detail=True,
        methods=["get", "put"],
        url_path=r"instruments/(?P<slug>[-\w]+)",
        url_name="instrument",
    )
    def instruments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            visit, access = self.visit(private=True)
            return self.instrument_response(visit, access, self.instrument())
        visit, access = self.visit(write=True)
        instrument = self.instrument()
        data = self.validated(InstrumentAnswersSerializer)
        answers: dict[int, dict[str, Any]] = {}
        for answer in data["answers"]:
            item = answer.pop("item")
            if item in answers:
                raise serializers.ValidationError({"answers": [f"Item {item} is answered twice."]})
            answers[item] = answer
        instrument_response_save(
            visit=visit, instrument=instrument, answers=answers, actor=self.caller
        )
        return self.instrument_response(visit, access, instrument)

    @reads(
        "The specialist's observations of the visit (mentor, their specialist, coordinators)",
        ObservationSerializer(many=True),
        VISIT_ID,
        methods=["GET"],
    )
    @writes(
        "Record an observation of the visit (a specialist who accompanies the mentor)",
        ObservationSerializer,
        VISIT_ID,
        request=ObservationWriteSerializer,
        code=201,
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def observations(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            visit, _access = self.visit(private=True)
            rows = visit.observations.select_related("specialist").order_by("-created_at", "-pk")
            return Response(ObservationSerializer(rows, many=True).data)
        visit, access = self.visit()
        if not access.observe:
            raise PermissionDenied
        data = self.validated(ObservationWriteSerializer)
        texts = {name: data.get(name, "") for name in OBSERVATION_TEXTS}
        observation = services.observation_record(visit=visit, specialist=self.caller, **texts)
        return Response(ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)

    @writes(
        "Answer an observation of the visit (the mentor)",
        ObservationSerializer,
        VISIT_ID,
        OBSERVATION_ID,
        request=ObservationReplySerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"observations/(?P<observation_id>[^/.]+)/reply",
        url_name="observation-reply",
    )
    def observation_reply(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit, _access = self.visit(write=True)
        observation = (
            AccompanimentObservation.objects.filter(
                visit=visit, pk=id_or_404(self.kwargs["observation_id"])
            )
            .select_related("specialist", "visit__program")
            .first()
        )
        if observation is None:
            raise Http404
        data = self.validated(ObservationReplySerializer)
        observation = services.observation_reply(
            observation=observation, text=data["reply"], actor=self.caller
        )
        return Response(ObservationSerializer(observation).data)


# --- Diagnoses ---------------------------------------------------------------------------------


class MenteeDiagnosisViewSet(ProgramScopedViewSet):
    """A mentee's starting diagnoses: strengths and needs by competency of the program's
    framework. Whoever may see the mentee reads them; their current mentor records them."""

    queryset = MenteeProfile.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    @reads(
        "The mentee's diagnoses, latest first (whoever may see the mentee)",
        DiagnosisSerializer(many=True),
        MENTEE_CODE,
        methods=["GET"],
    )
    @writes(
        "Record a diagnosis (the mentee's current mentor)",
        DiagnosisSerializer,
        MENTEE_CODE,
        request=DiagnosisWriteSerializer,
        code=201,
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def diagnoses(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        mentee = get_mentee_for_user(user=self.caller, program=program, code=self.kwargs["code"])
        if request.method == "GET":
            rows = (
                Diagnosis.objects.filter(mentee=mentee)
                .select_related("mentor__user")
                .prefetch_related("strengths", "needs")
                .order_by("-made_on", "-pk")
            )
            return Response(DiagnosisSerializer(rows, many=True).data)
        mentor = MentorProfile.objects.filter(program=program, user=self.caller).first()
        if (
            mentor is None
            or not active_partnerships(program=program)
            .filter(mentor=mentor, mentee=mentee)
            .exists()
        ):
            raise PermissionDenied
        data = self.validated(DiagnosisWriteSerializer)
        competencies = {c.code: c for c in program_competencies(program)}
        chosen: dict[str, list[Competency]] = {}
        problems: dict[str, list[str]] = {}
        for field in ("strengths", "needs"):
            unknown = [code for code in data[field] if code not in competencies]
            if unknown:
                problems[field] = [
                    f"Not a competency of the program's framework: {', '.join(unknown)}."
                ]
            chosen[field] = [
                competencies[c] for c in dict.fromkeys(data[field]) if c not in unknown
            ]
        if problems:
            raise serializers.ValidationError(problems)
        diagnosis = services.diagnosis_record(
            mentee=mentee,
            mentor=mentor,
            made_on=data["made_on"],
            strengths=chosen["strengths"],
            needs=chosen["needs"],
            summary=data["summary"],
            actor=self.caller,
        )
        diagnosis = (
            Diagnosis.objects.select_related("mentor__user")
            .prefetch_related("strengths", "needs")
            .get(pk=diagnosis.pk)
        )
        return Response(DiagnosisSerializer(diagnosis).data, status=status.HTTP_201_CREATED)
