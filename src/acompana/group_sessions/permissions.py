"""Who may see and do what with group sessions and informal meetings (DESIGN.md §1).

* coordinators: every session, series, meeting, the report and the network;
* mentors: the sessions they are invited to or facilitate, and the informal meetings they
  took part in; they log informal meetings and bring their own visits as cases;
* specialists: the sessions they facilitate and those of the mentors they accompany;
* mentees, trainers and researchers: nothing (403); outsiders: 404.

A session is managed (edited, attendance taken, cases linked) by coordinators and by its
facilitator.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role, roles_in
from acompana.group_sessions.models import Attendance
from acompana.people.models import MentorProfile, SpecialistAssignment
from acompana.programs.models import Program

SESSION_ROLES = (Role.COORDINATOR, Role.MENTOR, Role.SPECIALIST)
FACILITATOR_ROLES = (Role.COORDINATOR, Role.SPECIALIST, Role.MENTOR)


@dataclass(frozen=True)
class SessionAccess:
    """What the user may do with one session."""

    manage: bool  # coordinators and the facilitator: edit, attendance, any attendee's case
    coordinator: bool  # series and cancellations
    mentor: MentorProfile | None  # the user's profile when invited: brings their own cases


def visible_sessions_q(*, user: Any, program: Program) -> Q:
    """The condition on GroupSession for the sessions ``user`` may see in ``program``; 403
    for roles that see none, 404 for outsiders."""
    roles = require_role(user, program, SESSION_ROLES)
    if Role.COORDINATOR in roles:
        return Q()
    # Sessions by the ids of the attendances of the user's own mentor profile (or of the
    # mentors they accompany), each an IN (subquery) over the index on the attendance's
    # mentor: a join from every session through attendances to users scanned the 300,000
    # attendances of a national program.
    visible = Q(facilitator=user)
    if Role.MENTOR in roles:
        mine = MentorProfile.objects.filter(program=program, user=user).values("pk")
        visible |= Q(pk__in=Attendance.objects.filter(mentor__in=mine).values("session_id"))
    if Role.SPECIALIST in roles:
        accompanied = SpecialistAssignment.objects.filter(specialist=user).values("mentor_id")
        visible |= Q(pk__in=Attendance.objects.filter(mentor__in=accompanied).values("session_id"))
    return visible


def require_coordinator(user: Any, program: Program) -> None:
    require_role(user, program, [Role.COORDINATOR])


def meetings_scope(*, user: Any, program: Program) -> MentorProfile | None:
    """None for coordinators (every meeting); the user's mentor profile for mentors (their
    meetings only); 403 for everyone else."""
    roles = require_member(user, program)
    if Role.COORDINATOR in roles:
        return None
    if Role.MENTOR not in roles:
        raise PermissionDenied
    profile = MentorProfile.objects.filter(program=program, user=user).first()
    if profile is None:
        raise PermissionDenied
    return profile


def logging_mentor(*, user: Any, program: Program) -> MentorProfile | None:
    """The active mentor profile with which ``user`` logs informal meetings, or None: the
    page shows its form, and the page and the API accept a meeting, only for this profile."""
    if Role.MENTOR not in roles_in(user, program):
        return None
    return MentorProfile.objects.filter(program=program, user=user, active=True).first()


def require_logging_mentor(*, user: Any, program: Program) -> MentorProfile:
    """The mentor profile of a mentor who logs an informal meeting; 403 for anyone else."""
    require_role(user, program, [Role.MENTOR])
    profile = logging_mentor(user=user, program=program)
    if profile is None:
        raise PermissionDenied
    return profile
