"""Who sees which training plans and sessions, and feedback summaries.

Coordinators see every plan and session of their program; trainers see the plans and the
sessions they run; mentors see the sessions they are invited to, their own breakout group
and their feedback form. Everyone else in the program is refused.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    Feedback,
    TrainingPlan,
    TrainingSession,
)

EXPERIENCED_FROM = 2  # programs served: a mentor is experienced when programs_served > 1
MANAGERS = (Role.COORDINATOR, Role.TRAINER)
SCORES = ("clarity", "usefulness", "pace", "participation")


def is_experienced(mentor: MentorProfile) -> bool:
    return mentor.programs_served >= EXPERIENCED_FROM


def session_mentors(*, session: TrainingSession) -> QuerySet[MentorProfile]:
    """The active mentors of the plan's cohort that the session's track is for."""
    qs = MentorProfile.objects.filter(
        program_id=session.plan.program_id, cohorts=session.plan.cohort_id, active=True
    )
    if session.track == TrainingSession.Track.NEW:
        qs = qs.filter(programs_served__lt=EXPERIENCED_FROM)
    elif session.track == TrainingSession.Track.RETURNING:
        qs = qs.filter(programs_served__gte=EXPERIENCED_FROM)
    return qs.select_related("user", "region").order_by("code")


def session_attendees(*, session: TrainingSession) -> QuerySet[MentorProfile]:
    return session_mentors(session=session).filter(
        training_attendances__session=session, training_attendances__present=True
    )


@dataclass(frozen=True)
class SessionAccess:
    """What the user may do with one session."""

    manage: bool  # coordinators and the session's trainer: attendance, groups
    mentor: MentorProfile | None  # the user's profile, if invited to the session


def plans_for_user(*, user: Any, program: Program) -> list[TrainingPlan]:
    """The program's plans with the sessions the user may see (``plan.visible_sessions``)."""
    roles = require_member(user, program)
    sessions = TrainingSession.objects.select_related("trainer").order_by("starts_at")
    if Role.COORDINATOR in roles:
        plans = TrainingPlan.objects.filter(program=program)
    elif Role.TRAINER in roles:
        plans = TrainingPlan.objects.filter(program=program)
        sessions = sessions.filter(trainer=user)
    elif Role.MENTOR in roles:
        profile = MentorProfile.objects.filter(program=program, user=user).first()
        if profile is None:
            raise PermissionDenied
        cohorts = profile.cohorts.values_list("pk", flat=True)
        plans = TrainingPlan.objects.filter(program=program, cohort__in=cohorts)
        track = (
            TrainingSession.Track.RETURNING
            if is_experienced(profile)
            else TrainingSession.Track.NEW
        )
        sessions = sessions.filter(track__in=[TrainingSession.Track.ALL, track])
    else:
        raise PermissionDenied
    return list(
        plans.select_related("cohort")
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="visible_sessions"))
        .order_by("cohort__year", "title")
    )


def get_plan_for_user(*, user: Any, program: Program, pk: int) -> TrainingPlan:
    """A plan for coordinators and trainers (who add sessions and read feedback)."""
    require_role(user, program, MANAGERS)
    return get_object_or_404(
        TrainingPlan.objects.select_related("cohort", "program"), program=program, pk=pk
    )


def get_session_for_user(
    *, user: Any, program: Program, pk: int, manage: bool = False
) -> tuple[TrainingSession, SessionAccess]:
    """The session and what the user may do with it; 403 unless they may see it, and
    unless they may manage it when ``manage``."""
    roles = require_member(user, program)
    session = get_object_or_404(
        TrainingSession.objects.select_related("plan__cohort", "plan__program", "trainer"),
        plan__program=program,
        pk=pk,
    )
    can_manage = Role.COORDINATOR in roles or (
        Role.TRAINER in roles and session.trainer_id == user.pk
    )
    mentor = None
    if Role.MENTOR in roles:
        mentor = session_mentors(session=session).filter(user=user).first()
    if (not can_manage and mentor is None) or (manage and not can_manage):
        raise PermissionDenied
    return session, SessionAccess(manage=can_manage, mentor=mentor)


def breakout_groups(*, session: TrainingSession) -> list[BreakoutGroup]:
    members = MentorProfile.objects.select_related("user", "region").order_by("code")
    return list(
        BreakoutGroup.objects.filter(session=session)
        .prefetch_related(Prefetch("members", queryset=members, to_attr="member_list"))
        .order_by("number")
    )


def attendance_by_mentor(*, session: TrainingSession) -> dict[int, bool]:
    return dict(Attendance.objects.filter(session=session).values_list("mentor_id", "present"))


def feedback_summary(*, user: Any, plan: TrainingPlan) -> dict[str, list[dict[str, Any]]]:
    """Average scores by session modality (in person vs virtual) and by the mentors'
    experience (new vs returning), over the sessions the user may see."""
    roles = require_role(user, plan.program, MANAGERS)
    feedback = Feedback.objects.filter(session__plan=plan)
    if Role.COORDINATOR not in roles:
        feedback = feedback.filter(session__trainer=user)
    averages = {name: Avg(name) for name in SCORES}
    groups = {
        "modality": [
            (label, Q(session__modality=value)) for value, label in TrainingSession.Modality.choices
        ],
        "track": [
            (TrainingSession.Track.NEW.label, Q(mentor__programs_served__lt=EXPERIENCED_FROM)),
            (
                TrainingSession.Track.RETURNING.label,
                Q(mentor__programs_served__gte=EXPERIENCED_FROM),
            ),
        ],
    }
    summary: dict[str, list[dict[str, Any]]] = {}
    for key, parts in groups.items():
        rows = []
        for label, condition in parts:
            stats = feedback.filter(condition).aggregate(count=Count("pk"), **averages)
            scores = [stats[name] for name in SCORES]
            overall = sum(scores) / len(scores) if stats["count"] else None
            rows.append({"label": str(label), **stats, "overall": overall})
        summary[key] = rows
    return summary
