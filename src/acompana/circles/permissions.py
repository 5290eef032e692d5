"""Who may see and do what with circles (DESIGN.md §1, issue 20).

* coordinators: every circle of the program; they create and edit circles;
* mentors: the circles they mentor; they plan and record those circles' meetings;
* mentees (teachers): the circles they are a current member of; in peer circles and
  reciprocal coaching they plan and record meetings (the facilitator rotates among them);
* specialists: the circles of the mentors they accompany (read only);
* trainers and researchers: nothing (403); outsiders: 404.

A meeting's shared record (summary, what was agreed, attendance, commitments) is seen by all
who see the circle. A private note is seen by its author only: no rule here lets anyone else
read it, and ``selectors.my_private_note`` only ever filters by the requesting user.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.circles.models import Circle, Kind
from acompana.people.models import MenteeProfile
from acompana.programs.models import Program

CIRCLE_ROLES = (Role.COORDINATOR, Role.MENTOR, Role.MENTEE, Role.SPECIALIST)


@dataclass(frozen=True)
class CircleAccess:
    """What the user may do with one circle (and its meetings)."""

    coordinator: bool  # edit the circle and its members
    mentor: bool  # the user is the circle's mentor
    member: MenteeProfile | None  # the user's membership profile, when a current member
    record: bool  # plan meetings, record their shared record, attendance and commitments

    @property
    def participant(self) -> bool:
        """A member or the mentor: keeps private notes and reports progress on goals."""
        return self.mentor or self.member is not None

    @property
    def set_goals(self) -> bool:
        return self.coordinator or self.participant


def visible_circles_q(*, user: Any, program: Program) -> Q:
    """The condition on Circle for the circles ``user`` may see in ``program``; 403 for roles
    that see none, 404 for outsiders."""
    roles = require_role(user, program, CIRCLE_ROLES)
    if Role.COORDINATOR in roles:
        return Q()
    visible = Q(pk__in=[])
    if Role.MENTOR in roles:
        visible |= Q(mentor__user=user)
    if Role.MENTEE in roles:
        visible |= Q(
            pk__in=MenteeProfile.objects.filter(
                program=program, user=user, circle_memberships__left_on__isnull=True
            ).values("circle_memberships__circle")
        )
    if Role.SPECIALIST in roles:
        visible |= Q(mentor__specialist_assignments__specialist=user)
    return visible


def access_for(*, user: Any, circle: Circle, roles: frozenset[str]) -> CircleAccess:
    """What ``user`` (holding ``roles`` in the circle's program) may do with ``circle``,
    which they may see."""
    coordinator = Role.COORDINATOR in roles
    mentor = bool(
        Role.MENTOR in roles and circle.mentor is not None and circle.mentor.user_id == user.pk
    )
    member = None
    if Role.MENTEE in roles:
        member = (
            MenteeProfile.objects.filter(
                program_id=circle.program_id,
                user=user,
                circle_memberships__circle=circle,
                circle_memberships__left_on__isnull=True,
            )
            .select_related("user")
            .first()
        )
    record = (
        coordinator or mentor or (member is not None and circle.kind != Kind.MENTORING)
    ) and circle.status != Circle.Status.CLOSED
    return CircleAccess(coordinator=coordinator, mentor=mentor, member=member, record=record)
