"""Matching over the API: configure and start a run, follow its progress, review the proposed
pairs (explanation, lock, exclude, swap), publish them, and read the partnerships that result.

The endpoints call the services and permission-checked selectors the matching pages use; the
rules are theirs (DESIGN.md §1): only the program's coordinators see or change matching, other
members get 403, people outside the program 404. A run executes in the background: starting
one answers 202 with the queued run, whose ``status``, ``progress`` and ``stage`` a client polls
until the status is ``done`` (or ``failed``). Once published, a run can no longer be changed:
editing it answers 400.
"""

from functools import cached_property
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import READ_ERRORS, WRITE_ERRORS, NamedChoiceField, errors
from acompana.common.ids import id_or_404
from acompana.matching import services
from acompana.matching.models import MUST, Criterion, MatchProposal, MatchRun
from acompana.matching.selectors import (
    get_proposal_for_user,
    get_run_for_user,
    initial_criteria,
    proposal_ids,
    proposals_by_id,
    proposals_of_run,
    review_totals,
    run_list_for_user,
)
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

COORDINATORS = (Role.COORDINATOR,)
DEFAULT_MAX_KM = 60

# --- Fields ------------------------------------------------------------------------------------

WEIGHT_SCHEMA = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "maximum": 10},
        {"type": "string", "enum": [MUST]},
    ],
    "description": 'A weight from 0 to 10, or "must" for a hard constraint.',
}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": WEIGHT_SCHEMA,
        "description": "Weights by criterion: "
        + ", ".join(f"{value} ({label})" for value, label in Criterion.choices)
        + ".",
    }
)
class CriteriaField(serializers.DictField):
    """Weights by criterion; the service checks names and values."""


def run_kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(component="MatchRunKind", choices=MatchRun.Kind.choices, **kwargs)


def run_objective_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(
        component="MatchRunObjective", choices=MatchRun.Objective.choices, **kwargs
    )


# --- Representations ---------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    """A mentor, mentee or novice mentor: code and name."""

    code = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, profile: MentorProfile | MenteeProfile) -> str:
        return profile.user.get_full_name()


class UnmatchedSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)


class MatchRunSerializer(serializers.ModelSerializer[MatchRun]):
    kind = run_kind_field(read_only=True)
    objective = run_objective_field(read_only=True)
    status = NamedChoiceField(
        component="MatchRunStatus", choices=MatchRun.Status.choices, read_only=True
    )
    criteria = CriteriaField(read_only=True)
    options = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="max_km (longest travel for in-person visits) and, if set, candidates.",
    )
    progress = serializers.IntegerField(read_only=True, help_text="0 to 100.")
    stage = serializers.CharField(read_only=True, help_text="What the worker is doing now.")
    summary = serializers.DictField(
        read_only=True,
        help_text="Counts of the run as the solver produced it (matched, unmatched, pairs, "
        "candidates, kept, total_score, min_score, seconds), adjusted when pairs are excluded "
        "by hand; review: the proposals' totals as they stand (see runs/{id}/summary/); "
        "publication: once publishing, the partnerships created and ended and the emails sent.",
    )
    unmatched = UnmatchedSerializer(many=True, read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "cohort",
            "kind",
            "objective",
            "criteria",
            "options",
            "status",
            "progress",
            "stage",
            "error",
            "summary",
            "unmatched",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer[MatchProposal]):
    mentor = PersonSerializer(read_only=True, help_text="The mentor, or the buddy.")
    person = PersonSerializer(
        read_only=True, help_text="The mentee, or the novice mentor in a buddies run."
    )
    locked = serializers.BooleanField(
        read_only=True, help_text="Kept by later runs of the cohort; cannot be swapped."
    )
    kept = serializers.BooleanField(
        read_only=True, help_text="Already an active partnership, kept by the run."
    )

    class Meta:
        model = MatchProposal
        fields = ["id", "mentor", "person", "score", "locked", "kept"]
        read_only_fields = fields


class ExplanationRowSerializer(serializers.Serializer):
    """What one criterion contributed to a pair's score."""

    criterion = serializers.CharField(read_only=True)
    title = serializers.SerializerMethodField(help_text="The criterion in the reader's language.")
    value = serializers.FloatField(
        read_only=True, allow_null=True, help_text="How well the pair meets it, 0 to 1."
    )
    weight = serializers.SerializerMethodField()
    contribution = serializers.FloatField(read_only=True)
    passed = serializers.BooleanField(read_only=True, help_text="False breaks a hard constraint.")

    def get_title(self, row: dict[str, Any]) -> str:
        labels = dict(Criterion.choices)
        return str(labels.get(row["criterion"], row["criterion"]))

    @extend_schema_field(WEIGHT_SCHEMA)
    def get_weight(self, row: dict[str, Any]) -> int | str:
        return cast(int | str, row["weight"])


class ProposalDetailSerializer(ProposalSerializer):
    """A pair with its explanation, criterion by criterion; the contributions add up to the
    score."""

    explanation = ExplanationRowSerializer(many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "explanation"]
        read_only_fields = fields


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    mentor = PersonSerializer(read_only=True)
    mentee = PersonSerializer(read_only=True)

    class Meta:
        model = Partnership
        fields = ["id", "cohort", "mentor", "mentee", "started_on", "paused_since"]
        read_only_fields = fields


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    weight = serializers.SerializerMethodField(help_text="The suggested weight.")

    @extend_schema_field(WEIGHT_SCHEMA)
    def get_weight(self, row: dict[str, Any]) -> int | str:
        return cast(int | str, row["weight"])


class MatchingSettingsSerializer(serializers.Serializer):
    """What a new run of the cohort starts from: the weights of its last run of this kind, or
    the defaults, and the default options."""

    cohort = serializers.IntegerField(read_only=True)
    kind = run_kind_field(read_only=True)
    objectives = serializers.ListField(
        child=run_objective_field(), read_only=True, help_text="The objectives to choose from."
    )
    criteria = CriterionSerializer(many=True, read_only=True)
    max_km = serializers.IntegerField(read_only=True)


# --- Requests ----------------------------------------------------------------------------------


class SettingsQuerySerializer(serializers.Serializer):
    cohort = serializers.IntegerField(help_text="A cohort id of the program.")
    kind = run_kind_field(required=False, default=MatchRun.Kind.MENTEES)


class RunStartSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(help_text="A cohort id of the program.")
    kind = run_kind_field(required=False, default=MatchRun.Kind.MENTEES)
    objective = run_objective_field(required=False, default=MatchRun.Objective.TOTAL)
    criteria = CriteriaField(
        required=False,
        help_text="Weights by criterion. Left out: the cohort's last weights, else the defaults.",
    )
    max_km = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        default=DEFAULT_MAX_KM,
        help_text="Longest travel for in-person visits (km).",
    )
    candidates = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        allow_null=True,
        help_text="Candidates per mentee: the best among the mentors of their region (among "
        "everyone when it has too few). Left out: every allowed pair, or 100 per mentee beyond "
        "5 million pairs.",
    )


class LockSerializer(serializers.Serializer):
    locked = serializers.BooleanField(
        default=True, help_text="true locks the pair (kept by later runs); false unlocks it."
    )


class SwapSerializer(serializers.Serializer):
    proposals = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=2,
        help_text="Two proposal ids of the run whose mentors are exchanged.",
    )


class ProposalFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(
        required=False, min_value=1, help_text="A region id: the pairs of its mentees."
    )
    mentor = serializers.CharField(
        required=False, max_length=40, help_text="A mentor code: that mentor's pairs."
    )


class RegionTotalSerializer(serializers.Serializer):
    region = serializers.CharField(allow_null=True, help_text="null: people without a region.")
    pairs = serializers.IntegerField()
    mean = serializers.FloatField(help_text="Mean score of the region's pairs.")
    low = serializers.FloatField(help_text="Lowest score of the region's pairs.")


class ReasonCountSerializer(serializers.Serializer):
    reason = serializers.CharField()
    people = serializers.IntegerField()


class RunSummarySerializer(serializers.Serializer):
    """A run's proposals as they stand (after swaps and exclusions), aggregated."""

    matched = serializers.IntegerField()
    total_score = serializers.FloatField()
    min_score = serializers.FloatField(allow_null=True)
    score_counts = serializers.ListField(
        child=serializers.IntegerField(), help_text="Pairs per tenth of the score, 0-0.1 first."
    )
    mentors = serializers.IntegerField(help_text="Mentors with at least one pair.")
    mentors_full = serializers.IntegerField(help_text="Mentors whose pairs reach capacity.")
    mean_load = serializers.FloatField(help_text="Mean pairs per mentor with pairs.")
    regions = RegionTotalSerializer(many=True)
    unmatched_reasons = ReasonCountSerializer(many=True, help_text="Most frequent first.")


class PartnershipFilterSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(required=False, min_value=1, help_text="A cohort id.")


# --- Helpers -----------------------------------------------------------------------------------

RUN_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="A run.")
PROPOSAL_ID = OpenApiParameter(
    "proposal_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="A pair of the run."
)


class MatchingViewSet(ProgramScopedViewSet):
    """Coordinators only, as on the matching pages."""

    @cached_property
    def program(self) -> Program:
        # Outsiders get 404, members who are not coordinators 403.
        return get_program_for_user(
            user=self.caller, slug=self.kwargs["program_slug"], roles=COORDINATORS
        )


# --- Runs --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Match runs of the program, latest first (coordinators)",
        responses={200: MatchRunSerializer, **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One run: status, progress and results (coordinators)",
        description="Poll this while the run is queued or running; ``progress`` goes from 0 "
        "to 100 and ``stage`` says what the worker is doing.",
        parameters=[RUN_ID],
        responses={200: MatchRunSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Start a run (coordinators)",
        description="The run is queued for the background worker; the answer is the queued "
        "run. Locked and excluded pairs of the cohort, conflicts of interest and active "
        "partnerships are taken into account.",
        request=RunStartSerializer,
        responses={202: MatchRunSerializer, **WRITE_ERRORS},
    ),
)
class MatchRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MatchingViewSet):
    serializer_class = MatchRunSerializer
    queryset = MatchRun.objects.none()

    def get_queryset(self) -> QuerySet[MatchRun]:
        return run_list_for_user(user=self.caller, program=self.program)

    def get_object(self) -> MatchRun:
        return self.run()

    def run(self) -> MatchRun:
        return get_run_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        data = self.validated(RunStartSerializer)
        cohort = program.cohorts.filter(pk=data["cohort"]).first()
        if cohort is None:
            raise serializers.ValidationError({"cohort": ["No cohort of this program."]})
        criteria = data.get("criteria")
        if criteria is None:
            criteria = initial_criteria(cohort=cohort, kind=data["kind"])
        options = {"max_km": data["max_km"]}
        if data.get("candidates"):
            options["candidates"] = data["candidates"]
        run = services.match_run_start(
            program=program,
            cohort=cohort,
            kind=data["kind"],
            objective=data["objective"],
            criteria=criteria,
            options=options,
            actor=self.caller,
        )
        return Response(MatchRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="What a new run starts from: suggested weights and options (coordinators)",
        parameters=[SettingsQuerySerializer],
        responses={200: MatchingSettingsSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=False, methods=["get"], url_path="settings", pagination_class=None)
    def matching_settings(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        query = self.validated_query(SettingsQuerySerializer)
        cohort = program.cohorts.filter(pk=query["cohort"]).first()
        if cohort is None:
            raise serializers.ValidationError({"cohort": ["No cohort of this program."]})
        weights = initial_criteria(cohort=cohort, kind=query["kind"])
        body = {
            "cohort": cohort.pk,
            "kind": query["kind"],
            "objectives": MatchRun.Objective.values,
            "criteria": [
                {"criterion": value, "title": str(label), "weight": weights.get(value, 0)}
                for value, label in Criterion.choices
            ],
            "max_km": DEFAULT_MAX_KM,
        }
        return Response(MatchingSettingsSerializer(body).data)

    @extend_schema(
        summary="The proposed pairs of a run, by mentor, a page at a time (coordinators)",
        parameters=[RUN_ID, ProposalFilterSerializer],
        responses={200: ProposalSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get"])
    def proposals(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = self.validated_query(ProposalFilterSerializer)
        run = self.run()
        ids = self.paginate_queryset(proposal_ids(run=run, **filters))
        assert ids is not None  # the API always paginates
        rows = proposals_by_id(run=run, ids=ids)
        return self.get_paginated_response(ProposalSerializer(rows, many=True).data)

    @extend_schema(
        summary="A run's pairs summed up: scores, mentor loads, regions, unmatched reasons "
        "(coordinators)",
        parameters=[RUN_ID],
        responses={200: RunSummarySerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def summary(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        totals = review_totals(run=self.run())
        body = {
            **totals.__dict__,
            "unmatched_reasons": [
                {"reason": reason, "people": n} for reason, n in totals.unmatched_reasons
            ],
        }
        return Response(RunSummarySerializer(body).data)

    def proposal(self) -> MatchProposal:
        return get_proposal_for_user(
            user=self.caller,
            program=self.program,
            run_pk=id_or_404(self.kwargs["pk"]),
            pk=id_or_404(self.kwargs["proposal_id"]),
        )

    @extend_schema(
        summary="One pair with its explanation, criterion by criterion (coordinators)",
        parameters=[RUN_ID, PROPOSAL_ID],
        responses={200: ProposalDetailSerializer, **READ_ERRORS},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"proposals/(?P<proposal_id>[^/.]+)",
        url_name="proposal",
    )
    def proposal_detail(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ProposalDetailSerializer(self.proposal()).data)

    @extend_schema(
        summary="Lock or unlock a pair (coordinators)",
        description="A locked pair is kept by later runs of the cohort and cannot be swapped.",
        parameters=[RUN_ID, PROPOSAL_ID],
        request=LockSerializer,
        responses={200: ProposalDetailSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"proposals/(?P<proposal_id>[^/.]+)/lock",
        url_name="proposal-lock",
    )
    def proposal_lock(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.proposal()
        data = self.validated(LockSerializer)
        proposal = services.proposal_lock(
            proposal=proposal, locked=data["locked"], actor=self.caller
        )
        return Response(ProposalDetailSerializer(proposal).data)

    @extend_schema(
        summary="Exclude a pair: its mentee becomes unmatched and the pair is never proposed "
        "again for the cohort (coordinators)",
        parameters=[RUN_ID, PROPOSAL_ID],
        request=None,
        responses={200: MatchRunSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"proposals/(?P<proposal_id>[^/.]+)/exclude",
        url_name="proposal-exclude",
    )
    def proposal_exclude(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.proposal()
        services.proposal_exclude(proposal=proposal, actor=self.caller)
        return Response(MatchRunSerializer(self.run()).data)

    @extend_schema(
        summary="Swap the mentors of two pairs of the run, re-scoring both (coordinators)",
        parameters=[RUN_ID],
        request=SwapSerializer,
        responses={200: ProposalDetailSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def swap(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run = self.run()
        data = self.validated(SwapSerializer)
        pairs = {p.pk: p for p in proposals_of_run(run=run).filter(pk__in=data["proposals"])}
        if any(pk not in pairs for pk in data["proposals"]):
            raise serializers.ValidationError({"proposals": ["Not a pair of this run."]})
        first, second = (pairs[pk] for pk in data["proposals"])
        services.proposals_swap(first=first, second=second, actor=self.caller)
        rows = proposals_of_run(run=run).filter(pk__in=[first.pk, second.pk])
        return Response(ProposalDetailSerializer(rows, many=True).data)

    @extend_schema(
        summary="Publish the run: its pairs become partnerships (coordinators)",
        description="The publication is queued for the background worker; the answer is the run, "
        "``publishing``, whose ``progress`` and ``stage`` a client polls until it is "
        "``published`` (``summary.publication`` then counts the partnerships created and "
        "ended and the emails sent). Pairs already active are left alone; a mentee whose "
        "mentor changed has the old partnership ended today. Mentors and mentees are "
        "notified by email.",
        parameters=[RUN_ID],
        request=None,
        responses={202: MatchRunSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.match_run_publish(run=self.run(), actor=self.caller)
        return Response(MatchRunSerializer(self.run()).data, status=status.HTTP_202_ACCEPTED)


# --- Partnerships ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Active partnerships of the program (coordinators)",
        parameters=[PartnershipFilterSerializer],
        responses={200: PartnershipSerializer, **errors(400, 401, 403, 404)},
    ),
)
class PartnershipViewSet(mixins.ListModelMixin, MatchingViewSet):
    """Who accompanies whom now: what published runs (and changes since) have made."""

    serializer_class = PartnershipSerializer
    queryset = Partnership.objects.none()

    def get_queryset(self) -> QuerySet[Partnership]:
        return (
            active_partnerships(program=self.program)
            .select_related("mentor__user", "mentee__user")
            .order_by("mentor__code", "mentee__code", "pk")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cohort = self.validated_query(PartnershipFilterSerializer).get("cohort")
        return queryset.filter(cohort_id=cohort) if cohort else queryset
