"""Reads for group sessions and informal meetings, through the rules of ``permissions``."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role
from acompana.group_sessions.models import (
    Attendance,
    CaseDiscussed,
    GroupSession,
    InformalMeeting,
    SessionSeries,
)
from acompana.group_sessions.permissions import (
    FACILITATOR_ROLES,
    SessionAccess,
    meetings_scope,
    require_coordinator,
    visible_sessions_q,
)
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Dialogue, Visit

# --- Sessions ---------------------------------------------------------------------------------


def session_list_for_user(*, user: Any, program: Program) -> QuerySet[GroupSession]:
    """The sessions ``user`` may see, soonest first; 403/404 as in ``permissions``."""
    condition = visible_sessions_q(user=user, program=program)
    qs = GroupSession.objects.filter(program=program)
    if condition:
        visible = GroupSession.objects.filter(condition, program=program).values("pk")
        qs = qs.filter(pk__in=visible)
    return qs.select_related("cohort", "facilitator", "round", "series").order_by("starts_at", "pk")


def get_session_for_user(
    *, user: Any, program: Program, pk: int, manage: bool = False
) -> tuple[GroupSession, SessionAccess]:
    """The session and what ``user`` may do with it: 404 if they may not see it (or are an
    outsider), 403 if their role sees no session, or if ``manage`` and they may not manage."""
    session = get_object_or_404(session_list_for_user(user=user, program=program), pk=pk)
    coordinator = has_role(user, program, Role.COORDINATOR)
    can_manage = coordinator or (session.facilitator_id == user.pk)
    mentor = None
    if has_role(user, program, Role.MENTOR):
        mentor = (
            MentorProfile.objects.filter(
                program=program, user=user, group_attendances__session=session
            )
            .select_related("user")
            .first()
        )
    if manage and not can_manage:
        raise PermissionDenied
    return session, SessionAccess(manage=can_manage, coordinator=coordinator, mentor=mentor)


def session_attendance(*, session: GroupSession) -> list[Attendance]:
    """The invited mentors with their attendance (None until taken), by mentor code.

    Only the columns the sheet shows (code and name): a national session invites hundreds of
    mentors, and building their whole profiles and accounts cost more than the query."""
    return list(
        Attendance.objects.filter(session=session)
        .select_related("mentor__user")
        .only(
            "session_id",
            "mentor_id",
            "present",
            "mentor__code",
            "mentor__user_id",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
        )
        .order_by("mentor__code")
    )


SHEET_PAGE_SIZE = 50  # mentors on one page of a session's attendance
SHEET_MAX_POSTED = 200  # mentors one post may record (a page, with room for larger pages)
SHEET_SEARCH = ("mentor__code", "mentor__user__first_name", "mentor__user__last_name")


def attendance_sheet(
    *, session: GroupSession, search: str = "", unrecorded: bool = False
) -> QuerySet[Attendance]:
    """The session's invited mentors (their attendance rows) by mentor code, with only the
    columns the sheet shows: the rows that the session page takes a page of. ``search``
    narrows to a code or a name (at most 100 characters), ``unrecorded`` to the mentors whose
    attendance is not taken yet. A national session invites hundreds of mentors."""
    qs = (
        Attendance.objects.filter(session=session)
        .select_related("mentor__user")
        .only(
            "session_id",
            "mentor_id",
            "present",
            "mentor__code",
            "mentor__user_id",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
        )
        .order_by("mentor__code", "pk")
    )
    search = search.strip()[:100]
    if search:
        found = Q()
        for name in SHEET_SEARCH:
            found |= Q(**{f"{name}__icontains": search})
        qs = qs.filter(found)
    if unrecorded:
        qs = qs.filter(present__isnull=True)
    return qs


@dataclass(frozen=True)
class AttendanceCounts:
    invited: int
    recorded: int
    present: int


def attendance_counts(*, session: GroupSession) -> AttendanceCounts:
    """How many mentors are invited, recorded and present: one query, whatever their number."""
    counts = Attendance.objects.filter(session=session).aggregate(
        invited=Count("pk"),
        recorded=Count("pk", filter=Q(present__isnull=False)),
        present=Count("pk", filter=Q(present=True)),
    )
    return AttendanceCounts(**counts)


def facilitator_choices(*, program: Program) -> QuerySet[User]:
    """Coordinators, specialists and mentors of the program: who may facilitate."""
    return (
        User.objects.filter(
            memberships__program=program, memberships__role__in=FACILITATOR_ROLES, is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def cohort_mentors(*, cohort: Cohort) -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(program_id=cohort.program_id, cohorts=cohort, active=True)
        .select_related("user")
        .order_by("code")
    )


def get_series_for_user(*, user: Any, program: Program, pk: int) -> SessionSeries:
    """A series, for coordinators (who schedule and cancel series)."""
    require_coordinator(user, program)
    return get_object_or_404(
        SessionSeries.objects.select_related("cohort").prefetch_related(
            Prefetch(
                "sessions",
                queryset=GroupSession.objects.order_by("starts_at", "pk"),
                to_attr="session_list",
            )
        ),
        program=program,
        pk=pk,
    )


# --- Cases discussed --------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """What the group sees of a case: its reference and the dialogue summary the mentor shared
    with the mentee. Built here so that no page or endpoint ever holds the visit's private
    parts (field notebook, unshared dialogue)."""

    pk: int
    visit_id: int
    mentor_code: str
    mentee_code: str
    school: str
    date: datetime.date
    round: str
    shared_summary: str
    added_by_id: int | None


def _case_row(case: CaseDiscussed) -> CaseRow:
    visit = case.visit
    school = visit.mentee.school
    dialogue: Dialogue | None = getattr(visit, "dialogue", None)
    shared = dialogue.summary if dialogue is not None and dialogue.shared_at else ""
    return CaseRow(
        pk=case.pk,
        visit_id=visit.pk,
        mentor_code=visit.mentor.code,
        mentee_code=visit.mentee.code,
        school=f"{school.name} ({school.code})" if school is not None else "",
        date=timezone.localdate(visit.scheduled_at),
        round=visit.round.name if visit.round is not None else "",
        shared_summary=shared,
        added_by_id=case.added_by_id,
    )


def session_cases(*, session: GroupSession) -> list[CaseRow]:
    cases = (
        CaseDiscussed.objects.filter(session=session)
        .select_related("visit__mentor", "visit__mentee__school", "visit__round", "visit__dialogue")
        .only(
            "pk",
            "added_by_id",
            "visit__id",
            "visit__scheduled_at",
            "visit__mentor__code",
            "visit__mentee__code",
            "visit__mentee__school__name",
            "visit__mentee__school__code",
            "visit__round__name",
            "visit__dialogue__summary",
            "visit__dialogue__shared_at",
        )
        .order_by("added_at", "pk")
    )
    return [_case_row(case) for case in cases]


def case_candidates(
    *, session: GroupSession, user: Any, access: SessionAccess, limit: int = 60
) -> list[Visit]:
    """Visits ``user`` may bring to the session: of invited mentors not marked absent, not
    cancelled, not already linked; only their own visits unless they manage the session."""
    mentors = Attendance.objects.filter(session=session).exclude(present=False)
    visits = Visit.objects.filter(
        program_id=session.program_id, mentor__in=mentors.values("mentor")
    ).exclude(status=Visit.Status.CANCELLED)
    if not access.manage:
        visits = visits.filter(mentor__user=user)
    visits = visits.exclude(pk__in=CaseDiscussed.objects.filter(session=session).values("visit"))
    return list(
        visits.select_related("mentor", "mentee__school", "round").order_by("-scheduled_at")[:limit]
    )


# --- Informal meetings ------------------------------------------------------------------------


def meeting_list_for_user(*, user: Any, program: Program) -> QuerySet[InformalMeeting]:
    """Coordinators see every informal meeting; mentors those they took part in."""
    profile = meetings_scope(user=user, program=program)
    qs = InformalMeeting.objects.filter(program=program)
    if profile is not None:
        qs = qs.filter(pk__in=InformalMeeting.objects.filter(participants=profile).values("pk"))
    participants = MentorProfile.objects.select_related("user").order_by("code")
    return (
        qs.select_related("logged_by__user", "cohort")
        .prefetch_related(
            Prefetch("participants", queryset=participants, to_attr="participant_list")
        )
        .order_by("-met_on", "-pk")
    )


def peer_choices(
    *, program: Program, exclude: MentorProfile | None = None
) -> QuerySet[MentorProfile]:
    """The program's active mentors by code (a national program has thousands: the form offers
    a searched part of them, ``common.narrowing``)."""
    qs = MentorProfile.objects.filter(program=program, active=True).select_related("user")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("code")


def cohorts_of(program: Program) -> list[Cohort]:
    return list(program.cohorts.order_by("year", "name"))
