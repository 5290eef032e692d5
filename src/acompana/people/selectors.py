"""Who may see which profiles. Every list and detail page and endpoint reads through here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.people.models import MenteeProfile, MentorProfile, Partnership, SpecialistAssignment
from acompana.programs.models import Program

NOVICE_MAX_PROGRAMS = 1


def _active(prefix: str = "", on: date | None = None) -> Q:
    today = on or timezone.localdate()
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})


def active_partnerships(*, program: Program) -> QuerySet[Partnership]:
    return Partnership.objects.filter(_active(), program=program)


def mentees_waiting(qs: QuerySet[MenteeProfile]) -> QuerySet[MenteeProfile]:
    """Mentees "waiting": active, in a cohort, and without a current partnership (paused ones
    count as current). These are the mentees the next matching run proposes."""
    current = Partnership.objects.filter(_active()).values("mentee_id")
    in_a_cohort = Exists(MenteeProfile.cohorts.through.objects.filter(menteeprofile=OuterRef("pk")))
    # EXISTS rather than a join: no duplicate to remove with DISTINCT over every column
    return qs.filter(in_a_cohort, active=True).exclude(pk__in=current)


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
    if experience == "novice":
        qs = qs.filter(programs_served__lte=NOVICE_MAX_PROGRAMS)
    elif experience == "experienced":
        qs = qs.filter(programs_served__gt=NOVICE_MAX_PROGRAMS)
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


def report_years(value: Decimal) -> str:
    """5.0 → "5", 2.5 → "2.5": years as the study writes them."""
    return format(value.normalize(), "f") if value else "0"


def report_yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def mentor_experience_mentors(*, program: Program) -> QuerySet[MentorProfile]:
    """The rows of Table 3: the program's active mentors by code."""
    return (
        MentorProfile.objects.filter(program=program, active=True)
        .select_related("user")
        .order_by("code")
    )


def mentor_experience_table(
    *, program: Program, with_names: bool, mentors: Iterable[MentorProfile] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Table 3 of the Peru study for a program: one row per mentor, the study's columns (only
    the rows of ``mentors``, a page of ``mentor_experience_mentors``, if given)."""
    header = [
        _("Code"),
        _("Highest degree"),
        _("Years teaching"),
        _("Years in management"),
        _("Training or accompaniment of teachers"),
        _("Technical assistance to principals"),
        _("Mentoring programs"),
    ]
    if with_names:
        header.insert(1, _("Name"))
    rows = []
    if mentors is None:
        mentors = mentor_experience_mentors(program=program)
    for mentor in mentors:
        row: list[Any] = [
            mentor.code,
            mentor.get_highest_degree_display(),
            report_years(mentor.teaching_years),
            report_years(mentor.management_years),
            report_yes_no(mentor.accompaniment_experience),
            report_yes_no(mentor.technical_assistance),
            mentor.programs_served,
        ]
        if with_names:
            row.insert(1, mentor.user.get_full_name())
        rows.append(row)
    return header, rows


def mentor_experience_for_user(
    *, user: Any, program: Program, mentors: Iterable[MentorProfile] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Coordinators see names; researchers see code names only (pseudonymous)."""
    roles = require_role(user, program, [Role.COORDINATOR, Role.RESEARCHER])
    return mentor_experience_table(
        program=program, with_names=Role.COORDINATOR in roles, mentors=mentors
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
