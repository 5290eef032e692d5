"""Who sees which calls and applications, and how applications are scored and ranked.

Coordinators see every call and application of their program. Any signed-in person may apply
to a call, and a candidate sees only their own application (a 404 for anyone else's).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import has_role, require_role
from acompana.programs import locale
from acompana.programs.models import Program
from acompana.selection.models import Application, Call, Review
from acompana.selection.rubric_json import rubric_from_json
from acompana_core.rubrics import Combined, Rubric, RubricScore, Value, combine, rank, score


def call_rubric(call: Call) -> Rubric:
    return rubric_from_json(call.rubric)


def documentary_values(*, rubric: Rubric, application: Application) -> dict[str, Value]:
    """The values of the documentary criteria, from the application's profile fields."""
    values: dict[str, Value] = {
        "degree": application.highest_degree or None,
        "teaching_years": float(application.teaching_years),
        "management_years": float(application.management_years),
        "accompaniment": application.accompaniment_experience,
        "technical_assistance": application.technical_assistance,
        "mentoring_programs": float(application.programs_served),
    }
    return {code: value for code, value in values.items() if code in rubric.codes}


def panel_codes(rubric: Rubric) -> list[str]:
    return [c.code for c in rubric.criteria if c.kind == "panel"]


def application_score(
    *, rubric: Rubric, application: Application, reviews: list[Review]
) -> Combined:
    """The documentary criteria plus each reviewer's panel scores, combined over reviewers
    (disagreements flagged). Without reviews the panel criteria are missing."""
    documentary = documentary_values(rubric=rubric, application=application)
    panel = set(panel_codes(rubric))
    scores: list[RubricScore] = [
        score(
            rubric,
            {
                **documentary,
                **{k: v for k, v in review.scores.items() if k in panel and v is not None},
            },
        )
        for review in reviews
    ] or [score(rubric, documentary)]
    return combine(scores)


@dataclass(frozen=True)
class RankedApplication:
    rank: int
    application: Application
    result: Combined

    @property
    def no_management_experience(self) -> bool:
        return not self.application.has_management_experience


def call_ranking(*, call: Call) -> list[RankedApplication]:
    """Every application of the call, best total first (ties share a rank)."""
    rubric = call_rubric(call)
    applications = {
        a.pk: a
        for a in call.applications.select_related("candidate").prefetch_related(
            Prefetch("reviews", queryset=Review.objects.order_by("pk"))
        )
    }
    results = {
        pk: application_score(rubric=rubric, application=a, reviews=list(a.reviews.all()))
        for pk, a in applications.items()
    }
    return [
        RankedApplication(line.rank, applications[line.id], results[line.id])
        for line in rank(results)
    ]


def is_coordinator(user: Any, program: Program) -> bool:
    return has_role(user, program, Role.COORDINATOR)


def program_by_slug(*, slug: str) -> Program:
    """The program, for pages open to anyone signed in (applying to a call)."""
    program = get_object_or_404(Program, slug=slug)
    locale.apply(program)
    return program


def get_call_for_user(*, user: Any, program: Program, pk: int, manage: bool = True) -> Call:
    """A call of the program: for its coordinators when ``manage`` (404 for outsiders, 403
    for other members), for anyone signed in otherwise (applying)."""
    if manage:
        require_role(user, program, [Role.COORDINATOR])
    return get_object_or_404(
        Call.objects.select_related("cohort", "program"), program=program, pk=pk
    )


def call_state(call: Call) -> str:
    """``upcoming``, ``open`` or ``closed``, by today's date in the site's time zone."""
    today = timezone.localdate()
    if today < call.opens_on:
        return "upcoming"
    return "open" if today <= call.closes_on else "closed"


def get_public_call(*, slug: str, pk: int) -> Call:
    """A call anyone may read, signed in or not, once it has opened (open or closed): the
    candidates are not yet members of the program. Calls not yet open are 404."""
    return get_object_or_404(
        Call.objects.select_related("cohort", "program"),
        program__slug=slug,
        pk=pk,
        opens_on__lte=timezone.localdate(),
    )


def calls_open_for_candidate(*, user: Any) -> QuerySet[Call]:
    """Open calls of every program where ``user`` is not a mentor yet and has not applied."""
    today = timezone.localdate()
    return (
        Call.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .exclude(
            program__in=Membership.objects.filter(user=user, role=Role.MENTOR).values("program")
        )
        .exclude(pk__in=Application.objects.filter(candidate=user).values("call"))
        .select_related("program", "cohort")
        .order_by("closes_on", "pk")
    )


def applications_of_candidate(*, user: Any) -> QuerySet[Application]:
    """The candidate's own applications, newest first, with their status."""
    return (
        Application.objects.filter(candidate=user)
        .select_related("call__program")
        .order_by("-created_at", "-pk")
    )


def call_list_for_user(*, user: Any, program: Program) -> QuerySet[Call]:
    require_role(user, program, [Role.COORDINATOR])
    return Call.objects.filter(program=program).select_related("cohort").order_by("-opens_on")


def get_application_for_user(
    *, user: Any, program: Program, pk: int, manage: bool = False
) -> Application:
    """The application if the user is a coordinator or its candidate (404 otherwise);
    403 if ``manage`` (review, decide) and the user is not a coordinator."""
    qs = Application.objects.filter(call__program=program).select_related(
        "call__cohort", "candidate", "decided_by"
    )
    coordinator = is_coordinator(user, program)
    if not coordinator:
        qs = qs.filter(candidate=user)
    application = get_object_or_404(qs, pk=pk)
    if manage and not coordinator:
        raise PermissionDenied
    return application


# Rubric editing -----------------------------------------------------------------------------

# The documentary criteria read one profile field each (``documentary_values``): their codes
# are fixed and so is the kind of scale that fits the field.
DOCUMENTARY_KINDS: dict[str, str] = {
    "degree": "choice",
    "teaching_years": "bands",
    "management_years": "bands",
    "accompaniment": "boolean",
    "technical_assistance": "boolean",
    "mentoring_programs": "bands",
}


def call_reviewed_codes(call: Call) -> set[str]:
    """The panel criterion codes some reviewer of the call has scored."""
    codes: set[str] = set()
    for scores in Review.objects.filter(application__call=call).values_list("scores", flat=True):
        codes.update(scores or {})
    return codes


def call_has_decisions(call: Call) -> bool:
    return call.applications.exclude(status=Application.Status.SUBMITTED).exists()


# The coordinators' list of applications -----------------------------------------------------


def application_list_for_user(*, user: Any, program: Program) -> QuerySet[Application]:
    """Every application to the program's calls, for its coordinators (403/404 otherwise)."""
    require_role(user, program, [Role.COORDINATOR])
    return (
        Application.objects.filter(call__program=program)
        .select_related("call__cohort", "candidate")
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            review_count=Count("reviews", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def application_search(
    qs: QuerySet[Application],
    *,
    status: str = "",
    cohort: int | None = None,
    call: int | None = None,
    no_management: bool = False,
    q: str = "",
) -> QuerySet[Application]:
    """Narrow a list of applications: by status, cohort, call, candidates without management
    experience (the study's emergent category) and a name or email search."""
    if status:
        qs = qs.filter(status=status)
    if cohort:
        qs = qs.filter(call__cohort_id=cohort)
    if call:
        qs = qs.filter(call_id=call)
    if no_management:
        qs = qs.filter(management_years__lte=0)
    for word in q.split():
        qs = qs.filter(
            Q(candidate__first_name__icontains=word)
            | Q(candidate__last_name__icontains=word)
            | Q(candidate__email__icontains=word)
        )
    return qs
