"""Who may see which profiles. Every list and detail page and endpoint reads through here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.people.models import MenteeProfile, MentorProfile, Partnership, SpecialistAssignment
from acompana.programs.models import Cohort, Program, School

NOVICE_MAX_PROGRAMS = 1


def _active(prefix: str = "", on: date | None = None) -> Q:
    today = on or timezone.localdate()
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})


def active_partnerships(*, program: Program) -> QuerySet[Partnership]:
    return Partnership.objects.filter(_active(), program=program)


def mentees_waiting(qs: QuerySet[MenteeProfile]) -> QuerySet[MenteeProfile]:
    """Mentees "waiting": active, in a cohort, and without a current partnership (paused ones
    count as current). These are the mentees the next matching run proposes."""
    current = Exists(Partnership.objects.filter(_active(), mentee=OuterRef("pk")))
    in_a_cohort = Exists(MenteeProfile.cohorts.through.objects.filter(menteeprofile=OuterRef("pk")))
    # EXISTS rather than a join: no duplicate to remove with DISTINCT over every column; NOT
    # EXISTS rather than NOT IN: probes the index on the partnership's mentee row by row
    # (a capped count stops early) instead of hashing every current partnership first
    return qs.filter(in_a_cohort, ~current, active=True)


def mentee_waiting_count(*, program: Program) -> int:
    return mentees_waiting(MenteeProfile.objects.filter(program=program)).count()


def mentees_waiting_by_cohort(*, program: Program) -> list[tuple[Any, int]]:
    """(cohort, number of its mentees waiting) for each cohort of ``program`` with some."""
    counts: dict[int, int] = {}
    rows = mentees_waiting(MenteeProfile.objects.filter(program=program)).values_list(
        "pk", "cohorts"
    )
    for _pk, cohort_id in rows:
        counts[cohort_id] = counts.get(cohort_id, 0) + 1
    return [(c, counts[c.pk]) for c in program.cohorts.order_by("year", "name") if c.pk in counts]


def mentor_list_for_user(*, user: Any, program: Program) -> QuerySet[MentorProfile]:
    """Coordinators and trainers see every mentor; specialists the mentors they accompany;
    mentors themselves; mentees their current mentors. Researchers use the research module."""
    roles = require_member(user, program)
    qs = MentorProfile.objects.filter(program=program)
    if roles & {Role.COORDINATOR, Role.TRAINER}:
        return qs
    visible = Q(pk__in=[])
    if Role.SPECIALIST in roles:
        visible |= Q(
            pk__in=SpecialistAssignment.objects.filter(specialist=user).values("mentor_id")
        )
    if Role.MENTOR in roles:
        visible |= Q(user=user)
    if Role.MENTEE in roles:
        visible |= Q(
            pk__in=active_partnerships(program=program)
            .filter(mentee__user=user)
            .values("mentor_id")
        )
    if not roles & {Role.SPECIALIST, Role.MENTOR, Role.MENTEE}:
        raise PermissionDenied
    return qs.filter(visible)


def mentee_list_for_user(*, user: Any, program: Program) -> QuerySet[MenteeProfile]:
    """Coordinators see every mentee; mentors their current mentees; specialists the mentees of
    the mentors they accompany; mentees themselves."""
    roles = require_member(user, program)
    qs = MenteeProfile.objects.filter(program=program)
    if Role.COORDINATOR in roles:
        return qs
    if not roles & {Role.MENTOR, Role.SPECIALIST, Role.MENTEE}:
        raise PermissionDenied
    partnerships = active_partnerships(program=program)
    visible = Q(pk__in=[])
    if Role.MENTOR in roles:
        visible |= Q(pk__in=partnerships.filter(mentor__user=user).values("mentee_id"))
    if Role.SPECIALIST in roles:
        visible |= Q(
            pk__in=partnerships.filter(mentor__specialist_assignments__specialist=user).values(
                "mentee_id"
            )
        )
    if Role.MENTEE in roles:
        visible |= Q(user=user)
    return qs.filter(visible)


def _text_filter(q: str, *, with_email: bool, extra: tuple[str, ...] = ()) -> Q:
    """Search by code and names; by email only for those who may see emails (coordinators),
    so that nobody else can probe whether an address belongs to someone."""
    fields = ("code", "user__first_name", "user__last_name", *extra)
    if with_email:
        fields += ("user__email",)
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": q})
    return condition


def mentor_search(
    qs: QuerySet[MentorProfile],
    *,
    q: str = "",
    with_email: bool = False,
    region: int | None = None,
    cohort: int | None = None,
    experience: str = "",
) -> QuerySet[MentorProfile]:
    """Filter mentors by text (code, name, email), region, cohort and experience."""
    if q:
        qs = qs.filter(_text_filter(q, with_email=with_email))
    if region:
        qs = qs.filter(region_id=region)
    if cohort:
        in_cohort = MentorProfile.cohorts.through.objects.filter(cohort_id=cohort)
        qs = qs.filter(pk__in=in_cohort.values("mentorprofile_id"))
    if experience in {"novice", "experienced"}:
        # as of the cohort filtered on, else as of this year (the one definition below)
        year: int | Subquery = timezone.localdate().year
        if cohort:
            year = Subquery(Cohort.objects.filter(pk=cohort).values("year")[:1])
        qs = qs.alias(served=programs_served_in_year(year))
        if experience == "novice":
            qs = qs.filter(served__lte=NOVICE_MAX_PROGRAMS)
        else:
            qs = qs.filter(served__gt=NOVICE_MAX_PROGRAMS)
    elif experience == "management":
        qs = qs.filter(management_years__gt=Decimal(0))
    elif experience == "no_management":
        qs = qs.filter(management_years=Decimal(0))
    # (filters are subqueries and forward joins: no duplicates, so no DISTINCT over the rows)
    return qs.select_related("user", "region").order_by("code")


def mentee_search(
    qs: QuerySet[MenteeProfile],
    *,
    q: str = "",
    with_email: bool = False,
    region: int | None = None,
    cohort: int | None = None,
    position: str = "",
    waiting: bool = False,
) -> QuerySet[MenteeProfile]:
    if waiting:
        qs = mentees_waiting(qs)
    if q:
        qs = qs.filter(
            _text_filter(q, with_email=with_email, extra=("school__name", "school__code"))
        )
    if region:
        qs = qs.filter(region_id=region)
    if cohort:
        in_cohort = MenteeProfile.cohorts.through.objects.filter(cohort_id=cohort)
        qs = qs.filter(pk__in=in_cohort.values("menteeprofile_id"))
    if position:
        qs = qs.filter(position=position)
    return qs.select_related("user", "region", "school").order_by("code")


def get_mentor_for_user(*, user: Any, program: Program, code: str) -> MentorProfile:
    qs = mentor_list_for_user(user=user, program=program).select_related("user", "region")
    return get_object_or_404(qs.prefetch_related("cohorts", "strengths"), code=code)


def get_mentee_for_user(*, user: Any, program: Program, code: str) -> MenteeProfile:
    qs = mentee_list_for_user(user=user, program=program).select_related("user", "region", "school")
    return get_object_or_404(qs.prefetch_related("cohorts", "needs"), code=code)


def partnerships_of_mentor(*, mentor: MentorProfile) -> QuerySet[Partnership]:
    return mentor.partnerships.filter(_active()).select_related("mentee__user", "mentee__school")


def partnerships_of_mentee(*, mentee: MenteeProfile) -> QuerySet[Partnership]:
    return mentee.partnerships.filter(_active()).select_related("mentor__user")


# --- Table 3 of the Peru study: one row per mentor, ready for a page, CSV or XLSX -------------


def report_years(value: Decimal | None) -> Decimal:
    """5.0 → 5, 2.5 → 2.5: years as the study writes them, kept a number so that a page writes
    it in the reader's language (2,5 in Spanish), a CSV as 2.5 and a spreadsheet as a number."""
    return Decimal(format(value.normalize(), "f")) if value else Decimal(0)


def report_yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def mentor_experience_mentors(*, program: Program) -> QuerySet[MentorProfile]:
    """The rows of Table 3: the program's active mentors by code."""
    return (
        MentorProfile.objects.filter(program=program, active=True)
        .select_related("user")
        .order_by("code")
    )


def latest_cohort(*, program: Program) -> Cohort | None:
    """The program's cohort of the latest year (any of that year: the programs served are the
    same in every cohort of a year), or None for a program without cohorts."""
    return program.cohorts.order_by("-year", "name").first()


def mentor_experience_table(
    *,
    program: Program,
    with_names: bool,
    mentors: Iterable[MentorProfile] | None = None,
    cohort: Cohort | None = None,
    declared: bool = False,
) -> tuple[list[str], list[list[Any]]]:
    """Table 3 of the Peru study for a program: one row per mentor, the study's columns (only
    the rows of ``mentors``, a page of ``mentor_experience_mentors``, if given). The mentoring
    programs are those served as of ``cohort`` (declared at entry + cohorts completed before
    its year), by default as of the program's latest cohort; with ``declared``, or in a program
    without cohorts, the numbers declared at entry."""
    if not declared and cohort is None:
        cohort = latest_cohort(program=program)
    if declared or cohort is None:
        cohort = None
        served_title = _("Mentoring programs declared at entry")
    else:
        served_title = _("Mentoring programs as of the %(cohort)s cohort") % {"cohort": cohort}
    header = [
        _("Code"),
        _("Highest degree"),
        _("Years teaching"),
        _("Years in management"),
        _("Training or accompaniment of teachers"),
        _("Technical assistance to principals"),
        served_title,
    ]
    if with_names:
        header.insert(1, _("Name"))
    rows = []
    if mentors is None:
        mentors = mentor_experience_mentors(program=program)
    mentors = list(mentors)
    served = {m.pk: m.programs_served for m in mentors}
    if cohort is not None:
        served = programs_served_in(cohort=cohort, mentor_ids=served)
    for mentor in mentors:
        row: list[Any] = [
            mentor.code,
            mentor.get_highest_degree_display(),
            report_years(mentor.teaching_years),
            report_years(mentor.management_years),
            report_yes_no(mentor.accompaniment_experience),
            report_yes_no(mentor.technical_assistance),
            served[mentor.pk],
        ]
        if with_names:
            row.insert(1, mentor.user.get_full_name())
        rows.append(row)
    return header, rows


def mentor_experience_for_user(
    *,
    user: Any,
    program: Program,
    mentors: Iterable[MentorProfile] | None = None,
    cohort: Cohort | None = None,
    declared: bool = False,
) -> tuple[list[str], list[list[Any]]]:
    """Coordinators see names; researchers see code names only (pseudonymous)."""
    roles = require_role(user, program, [Role.COORDINATOR, Role.RESEARCHER])
    return mentor_experience_table(
        program=program,
        with_names=Role.COORDINATOR in roles,
        mentors=mentors,
        cohort=cohort,
        declared=declared,
    )


@dataclass(frozen=True)
class OwnProfiles:
    """The ids of the user's own profiles in one program, and of the mentors they accompany
    as a specialist: what "my visits" and "my commitments" filter on, by column, instead of
    joining profiles to users (an OR across two joins that no index serves)."""

    mentor_ids: tuple[int, ...]
    mentee_ids: tuple[int, ...]
    accompanied_ids: tuple[int, ...]


def own_profiles(*, user: Any, program: Program) -> OwnProfiles:
    """The user's mentor and mentee profile ids in ``program`` and the mentors they accompany
    as a specialist, in one query, cached on the user object for the request."""
    cache: dict[int, OwnProfiles] = user.__dict__.setdefault("_acompana_own_profiles", {})
    if program.pk not in cache:
        cache[program.pk] = _own_profiles(user=user, program=program)
    return cache[program.pk]


def _own_profiles(*, user: Any, program: Program) -> OwnProfiles:
    rows = (
        MentorProfile.objects.filter(program=program, user=user)
        .annotate(kind=Value("mentor"))
        .order_by()
        .values_list("kind", "pk")
        .union(
            MenteeProfile.objects.filter(program=program, user=user)
            .annotate(kind=Value("mentee"))
            .order_by()
            .values_list("kind", "pk"),
            SpecialistAssignment.objects.filter(mentor__program=program, specialist=user)
            .annotate(kind=Value("specialist"))
            .order_by()
            .values_list("kind", "mentor_id"),
            all=True,
        )
    )
    ids: dict[str, list[int]] = {"mentor": [], "mentee": [], "specialist": []}
    for kind, pk in rows:
        ids[kind].append(pk)
    return OwnProfiles(tuple(ids["mentor"]), tuple(ids["mentee"]), tuple(ids["specialist"]))


def own_rows(*, user: Any, program: Program, roles: Iterable[str]) -> Q:
    """Rows (visits, commitments) whose ``mentor_id`` or ``mentee_id`` is one of the user's
    profiles in ``program`` as each of ``roles`` (mentor, mentee; a specialist: the mentors
    they accompany), by column rather than through the joins to users.

    A user has at most one mentor and one mentee profile per program, so each is a scalar
    subquery, which PostgreSQL runs once before the query (an InitPlan) and then compares as
    a value: the indexes on ``mentor_id`` and ``mentee_id`` serve it, an OR of both included,
    with no extra query. The mentors a specialist accompanies are an ``IN (subquery)``, a
    join on the indexed column when it stands alone; with other roles the ids are read first
    (``own_profiles``, one query), as an OR of subqueries has no index to use.
    """
    roles = set(roles)
    visible = Q(pk__in=[])
    if Role.SPECIALIST in roles and roles & {Role.MENTOR, Role.MENTEE}:
        own = own_profiles(user=user, program=program)
        if Role.MENTOR in roles:
            visible |= Q(mentor_id__in=own.mentor_ids)
        if Role.MENTEE in roles:
            visible |= Q(mentee_id__in=own.mentee_ids)
        return visible | Q(mentor_id__in=own.accompanied_ids)
    if Role.MENTOR in roles:
        mine = MentorProfile.objects.filter(program=program, user=user).values("pk")[:1]
        visible |= Q(mentor_id=Subquery(mine))
    if Role.MENTEE in roles:
        me = MenteeProfile.objects.filter(program=program, user=user).values("pk")[:1]
        visible |= Q(mentee_id=Subquery(me))
    if Role.SPECIALIST in roles:
        accompanied = SpecialistAssignment.objects.filter(
            mentor__program=program, specialist=user
        ).values("mentor_id")
        visible |= Q(mentor_id__in=accompanied)
    return visible


# --- Experience over time -----------------------------------------------------------------------
# A mentor's programs served in a cohort's year = the number declared at entry
# (``programs_served``, which never grows) + the cohorts of this program the mentor completed
# before that year. A cohort counts as completed before year Y when its year is earlier than Y
# and the mentor was one of its members or had a partnership in it (each cohort once). A mentor
# is a novice in a cohort while that number is at most NOVICE_MAX_PROGRAMS.


def _cohorts_completed_before(year: int | OuterRef | Subquery) -> Coalesce:
    """For a MentorProfile queryset: the number of cohorts of the mentor's program, of a year
    before ``year``, that the mentor was a member of or had a partnership in."""
    before = OuterRef(year) if isinstance(year, OuterRef) else year
    mentor = OuterRef(OuterRef("pk"))
    member = MentorProfile.cohorts.through.objects.filter(
        cohort_id=OuterRef("pk"), mentorprofile_id=mentor
    )
    partner = Partnership.objects.filter(cohort_id=OuterRef("pk"), mentor_id=mentor)
    completed = (
        Cohort.objects.filter(Exists(member) | Exists(partner), program_id=OuterRef("program_id"))
        .filter(year__lt=before)
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(completed, output_field=IntegerField()), Value(0))


def with_programs_served_in(
    qs: QuerySet[MentorProfile], *, cohort: Cohort
) -> QuerySet[MentorProfile]:
    """``qs`` annotated with ``served_in_cohort``: the programs each mentor had served in the
    year of ``cohort`` (declared at entry + cohorts completed before), in the same query."""
    return qs.annotate(served_in_cohort=_served_in(cohort))


def _served_in(cohort: Cohort) -> ExpressionWrapper:
    return programs_served_in_year(cohort.year)


def programs_served_in_year(year: int | OuterRef | Subquery) -> ExpressionWrapper:
    """For a MentorProfile queryset: the programs each mentor had served in ``year`` (a number,
    an ``OuterRef`` to the year of a cohort of the enclosing query, or a ``Subquery`` that
    reads a year without outer references)."""
    return ExpressionWrapper(
        F("programs_served") + _cohorts_completed_before(year),
        output_field=IntegerField(),
    )


def with_novice_in(qs: QuerySet[MentorProfile], *, cohort: Cohort) -> QuerySet[MentorProfile]:
    """``qs`` annotated with ``novice_in_cohort``: whether each mentor was a novice in
    ``cohort`` (for pages that list mentors with their experience), in the same query."""
    return qs.alias(served=_served_in(cohort)).annotate(
        novice_in_cohort=ExpressionWrapper(
            Q(served__lte=NOVICE_MAX_PROGRAMS), output_field=BooleanField()
        )
    )


def novices_in(
    *, cohort: Cohort, qs: QuerySet[MentorProfile] | None = None
) -> QuerySet[MentorProfile]:
    """The mentors of ``qs`` (default: the cohort's program) who were novices in ``cohort``."""
    if qs is None:
        qs = MentorProfile.objects.filter(program_id=cohort.program_id)
    return qs.alias(served=_served_in(cohort)).filter(served__lte=NOVICE_MAX_PROGRAMS)


def experienced_in(
    *, cohort: Cohort, qs: QuerySet[MentorProfile] | None = None
) -> QuerySet[MentorProfile]:
    """The mentors of ``qs`` (default: the cohort's program) who were experienced in ``cohort``."""
    if qs is None:
        qs = MentorProfile.objects.filter(program_id=cohort.program_id)
    return qs.alias(served=_served_in(cohort)).filter(served__gt=NOVICE_MAX_PROGRAMS)


def programs_served_in(
    *, cohort: Cohort, mentor_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Mentor id -> programs served in the year of ``cohort``, for the program's mentors (or
    those of ``mentor_ids``), in one query."""
    return _served_by_mentor(cohort.program_id, cohort.year, mentor_ids)


def _served_by_mentor(
    program_id: int, year: int, mentor_ids: Iterable[int] | None
) -> dict[int, int]:
    qs = MentorProfile.objects.filter(program_id=program_id)
    if mentor_ids is not None:
        qs = qs.filter(pk__in=list(mentor_ids))
    served = qs.order_by().annotate(served=programs_served_in_year(year))
    return dict(served.values_list("pk", "served"))


def novice_flags_in(*, cohort: Cohort, mentor_ids: Iterable[int] | None = None) -> dict[int, bool]:
    """Mentor id -> whether they were a novice in ``cohort`` (one query)."""
    served = _served_by_mentor(cohort.program_id, cohort.year, mentor_ids)
    return {pk: n <= NOVICE_MAX_PROGRAMS for pk, n in served.items()}


def novice_flags_in_year(
    *, program: Program, year: int, mentor_ids: Iterable[int] | None = None
) -> dict[int, bool]:
    """Mentor id -> whether they were a novice in ``year`` (for what belongs to no cohort, such
    as a buddy pair started on a date): one query."""
    served = _served_by_mentor(program.pk, year, mentor_ids)
    return {pk: n <= NOVICE_MAX_PROGRAMS for pk, n in served.items()}


def is_novice_in(mentor: MentorProfile, cohort: Cohort) -> bool:
    """Whether ``mentor`` was a novice in ``cohort`` (one query)."""
    return novice_flags_in(cohort=cohort, mentor_ids=[mentor.pk]).get(mentor.pk, True)


class ProgramsServed:
    """Programs served by each mentor of a program in any year, from two queries (declared
    values; cohorts per mentor): for reports that compare several cohorts at once. Agrees with
    ``with_programs_served_in``."""

    def __init__(self, program: Program, mentor_ids: Iterable[int] | None = None) -> None:
        mentors = MentorProfile.objects.filter(program=program)
        member = MentorProfile.cohorts.through.objects.filter(
            mentorprofile__program=program, cohort__program=program
        )
        partner = Partnership.objects.filter(mentor__program=program, cohort__program=program)
        if mentor_ids is not None:
            ids = list(mentor_ids)
            mentors = mentors.filter(pk__in=ids)
            member = member.filter(mentorprofile_id__in=ids)
            partner = partner.filter(mentor_id__in=ids)
        self.declared: dict[int, int] = dict(
            mentors.order_by().values_list("pk", "programs_served")
        )
        rows = (
            member.order_by()
            .values_list("mentorprofile_id", "cohort_id", "cohort__year")
            .union(partner.order_by().values_list("mentor_id", "cohort_id", "cohort__year"))
        )
        self.years: dict[int, dict[int, int]] = {}
        for mentor_id, cohort_id, year in rows:
            self.years.setdefault(mentor_id, {})[cohort_id] = year

    def served_in(self, mentor_id: int, year: int) -> int:
        before = sum(1 for y in self.years.get(mentor_id, {}).values() if y < year)
        return self.declared.get(mentor_id, 0) + before

    def novice_in(self, mentor_id: int, year: int) -> bool:
        return self.served_in(mentor_id, year) <= NOVICE_MAX_PROGRAMS


# --- School heads ------------------------------------------------------------------------------
# A school head is no role of its own: the principal mentee of a school of the program. In a
# program whose mentees include teachers, the head of school S sees the mentoring load of the
# teachers of S and approves their protected time.


def schools_headed(user: Any, program: Program) -> QuerySet[School]:
    """The schools of ``program`` whose principal (an active mentee profile of position
    principal) is ``user``, by name."""
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    heads = MenteeProfile.objects.filter(
        program=program, user=user, position=MenteeProfile.Position.PRINCIPAL, active=True
    )
    return School.objects.filter(program=program, pk__in=heads.values("school_id")).order_by(
        "name", "pk"
    )


def is_school_head(user: Any, program: Program, school: School) -> bool:
    """Whether ``user`` heads ``school`` in ``program`` (see ``schools_headed``)."""
    return schools_headed(user, program).filter(pk=school.pk).exists()
