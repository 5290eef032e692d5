"""Forming circles over the API (coordinators only, as on the pages; other members of the
program 403, outsiders 404): start a run, follow it, read the proposed circles with their
explanations, move and lock teachers, choose mentors, re-run keeping the locks, publish.

Edits carry the run's ``version``; a stale one answers 409 with the run as it is now.
"""

from functools import cached_property
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import READ_ERRORS, WRITE_ERRORS, conflict
from acompana.circles import forming
from acompana.circles.forming_models import (
    FormingAttribute,
    FormingMode,
    FormingRun,
    Placement,
    ProposedCircle,
)
from acompana.circles.models import Kind
from acompana.common.ids import MAX_ID, id_or_404
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

RUN_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="A run.")


class FormingCriterionSerializer(serializers.Serializer):
    attribute = serializers.ChoiceField(choices=FormingAttribute.choices)
    mode = serializers.ChoiceField(choices=FormingMode.choices)
    weight = serializers.IntegerField(min_value=0, max_value=10)


class FormingRunSerializer(serializers.ModelSerializer[FormingRun]):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=FormingRun.Status.choices, read_only=True)
    criteria = FormingCriterionSerializer(many=True, read_only=True)
    apart = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        read_only=True,
        help_text="Pairs of mentee ids never placed in the same circle.",
    )
    summary = serializers.DictField(
        read_only=True,
        help_text="teachers, circles, unplaced, objective (lower is better), passes, seconds.",
    )

    class Meta:
        model = FormingRun
        fields = [
            "id",
            "cohort",
            "kind",
            "min_size",
            "max_size",
            "criteria",
            "apart",
            "seed",
            "status",
            "progress",
            "stage",
            "error",
            "summary",
            "version",
            "previous",
            "created_at",
            "published_at",
        ]
        read_only_fields = fields


class FormingPlacementSerializer(serializers.ModelSerializer[Placement]):
    mentee = serializers.IntegerField(source="mentee_id", read_only=True)
    code = serializers.CharField(source="mentee.code", read_only=True)
    name = serializers.CharField(source="mentee.user.get_full_name", read_only=True)
    explanation = serializers.DictField(
        read_only=True,
        help_text="alike: grouped attribute -> [value, mentee ids sharing it]; mixed: balanced "
        "attribute -> {other value: mentee ids}; closest: [mentee id, philosophy cosine]; "
        "locks.",
    )

    class Meta:
        model = Placement
        fields = ["mentee", "code", "name", "locked", "explanation"]
        read_only_fields = fields


class ProposedCircleSerializer(serializers.ModelSerializer[ProposedCircle]):
    members = FormingPlacementSerializer(source="placements", many=True, read_only=True)
    explanation = serializers.DictField(
        read_only=True,
        help_text="common: shared values of grouped attributes; mixes: counts by value of "
        "balanced attributes; philosophy: mean cosine; locks.",
    )

    class Meta:
        model = ProposedCircle
        fields = ["number", "mentor", "explanation", "circle", "members"]
        read_only_fields = fields


class FormingRunStartSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=Kind.choices)
    min_size = serializers.IntegerField(min_value=1, max_value=10)
    max_size = serializers.IntegerField(min_value=1, max_value=10)
    criteria = serializers.ListField(
        child=FormingCriterionSerializer(),
        required=False,
        max_length=len(FormingAttribute.values),
        help_text="Left out: group by subject and grade level, balance career stage and school.",
    )
    apart = serializers.ListField(
        child=serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
            min_length=2,
            max_length=2,
        ),
        required=False,
        max_length=forming.MAX_APART,
        help_text="Pairs of mentee ids of the cohort never placed in the same circle.",
    )
    seed = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)


class FormingVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, required=False, help_text="The run's version the edit starts from."
    )


class FormingMoveSerializer(FormingVersionSerializer):
    mentee = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    circle = serializers.IntegerField(
        min_value=1, max_value=10_000, allow_null=True, help_text="A circle number; null: out."
    )


class FormingLockSerializer(FormingVersionSerializer):
    mentee = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    locked = serializers.BooleanField(default=True)


class FormingApartSerializer(FormingVersionSerializer):
    mentees = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=2,
        max_length=2,
        help_text="Two mentee ids of the run.",
    )
    apart = serializers.BooleanField(
        default=True, help_text="true keeps them apart in re-runs; false stops it."
    )


class FormingMentorSerializer(FormingVersionSerializer):
    circle = serializers.IntegerField(min_value=1, max_value=10_000)
    mentor = serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True)


CONFLICT = conflict("FormingRun", FormingRunSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="Circle forming runs of the program, latest first (coordinators)",
        responses={200: FormingRunSerializer, **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One forming run: status, progress and summary (coordinators)",
        parameters=[RUN_ID],
        responses={200: FormingRunSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Start a forming run for a cohort (coordinators)",
        description="Cohorts of up to 200 teachers are formed at once (status ``done`` or "
        "``failed``); larger ones are queued for the worker: poll the run.",
        request=FormingRunStartSerializer,
        responses={202: FormingRunSerializer, **WRITE_ERRORS},
    ),
)
class FormingRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
    serializer_class = FormingRunSerializer
    queryset = FormingRun.objects.none()

    @cached_property
    def program(self) -> Program:
        return get_program_for_user(
            user=self.caller, slug=self.kwargs["program_slug"], roles=(Role.COORDINATOR,)
        )

    def get_queryset(self) -> Any:
        return forming.runs_of_program(program=self.program)

    def get_object(self) -> FormingRun:
        return self.run()

    def run(self) -> FormingRun:
        return forming.get_run_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def conflict_representation(self, current: Any) -> Any:
        return FormingRunSerializer(self.run()).data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program  # outsiders get 404 before the body is read
        data = self.validated(FormingRunStartSerializer)
        cohort = one_of(program.cohorts, "cohort", "No cohort of this program.", pk=data["cohort"])
        run = forming.forming_run_start(
            program=self.program,
            cohort=cohort,
            kind=data["kind"],
            min_size=data["min_size"],
            max_size=data["max_size"],
            criteria=[dict(c) for c in data.get("criteria") or forming.DEFAULT_CRITERIA],
            apart=data.get("apart", []),
            seed=data["seed"],
            actor=self.caller,
        )
        return Response(FormingRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="The proposed circles of a run with members and explanations (coordinators)",
        parameters=[RUN_ID],
        responses={200: ProposedCircleSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def circles(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            ProposedCircleSerializer(forming.run_circles(run=self.run()), many=True).data
        )

    def _placement(self, run: FormingRun, mentee: int) -> Placement:
        return one_of(run.placements, "mentee", "Not a teacher of this run.", mentee_id=mentee)

    @extend_schema(
        summary="Move a teacher to another circle of the run, or out (coordinators)",
        description="The teacher is locked where moved, so a re-run keeps them there.",
        parameters=[RUN_ID],
        request=FormingMoveSerializer,
        responses={200: FormingRunSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run, data = self.run(), self.validated(FormingMoveSerializer)
        to = None
        if data["circle"] is not None:
            to = one_of(
                run.proposed, "circle", "No such circle in this run.", number=data["circle"]
            )
        forming.placement_move(
            placement=self._placement(run, data["mentee"]),
            to=to,
            expected_version=data.get("version"),
            actor=self.caller,
        )
        return Response(FormingRunSerializer(self.run()).data)

    @extend_schema(
        summary="Lock or unlock a teacher in their circle (coordinators)",
        parameters=[RUN_ID],
        request=FormingLockSerializer,
        responses={200: FormingRunSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run, data = self.run(), self.validated(FormingLockSerializer)
        forming.placement_lock(
            placement=self._placement(run, data["mentee"]),
            locked=data["locked"],
            expected_version=data.get("version"),
            actor=self.caller,
        )
        return Response(FormingRunSerializer(self.run()).data)

    @extend_schema(
        summary="Choose the mentor of a proposed mentoring circle (coordinators)",
        parameters=[RUN_ID],
        request=FormingMentorSerializer,
        responses={200: FormingRunSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def mentor(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run, data = self.run(), self.validated(FormingMentorSerializer)
        proposed = one_of(
            run.proposed, "circle", "No such circle in this run.", number=data["circle"]
        )
        mentor = None
        if data["mentor"] is not None:
            mentor = one_of(
                forming.cohort_mentors(run=run),
                "mentor",
                "Not a mentor of the cohort.",
                pk=data["mentor"],
            )
        forming.proposed_mentor_set(
            proposed=proposed,
            mentor=mentor,
            expected_version=data.get("version"),
            actor=self.caller,
        )
        return Response(FormingRunSerializer(self.run()).data)

    @extend_schema(
        summary="Keep two teachers apart in the re-runs of this run, or stop (coordinators)",
        description="Nothing moves now: a re-run never puts them in the same circle.",
        parameters=[RUN_ID],
        request=FormingApartSerializer,
        responses={200: FormingRunSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def apart(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run, data = self.run(), self.validated(FormingApartSerializer)
        first, second = (self._placement(run, m).mentee for m in data["mentees"])
        forming.apart_set(
            run=run,
            first=first,
            second=second,
            apart=data["apart"],
            expected_version=data.get("version"),
            actor=self.caller,
        )
        return Response(FormingRunSerializer(self.run()).data)

    @extend_schema(
        summary="Run again with the same settings, keeping locked teachers (coordinators)",
        parameters=[RUN_ID],
        request=None,
        responses={202: FormingRunSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def rerun(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run = forming.forming_run_rerun(run=self.run(), actor=self.caller)
        return Response(FormingRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Publish the run: each proposed circle becomes an active circle (coordinators)",
        description="All or nothing: refused while a circle is outside the size bounds or a "
        "mentoring circle has no mentor. Members and mentors are emailed.",
        parameters=[RUN_ID],
        request=FormingVersionSerializer,
        responses={200: FormingRunSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(FormingVersionSerializer)
        forming.forming_run_publish(
            run=self.run(), expected_version=data.get("version"), actor=self.caller
        )
        return Response(FormingRunSerializer(self.run()).data)
