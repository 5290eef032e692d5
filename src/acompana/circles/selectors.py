"""Reads for circles, through the rules of ``permissions``; and the selectors other apps use
(``circles_of_mentee``, ``circle_members``, ``mentees_of_mentor_circles``, ``meeting_load``)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acompana.accounts.permissions import require_role
from acompana.circles.models import (
    Attendance,
    Circle,
    Commitment,
    Goal,
    GoalProgress,
    Kind,
    Meeting,
    Member,
    PrivateNote,
)
from acompana.circles.permissions import CIRCLE_ROLES, CircleAccess, access_for, visible_circles_q
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Cohort, Program

ID_CHUNK = 500  # mentee ids per query in ``meeting_load`` (far below every database's limit)

# --- For other apps ---------------------------------------------------------------------------


def circles_of_mentee(*, program: Program, mentee: MenteeProfile) -> QuerySet[Circle]:
    """The circles ``mentee`` is a current member of in ``program``, by name."""
    return Circle.objects.filter(
        program=program, members__mentee=mentee, members__left_on__isnull=True
    ).order_by("name", "pk")


def circle_members(*, circle: Circle) -> list[Member]:
    """The current members of ``circle`` with their profiles and users, by code."""
    return list(
        Member.objects.filter(circle=circle, left_on__isnull=True)
        .select_related("mentee__user", "mentee__school")
        .order_by("mentee__code")
    )


def mentees_of_mentor_circles(*, mentor: MentorProfile) -> QuerySet[MenteeProfile]:
    """The mentees who are current members of a circle ``mentor`` mentors (not closed)."""
    return MenteeProfile.objects.filter(
        pk__in=Member.objects.filter(circle__mentor=mentor, left_on__isnull=True)
        .exclude(circle__status=Circle.Status.CLOSED)
        .values("mentee")
    ).order_by("code")


@dataclass(frozen=True)
class MeetingLoad:
    """The circle meetings a mentee attended in a period and their hours."""

    meetings: int
    hours: Decimal


def meeting_load(
    *,
    program: Program,
    mentee_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
) -> dict[int, MeetingLoad]:
    """For each mentee id, the meetings held (status done) of ``program``'s circles between
    ``start`` and ``end`` (local dates, both included) that they attended, and their hours.
    Mentees with none are left out. Aggregated in SQL, in chunks of ids."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    ids = sorted(set(mentee_ids))
    load: dict[int, MeetingLoad] = {}
    for i in range(0, len(ids), ID_CHUNK):
        rows = (
            Attendance.objects.filter(
                mentee_id__in=ids[i : i + ID_CHUNK],
                present=True,
                meeting__status=Meeting.Status.DONE,
                meeting__circle__program=program,
                meeting__starts_at__gte=since,
                meeting__starts_at__lt=until,
            )
            .values("mentee_id")
            .annotate(meetings=Count("pk"), minutes=Sum("meeting__duration_minutes"))
        )
        for row in rows:
            hours = (Decimal(row["minutes"] or 0) / 60).quantize(Decimal("0.01"))
            load[row["mentee_id"]] = MeetingLoad(meetings=row["meetings"], hours=hours)
    return load


# --- Circles ----------------------------------------------------------------------------------


def circle_list_for_user(
    *, user: Any, program: Program, cohort: Cohort | None = None
) -> QuerySet[Circle]:
    """The circles ``user`` may see (optionally of one cohort), by name, with their mentor and
    member count; 403/404 as in ``permissions``."""
    condition = visible_circles_q(user=user, program=program)
    qs = Circle.objects.filter(program=program)
    if condition:
        qs = qs.filter(pk__in=Circle.objects.filter(condition, program=program).values("pk"))
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return (
        qs.select_related("cohort", "mentor__user")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
        )
        .order_by("name", "pk")
    )


def get_circle_for_user(
    *, user: Any, program: Program, pk: int, manage: bool = False, record: bool = False
) -> tuple[Circle, CircleAccess]:
    """The circle and what ``user`` may do with it: 404 if they may not see it, 403 if
    ``manage`` (coordinators) or ``record`` is asked and not allowed."""
    roles = require_role(user, program, CIRCLE_ROLES)
    circle = get_object_or_404(circle_list_for_user(user=user, program=program), pk=pk)
    access = access_for(user=user, circle=circle, roles=roles)
    if (manage and not access.coordinator) or (record and not access.record):
        raise PermissionDenied
    return circle, access


def cohorts_of(*, program: Program) -> list[Cohort]:
    return list(Cohort.objects.filter(program=program).order_by("-year", "name"))


def mentee_choices(*, program: Program, cohort: Cohort | None = None) -> QuerySet[MenteeProfile]:
    """Active mentees of the program (of ``cohort``, when given) who may join a circle."""
    qs = MenteeProfile.objects.filter(program=program, active=True)
    if cohort is not None:
        qs = qs.filter(cohorts=cohort)
    return qs.select_related("user").order_by("code")


def mentor_choices(*, program: Program, cohort: Cohort | None = None) -> QuerySet[MentorProfile]:
    """Active mentors of the program (of ``cohort``, when given) who may mentor a circle."""
    qs = MentorProfile.objects.filter(program=program, active=True)
    if cohort is not None:
        qs = qs.filter(cohorts=cohort)
    return qs.select_related("user").order_by("code")


def circle_goals(*, circle: Circle) -> list[Goal]:
    """The circle's goals with their strand and progress updates (oldest first)."""
    return list(
        Goal.objects.filter(circle=circle)
        .select_related("competency")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=GoalProgress.objects.select_related("author").order_by(
                    "recorded_on", "pk"
                ),
            )
        )
    )


# --- Meetings ---------------------------------------------------------------------------------


def meeting_list(*, circle: Circle) -> QuerySet[Meeting]:
    """The circle's meetings, newest first, with the facilitator. Never a private note."""
    return Meeting.objects.filter(circle=circle).select_related(
        "facilitator_mentor__user", "facilitator_member__user"
    )


def get_meeting_for_user(
    *, user: Any, program: Program, pk: int, record: bool = False
) -> tuple[Meeting, CircleAccess]:
    """The meeting (of a circle ``user`` may see) and what they may do with it."""
    roles = require_role(user, program, CIRCLE_ROLES)
    visible = circle_list_for_user(user=user, program=program).values("pk")
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "circle__mentor__user",
            "circle__cohort",
            "facilitator_mentor__user",
            "facilitator_member__user",
        ),
        pk=pk,
        circle__in=visible,
    )
    access = access_for(user=user, circle=meeting.circle, roles=roles)
    if record and not access.record:
        raise PermissionDenied
    return meeting, access


def meeting_attendance(*, meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("mentee__user")
        .order_by("mentee__code")
    )


def meeting_commitments(*, meeting: Meeting) -> list[Commitment]:
    return list(
        Commitment.objects.filter(meeting=meeting)
        .select_related("mentee__user")
        .order_by("mentee__code", "due_on", "pk")
    )


def facilitator_user_id(meeting: Meeting) -> int | None:
    """The user who facilitates ``meeting`` (the mentor, or the member whose turn it is)."""
    if meeting.facilitator_mentor is not None:
        return meeting.facilitator_mentor.user_id
    if meeting.facilitator_member is not None:
        return meeting.facilitator_member.user_id
    return None


def next_facilitator(*, circle: Circle) -> MenteeProfile | None:
    """Whose turn it is to facilitate a peer or reciprocal meeting: the current member after
    the last meeting's facilitator, by code (the first member when none facilitated yet)."""
    if circle.kind == Kind.MENTORING:
        return None
    members = [m.mentee for m in circle_members(circle=circle)]
    if not members:
        return None
    last = (
        Meeting.objects.filter(circle=circle, facilitator_member__isnull=False)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
        .values_list("facilitator_member_id", flat=True)
        .first()
    )
    ids = [m.pk for m in members]
    if last in ids:
        return members[(ids.index(last) + 1) % len(members)]
    return members[0]


def my_private_note(*, meeting: Meeting, user: Any) -> PrivateNote | None:
    """``user``'s own private note on ``meeting``: the only way any page or endpoint reads
    private notes, so nobody ever reads another author's."""
    return PrivateNote.objects.filter(meeting=meeting, author=user).first()


def open_commitments_of(*, program: Program, mentee: MenteeProfile) -> QuerySet[Commitment]:
    """A member's open commitments in the program's circles, soonest due first."""
    return (
        Commitment.objects.filter(
            mentee=mentee, status=Commitment.Status.OPEN, meeting__circle__program=program
        )
        .select_related("meeting__circle")
        .order_by("due_on", "pk")
    )


def member_profile(*, user: Any, program: Program) -> MenteeProfile | None:
    return MenteeProfile.objects.filter(program=program, user=user).first()
