"""Reads for self-assessments, through the rules of ``permissions``."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth.chart import ChangeChart, Stage, Strand, change_rows
from acompana.growth.models import Moment, SelfAssessment, StrandEvidence, StrandRating
from acompana.growth.permissions import (
    GrowthAccess,
    access_for,
    require_growth_role,
    visible_mentees_q,
)
from acompana.people.models import MenteeProfile
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Visit

AUDIENCE_OF_POSITION: dict[str, str] = {
    MenteeProfile.Position.TEACHER: Framework.Audience.TEACHERS,
    MenteeProfile.Position.COORDINATOR: Framework.Audience.TEACHERS,
}


def frameworks_with_stages(*, audience: str | None = None) -> QuerySet[Framework]:
    """Frameworks that define career stages (optionally for one audience), by name."""
    qs = Framework.objects.filter(career_stages__isnull=False).distinct().order_by("name")
    if audience:
        qs = qs.filter(audience=audience)
    return qs


def framework_for(*, program: Program, mentee: MenteeProfile) -> Framework | None:
    """The framework a mentee assesses themself against by default: the program's framework
    when it has career stages and suits the mentee's position (teachers: a teachers'
    framework; principals and assistant principals: a school leaders' one), else the first
    framework with stages for that audience."""
    audience = AUDIENCE_OF_POSITION.get(mentee.position, Framework.Audience.PRINCIPALS)
    candidates = frameworks_with_stages(audience=audience)
    if program.framework_id and candidates.filter(pk=program.framework_id).exists():
        return candidates.get(pk=program.framework_id)
    return candidates.first()


def mentee_profile_of(*, user: Any, program: Program) -> MenteeProfile | None:
    return MenteeProfile.objects.filter(program=program, user=user).first()


def latest_only(qs: QuerySet[SelfAssessment]) -> QuerySet[SelfAssessment]:
    """Only the newest version of each (mentee, cycle, moment)."""
    newer = SelfAssessment.objects.filter(
        mentee=OuterRef("mentee"),
        cohort=OuterRef("cohort"),
        moment=OuterRef("moment"),
        version__gt=OuterRef("version"),
    )
    return qs.filter(~Exists(newer))


def assessment_list_for_user(
    *, user: Any, program: Program, cohort: Cohort | None = None
) -> QuerySet[SelfAssessment]:
    """The newest version of every self-assessment ``user`` may read, by cycle, mentee code
    and moment (start first)."""
    roles = require_growth_role(user, program)
    qs = SelfAssessment.objects.filter(program=program).filter(
        visible_mentees_q(user=user, program=program, roles=roles)
    )
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return (
        latest_only(qs)
        .select_related("mentee__user", "mentee__school", "cohort", "framework")
        .order_by("-cohort__year", "cohort__name", "mentee__code", "-moment", "pk")
    )


def get_assessment_for_user(
    *, user: Any, program: Program, pk: int
) -> tuple[SelfAssessment, GrowthAccess]:
    """The self-assessment and what ``user`` may do with it (404 when they may not read it)."""
    roles = require_growth_role(user, program)
    assessment = (
        SelfAssessment.objects.filter(program=program, pk=pk)
        .select_related("mentee__user", "cohort", "framework", "submitted_by")
        .first()
    )
    if assessment is None:
        raise Http404
    access = access_for(user=user, program=program, roles=roles, mentee=assessment.mentee)
    if not access.read:
        raise Http404
    return assessment, access


def is_latest(assessment: SelfAssessment) -> bool:
    return not SelfAssessment.objects.filter(
        mentee=assessment.mentee_id,
        cohort=assessment.cohort_id,
        moment=assessment.moment,
        version__gt=assessment.version,
    ).exists()


def versions_of(assessment: SelfAssessment) -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.filter(
        mentee=assessment.mentee_id, cohort=assessment.cohort_id, moment=assessment.moment
    ).order_by("-version")


def stages_of(framework: Framework) -> list[CareerStage]:
    return list(CareerStage.objects.filter(framework=framework).order_by("position", "pk"))


def strands_of(framework: Framework) -> list[Competency]:
    """The framework's strands (competencies) in order, with their domain and indicators."""
    return list(
        Competency.objects.filter(domain__framework=framework)
        .select_related("domain")
        .prefetch_related("stage_indicators__stage")
        .order_by("domain__position", "domain__code", "position", "code")
    )


def ratings_of(assessment: SelfAssessment) -> dict[int, StrandRating]:
    return {r.competency_id: r for r in StrandRating.objects.filter(assessment=assessment)}


def submitted_for(
    *, mentee_id: int, cohort_id: int, moment: str, framework_id: int
) -> SelfAssessment | None:
    """The newest submitted version of one moment of a mentee's cycle (with that framework)."""
    return (
        SelfAssessment.objects.filter(
            mentee_id=mentee_id,
            cohort_id=cohort_id,
            moment=moment,
            framework_id=framework_id,
            submitted_at__isnull=False,
        )
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class Cycle:
    """The submitted start and end of a mentee's cycle and the chart between them."""

    start: SelfAssessment | None
    end: SelfAssessment | None
    chart: ChangeChart


def cycle_of(assessment: SelfAssessment) -> Cycle:
    """The change chart of the cycle ``assessment`` belongs to, from the newest submitted
    start and end (a draft never counts)."""
    keys = {
        "mentee_id": assessment.mentee_id,
        "cohort_id": assessment.cohort_id,
        "framework_id": assessment.framework_id,
    }
    start = submitted_for(moment=Moment.START, **keys)
    end = submitted_for(moment=Moment.END, **keys)
    ratings: dict[int, dict[int, int | None]] = {}
    chosen = [a.pk for a in (start, end) if a is not None]
    for rating in StrandRating.objects.filter(assessment_id__in=chosen):
        ratings.setdefault(rating.assessment_id, {})[rating.competency_id] = rating.stage_id
    stages = [
        Stage(id=s.pk, position=s.position, label=s.display_name)
        for s in stages_of(assessment.framework)
    ]
    strands = [
        Strand(
            id=c.pk,
            code=c.code,
            label=c.display_name,
            domain_code=c.domain.code,
            domain_label=c.domain.display_name,
        )
        for c in Competency.objects.filter(domain__framework_id=assessment.framework_id)
        .select_related("domain")
        .order_by("domain__position", "domain__code", "position", "code")
    ]
    chart = change_rows(
        strands=strands,
        stages=stages,
        start=ratings.get(start.pk, {}) if start else {},
        end=ratings.get(end.pk, {}) if end else {},
    )
    return Cycle(start=start, end=end, chart=chart)


def evidence_of(assessment: SelfAssessment) -> QuerySet[StrandEvidence]:
    return (
        StrandEvidence.objects.filter(mentee=assessment.mentee_id, cohort=assessment.cohort_id)
        .select_related("author", "visit", "competency")
        .order_by("competency__domain__position", "competency__position", "created_at", "pk")
    )


def visit_choices(assessment: SelfAssessment) -> QuerySet[Visit]:
    """The mentee's visits in the program, newest first, that evidence may point at."""
    return Visit.objects.filter(
        program=assessment.program_id, mentee=assessment.mentee_id
    ).order_by("-scheduled_at")


def cohorts_of(*, program: Program) -> QuerySet[Cohort]:
    return Cohort.objects.filter(program=program).order_by("-year", "name")


def ratings_prefetch() -> Prefetch:
    return Prefetch("ratings", queryset=StrandRating.objects.select_related("stage"))
