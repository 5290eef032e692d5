"""Field work over the API: visits, the private field notebook, the reflective dialogue and
commitments.

Every endpoint reads through ``get_visit_for_user`` / ``visit_list_for_user`` and writes through
one service of ``acompana.visits.services``; serializers only shape data. What a caller may see
of a visit follows DESIGN.md §1:

* coordinators, the visit's mentor and the specialist who accompanies that mentor read
  everything (``access.private``); only the visit's mentor writes (``access.write``);
* the visit's mentee reads the time, mode, place and status, the dialogue summary once the
  mentor has shared it, and the commitments; the notebook and the dialogue endpoints answer
  them with 403, so no field of either ever reaches them;
* trainers and researchers get 403; people outside the program, or who may not see a visit,
  get 404.

Notebook and dialogue are edited with optimistic versions: a PUT carries the ``version`` the
client loaded; if someone saved since, the answer is 409 with the saved text in
``error.current`` so that the client can merge, and nothing is overwritten.
"""

import datetime
from collections.abc import Iterable
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
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

from acompana.api.base import FILTERS, ProgramScopedViewSet, one_of
from acompana.api.schema import WRITE_ERRORS, conflict, errors, reads, writes
from acompana.common.choices import MeetingMode
from acompana.common.ids import MAX_ID, id_or_404
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import mentee_list_for_user
from acompana.visits import services
from acompana.visits.models import (
    Commitment,
    Dialogue,
    FieldNote,
    Round,
    StatusChange,
    Visit,
)
from acompana.visits.selectors import (
    VisitAccess,
    get_visit_for_user,
    open_commitments_of_pair,
    visit_list_for_user,
)

# --- Choice fields (their enum names: SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) ----------


def visit_status_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Visit.Status.choices, **kwargs)


def visit_mode_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=MeetingMode.choices, **kwargs)


def reason_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=StatusChange.Reason.choices, **kwargs)


def commitment_status_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Commitment.Status.choices, **kwargs)


def commitment_owner_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Commitment.Owner.choices, **kwargs)


# --- Representations -------------------------------------------------------------------------


class VisitPersonSerializer(serializers.Serializer):
    """The mentor or the mentee of a visit: code and name."""

    code = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, profile: MentorProfile | MenteeProfile) -> str:
        return profile.user.get_full_name()


class VisitRoundSerializer(serializers.ModelSerializer[Round]):
    class Meta:
        model = Round
        fields = ["id", "name"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer[Visit]):
    """What every caller who sees a visit may read of it: when, how, where and its status."""

    mentor = VisitPersonSerializer(read_only=True)
    mentee = VisitPersonSerializer(read_only=True)
    round = VisitRoundSerializer(read_only=True, allow_null=True)
    mode = visit_mode_field(read_only=True)
    status = visit_status_field(read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "scheduled_at",
            "duration_minutes",
            "mode",
            "place",
            "status",
            "mentor",
            "mentee",
            "round",
        ]
        read_only_fields = fields


class VisitAccessSerializer(serializers.Serializer):
    write = serializers.BooleanField(
        read_only=True, help_text="The caller is the visit's mentor and may change it."
    )
    private = serializers.BooleanField(
        read_only=True, help_text="The caller may read the field notebook and the whole dialogue."
    )
    mentee = serializers.BooleanField(read_only=True, help_text="The caller is the visit's mentee.")


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    owner = commitment_owner_field(read_only=True)
    status = commitment_status_field(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "visit",
            "text",
            "owner",
            "due_on",
            "status",
            "closed_at",
            "followed_up_in",
            "created_at",
        ]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    from_status = visit_status_field(read_only=True)
    to_status = visit_status_field(read_only=True)
    reason = reason_field(read_only=True, allow_blank=True)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "reason", "note", "at"]
        read_only_fields = fields


class VisitDetailSerializer(VisitSerializer):
    """A visit with what the caller may read of it: the mentee gets the shared summary and the
    commitments; the notebook and the whole dialogue have their own endpoints."""

    # The view passes in the context what it has fetched and decided: ``access``, ``dialogue``,
    # ``commitments``, ``earlier_commitments`` and ``status_changes`` (None unless private).

    access = serializers.SerializerMethodField()
    shared_summary = serializers.SerializerMethodField(
        help_text="The dialogue summary the mentor has shared with the mentee; null until then."
    )
    shared_at = serializers.SerializerMethodField()
    commitments = serializers.SerializerMethodField(help_text="Agreed in this visit.")
    earlier_commitments = serializers.SerializerMethodField(
        help_text="The pair's commitments from earlier visits still open, to follow up."
    )
    status_changes = serializers.SerializerMethodField(
        help_text="The history of the visit's status; null unless access.private."
    )

    class Meta(VisitSerializer.Meta):
        fields = [
            *VisitSerializer.Meta.fields,
            "access",
            "shared_summary",
            "shared_at",
            "commitments",
            "earlier_commitments",
            "status_changes",
        ]
        read_only_fields = fields

    def _shared(self) -> Dialogue | None:
        dialogue: Dialogue | None = self.context["dialogue"]
        return dialogue if dialogue is not None and dialogue.shared_at else None

    @extend_schema_field(VisitAccessSerializer)
    def get_access(self, visit: Visit) -> dict[str, Any]:
        return dict(VisitAccessSerializer(self.context["access"]).data)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_shared_summary(self, visit: Visit) -> str | None:
        shared = self._shared()
        return shared.summary if shared else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_shared_at(self, visit: Visit) -> str | None:
        shared = self._shared()
        if shared is None or shared.shared_at is None:
            return None
        return serializers.DateTimeField().to_representation(shared.shared_at)

    @extend_schema_field(CommitmentSerializer(many=True))
    def get_commitments(self, visit: Visit) -> Any:
        return CommitmentSerializer(self.context["commitments"], many=True).data

    @extend_schema_field(CommitmentSerializer(many=True))
    def get_earlier_commitments(self, visit: Visit) -> Any:
        return CommitmentSerializer(self.context["earlier_commitments"], many=True).data

    @extend_schema_field(serializers.ListField(child=StatusChangeSerializer(), allow_null=True))
    def get_status_changes(self, visit: Visit) -> Any:
        changes = self.context["status_changes"]
        return None if changes is None else StatusChangeSerializer(changes, many=True).data


# The private texts of a visit (the notebook, the dialogue): as saved, and as sent to be saved
# (the sections given, and the version they were loaded at). No docstrings here: the schema
# would give them to every text's component.
class _SavedText(serializers.ModelSerializer[Any]):
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null until first saved."
    )


class _TextWrite(serializers.ModelSerializer[Any]):
    version = serializers.IntegerField(
        max_value=MAX_ID,
        min_value=0,
        help_text="The version the text was loaded at (0 before the first save).",
    )


def _optional(names: Iterable[str]) -> dict[str, dict[str, bool]]:
    return {name: {"required": False} for name in names}


class NotebookSerializer(_SavedText):
    """The mentor's private field-notebook entry of a visit."""

    class Meta:
        model = FieldNote
        fields = [*services.NOTE_FIELDS, "version", "updated_at"]
        read_only_fields = fields


class NotebookWriteSerializer(_TextWrite):
    class Meta:
        model = FieldNote
        fields = [*services.NOTE_FIELDS, "version"]
        extra_kwargs = _optional(services.NOTE_FIELDS)


class DialogueSerializer(_SavedText):
    """The whole reflective dialogue of a visit; the mentee only ever reads its shared
    summary, in the visit itself."""

    class Meta:
        model = Dialogue
        fields = [*services.DIALOGUE_FIELDS, "shared_at", "version", "updated_at"]
        read_only_fields = fields


class DialogueWriteSerializer(_TextWrite):
    class Meta:
        model = Dialogue
        fields = [*services.DIALOGUE_FIELDS, "version"]
        extra_kwargs = _optional(services.DIALOGUE_FIELDS)


def text_save_schema(summary: str, name: str, read: Any, write: Any) -> Any:
    """The schema of a PUT of a private text (``name``: its component's and its own name): a
    stale version gets 409 with what is saved."""
    return writes(
        summary,
        read,
        VISIT_ID,
        request=write,
        errors={**WRITE_ERRORS, **conflict(name, read)},
        description="Sections left out keep their saved text. A stale `version` gets 409 with "
        f"the saved {name.lower()} in `error.current`; nothing is overwritten.",
        methods=["PUT"],
    )


# --- Requests ----------------------------------------------------------------------------------


class VisitFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Visit.Status.choices, label="status", help_text="Only visits with this status."
    )
    to = django_filters.DateFilter(
        method="scheduled_to",
        help_text="Visits scheduled on or before this day (program time zone).",
    )
    mentee = django_filters.CharFilter(field_name="mentee__code", help_text="The mentee's code.")
    # "from" is a Python keyword, so it cannot be declared as a class attribute.
    locals()["from"] = django_filters.DateFilter(
        method="scheduled_from",
        help_text="Visits scheduled on or after this day (program time zone).",
    )

    class Meta:
        model = Visit
        fields: list[str] = []

    def scheduled_from(self, queryset: QuerySet[Visit], name: str, day: Any) -> QuerySet[Visit]:
        return queryset.filter(scheduled_at__gte=start_of_day(day))

    def scheduled_to(self, queryset: QuerySet[Visit], name: str, day: Any) -> QuerySet[Visit]:
        return queryset.filter(scheduled_at__lt=start_of_day(day + datetime.timedelta(days=1)))


class VisitScheduleSerializer(serializers.Serializer):
    mentee = serializers.CharField(help_text="The code of one of the caller's current mentees.")
    scheduled_at = serializers.DateTimeField(
        help_text="Without an offset, the time is read in the program's time zone."
    )
    mode = visit_mode_field()
    place = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    duration_minutes = serializers.IntegerField(
        required=False, min_value=5, max_value=600, default=90
    )
    round = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A round id of the program.",
    )


class VisitStatusSerializer(serializers.Serializer):
    status = visit_status_field()
    reason = reason_field(
        required=False, help_text="Needed when the visit is cancelled or rescheduled."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    new_time = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Needed when rescheduling."
    )


class DialogueShareSerializer(serializers.Serializer):
    shared = serializers.BooleanField(
        help_text="True shows the summary to the mentee (it must not be empty); false hides it."
    )


class CommitmentWriteSerializer(serializers.ModelSerializer[Commitment]):
    owner = commitment_owner_field(required=False, default=Commitment.Owner.MENTEE)

    class Meta:
        model = Commitment
        fields = ["text", "owner", "due_on"]


class CommitmentStatusSerializer(serializers.Serializer):
    status = commitment_status_field()


# --- Schema pieces -----------------------------------------------------------------------------

VISIT_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="A visit.")
COMMITMENT_ID = OpenApiParameter(
    "commitment_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="A commitment of the visit's mentor and mentee (of this or an earlier visit).",
)


# --- Helpers -----------------------------------------------------------------------------------


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Endpoints ---------------------------------------------------------------------------------


class VisitScopedViewSet(ProgramScopedViewSet):
    # What the actions on one visit share (here and in .fieldwork).

    def visit(self, *, write: bool = False, private: bool = False) -> tuple[Visit, VisitAccess]:
        """The visit of the URL: 404 if the caller may not see it, 403 if ``write`` and they
        may only read it, or if ``private`` and they may not read the private parts."""
        visit, access = get_visit_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), write=write
        )
        if private and not access.private:
            raise PermissionDenied
        return visit, access


@extend_schema_view(
    list=reads("Visits the caller may see", VisitSerializer, errors=errors(400, 401, 403, 404)),
    retrieve=reads(
        "One visit, as much of it as the caller may see", VisitDetailSerializer, VISIT_ID
    ),
    create=writes(
        "Schedule a visit (the mentor)",
        VisitDetailSerializer,
        request=VisitScheduleSerializer,
        code=201,
    ),
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisitScopedViewSet):
    """Visits of a program. Coordinators see every visit, mentors their own, specialists those
    of the mentors they accompany and mentees theirs (time, mode, place, status, the shared
    summary and the commitments); trainers and researchers get 403."""

    serializer_class = VisitSerializer
    queryset = Visit.objects.none()
    filter_backends = FILTERS
    filterset_class = VisitFilter

    # -- reading through the permission-checked selectors --

    def get_queryset(self) -> QuerySet[Visit]:
        return (
            visit_list_for_user(user=self.caller, program=self.program)
            .select_related("mentor__user", "mentee__user", "round")
            .order_by("-scheduled_at", "-pk")
        )

    def detail_response(self, visit: Visit, access: VisitAccess, code: int = 200) -> Response:
        context = {
            **self.get_serializer_context(),
            "access": access,
            "dialogue": Dialogue.objects.filter(visit=visit).first(),
            "commitments": list(visit.commitments.all()),
            "earlier_commitments": list(open_commitments_of_pair(visit=visit)),
            "status_changes": list(visit.status_changes.all()) if access.private else None,
        }
        return Response(VisitDetailSerializer(visit, context=context).data, status=code)

    # -- visits --

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.detail_response(*self.visit())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        mentor = MentorProfile.objects.filter(program=program, user=self.caller).first()
        if mentor is None:
            raise PermissionDenied
        data = self.validated(VisitScheduleSerializer)
        # Looked up among the mentees the caller may see, so that the answer does not tell
        # whether a code exists elsewhere in the program.
        mentee = (
            mentee_list_for_user(user=self.caller, program=program)
            .filter(code=data["mentee"])
            .first()
        )
        if mentee is None:
            raise serializers.ValidationError({"mentee": ["None of your mentees has this code."]})
        round_ = None
        if data["round"] is not None:
            round_ = one_of(program.rounds, "round", "No round of this program.", pk=data["round"])
        visit = services.visit_schedule(
            mentor=mentor,
            mentee=mentee,
            scheduled_at=data["scheduled_at"],
            mode=data["mode"],
            place=data["place"],
            round=round_,
            duration_minutes=data["duration_minutes"],
            actor=self.caller,
        )
        visit, access = get_visit_for_user(user=self.caller, program=program, pk=visit.pk)
        return self.detail_response(visit, access, status.HTTP_201_CREATED)

    @writes(
        "Mark a visit done, cancelled or rescheduled (the mentor)",
        VisitDetailSerializer,
        VISIT_ID,
        request=VisitStatusSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit, access = self.visit(write=True)
        data = self.validated(VisitStatusSerializer)
        visit = services.visit_status_change(
            visit=visit,
            status=data["status"],
            reason=data.get("reason", ""),
            note=data["note"],
            new_time=data["new_time"],
            actor=self.caller,
        )
        return self.detail_response(visit, access)

    # -- the private notebook --

    @reads(
        "The visit's field notebook (mentor, their specialist, coordinators)",
        NotebookSerializer,
        VISIT_ID,
        methods=["GET"],
    )
    @text_save_schema(
        "Save the field notebook (the mentor)",
        "Notebook",
        NotebookSerializer,
        NotebookWriteSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def notebook(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.versioned_text(
            request,
            FieldNote,
            NotebookSerializer,
            NotebookWriteSerializer,
            services.field_note_save,
        )

    def versioned_text(
        self, request: Request, model: Any, read: Any, write: Any, save: Any
    ) -> Response:
        """GET the private text of a visit, or PUT it with a version check (409 on conflict)."""
        if request.method == "GET":
            visit, _access = self.visit(private=True)
            record = model.objects.filter(visit=visit).first() or model(visit=visit)
            return Response(read(record).data)
        visit, _access = self.visit(write=True)
        data = self.validated(write)
        version = data.pop("version")
        # On services.StaleVersion, the 409 shows ``current`` as ``read`` shapes it.
        self.conflict_serializer = read
        record = save(visit=visit, data=data, base_version=version, actor=self.caller)
        return Response(read(record).data)

    def conflict_representation(self, current: Any) -> Any:
        return self.conflict_serializer(current).data

    # -- the reflective dialogue --

    @reads(
        "The visit's whole reflective dialogue (mentor, their specialist, coordinators)",
        DialogueSerializer,
        VISIT_ID,
        description="The mentee gets 403: they read the shared summary in the visit itself.",
        methods=["GET"],
    )
    @text_save_schema(
        "Save the reflective dialogue (the mentor)",
        "Dialogue",
        DialogueSerializer,
        DialogueWriteSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def dialogue(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.versioned_text(
            request, Dialogue, DialogueSerializer, DialogueWriteSerializer, services.dialogue_save
        )

    @writes(
        "Share the dialogue summary with the mentee, or stop sharing it (the mentor)",
        DialogueSerializer,
        VISIT_ID,
        request=DialogueShareSerializer,
    )
    @action(detail=True, methods=["post"], url_path="dialogue/share", url_name="dialogue-share")
    def dialogue_share(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit, _access = self.visit(write=True)
        data = self.validated(DialogueShareSerializer)
        dialogue = services.dialogue_share(visit=visit, shared=data["shared"], actor=self.caller)
        return Response(DialogueSerializer(dialogue).data)

    # -- commitments --

    @reads(
        "Commitments agreed in the visit (also its mentee)",
        CommitmentSerializer(many=True),
        VISIT_ID,
        methods=["GET"],
    )
    @writes(
        "Add a commitment to the visit (the mentor)",
        CommitmentSerializer,
        VISIT_ID,
        request=CommitmentWriteSerializer,
        code=201,
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def commitments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            visit, _access = self.visit()
            return Response(CommitmentSerializer(visit.commitments.all(), many=True).data)
        visit, _access = self.visit(write=True)
        data = self.validated(CommitmentWriteSerializer)
        commitment = services.commitment_add(
            visit=visit,
            text=data["text"],
            owner=data["owner"],
            due_on=data.get("due_on"),
            actor=self.caller,
        )
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)

    @writes(
        "Close, drop or reopen a commitment, followed up in this visit (the mentor)",
        CommitmentSerializer,
        VISIT_ID,
        COMMITMENT_ID,
        request=CommitmentStatusSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"commitments/(?P<commitment_id>[^/.]+)/status",
        url_name="commitment-status",
    )
    def commitment_status(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit, _access = self.visit(write=True)
        commitment = Commitment.objects.filter(
            pk=id_or_404(self.kwargs["commitment_id"]), mentor=visit.mentor, mentee=visit.mentee
        ).first()
        if commitment is None:
            raise Http404
        data = self.validated(CommitmentStatusSerializer)
        commitment = services.commitment_set_status(
            commitment=commitment, status=data["status"], in_visit=visit, actor=self.caller
        )
        return Response(CommitmentSerializer(commitment).data)
