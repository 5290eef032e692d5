"""The group-session report of a cohort (and year): how many sessions each mentor attended
and for how long, and how many of the attendees were novices, so the program can see what the
Peru study saw (long in-person group weeks in 2019-2020, one-day virtual briefings in 2021).

Cancelled sessions are left out; a mentor counts as attending once attendance marks them
present. Novice: the program's one definition (``people.selectors.ProgramsServed``), taken in
the cohort's year: the programs declared at entry plus the cohorts completed before that year,
so a mentor who is experienced today shows as the novice they were in their first year.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from acompana.group_sessions.models import Attendance, GroupSession
from acompana.people.models import MentorProfile
from acompana.people.selectors import ProgramsServed
from acompana.programs.models import Cohort, Program


@dataclass
class MentorRow:
    mentor_id: int
    code: str
    novice: bool
    invited: int = 0
    attended: int = 0
    minutes: int = 0
    mentor: MentorProfile | None = None  # loaded by ``with_mentors`` for the rows shown

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass
class SessionRow:
    session: GroupSession
    invited: int = 0
    present: int = 0
    novices_present: int = 0

    @property
    def novice_share(self) -> float | None:
        return self.novices_present / self.present if self.present else None


@dataclass
class CohortRow:
    cohort: Cohort
    sessions: int
    minutes: int
    attendances: int
    novice_attendances: int

    @property
    def average_minutes(self) -> float | None:
        return self.minutes / self.sessions if self.sessions else None

    @property
    def novice_share(self) -> float | None:
        return self.novice_attendances / self.attendances if self.attendances else None


@dataclass
class GroupReport:
    cohort: Cohort
    year: int | None
    years: list[int]
    mentors: list[MentorRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    cohorts: list[CohortRow] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        return sum(row.session.duration_minutes for row in self.sessions)

    @property
    def attendances(self) -> int:
        return sum(row.present for row in self.sessions)

    @property
    def novice_share(self) -> float | None:
        present = self.attendances
        return sum(r.novices_present for r in self.sessions) / present if present else None


def _held(program: Program) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(program=program).exclude(
        status=GroupSession.Status.CANCELLED
    )


def cohort_comparison(*, program: Program, served: ProgramsServed | None = None) -> list[CohortRow]:
    """Every cohort's sessions, total and average length, and novice share: a fixed number of
    queries."""
    novice_in = (served or ProgramsServed(program)).novice_in
    held = _held(program)
    sessions: dict[int, dict[str, Any]] = {
        row["cohort"]: dict(row)
        for row in held.values("cohort").annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    }
    cohorts = list(program.cohorts.order_by("year", "name"))
    year_of = {c.pk: c.year for c in cohorts}
    present: dict[int, dict[str, int]] = defaultdict(lambda: {"n": 0, "novices": 0})
    for row in (
        Attendance.objects.filter(session__in=held, present=True)
        .values("session__cohort", "mentor")
        .annotate(n=Count("pk"))
    ):
        counts = present[row["session__cohort"]]
        counts["n"] += row["n"]
        if novice_in(row["mentor"], year_of[row["session__cohort"]]):
            counts["novices"] += row["n"]
    rows = []
    for cohort in cohorts:
        s = sessions.get(cohort.pk, {})
        p = present.get(cohort.pk, {})
        rows.append(
            CohortRow(
                cohort=cohort,
                sessions=s.get("n", 0),
                minutes=s.get("minutes") or 0,
                attendances=p.get("n", 0),
                novice_attendances=p.get("novices", 0),
            )
        )
    return rows


def group_report(
    *, program: Program, cohort: Cohort, year: int | None = None, mentors: bool = True
) -> GroupReport:
    """The report of ``cohort``'s sessions (of ``year`` only, if given). A fixed number of
    queries whatever the number of sessions and mentors: attendance is counted per mentor and
    per session in SQL. ``mentors=False`` leaves each row's profile unloaded (``with_mentors``
    loads it for the rows a page shows)."""
    held = _held(program).filter(cohort=cohort)
    years = sorted({d.year for d in held.dates("starts_at", "year")})
    if year is not None:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        held = held.filter(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))
    report = GroupReport(cohort=cohort, year=year, years=years)
    served = ProgramsServed(program)
    novice_in = served.novice_in
    session_rows = {
        s.pk: SessionRow(session=s)
        for s in held.select_related("facilitator").order_by("starts_at", "pk")
    }
    attended = Attendance.objects.filter(session__in=held).order_by()
    present = Q(present=True)
    counts = {
        row["mentor"]: row
        for row in attended.values("mentor").annotate(
            invited=Count("pk"),
            attended=Count("pk", filter=present),
            minutes=Sum("session__duration_minutes", filter=present),
        )
    }
    codes = dict(MentorProfile.objects.filter(cohorts=cohort).values_list("pk", "code"))
    missing = counts.keys() - codes.keys()  # attendees outside the cohort's membership
    if missing:
        codes.update(MentorProfile.objects.filter(pk__in=missing).values_list("pk", "code"))
    rows = []
    for pk, code in codes.items():
        row = MentorRow(mentor_id=pk, code=code, novice=novice_in(pk, cohort.year))
        count = counts.get(pk)
        if count:
            row.invited, row.attended = count["invited"], count["attended"]
            row.minutes = count["minutes"] or 0
        rows.append(row)
    novice = {row.mentor_id for row in rows if row.novice}
    for session_id, mentor_id, was_present in attended.values_list("session", "mentor", "present"):
        session_row = session_rows[session_id]
        session_row.invited += 1
        if was_present:
            session_row.present += 1
            session_row.novices_present += mentor_id in novice
    report.sessions = list(session_rows.values())
    report.mentors = sorted(rows, key=lambda r: (r.code, r.mentor_id))
    if mentors:
        with_mentors(report.mentors)
    report.cohorts = cohort_comparison(program=program, served=served)
    return report


def with_mentors(rows: list[MentorRow]) -> list[MentorRow]:
    """``rows`` with their mentor profiles (and users) loaded, in one query."""
    profiles = MentorProfile.objects.select_related("user").in_bulk([r.mentor_id for r in rows])
    for row in rows:
        row.mentor = profiles[row.mentor_id]
    return rows


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"
