"""Who may do what with self-assessments (one function per rule, for pages, API and exports).

* The mentee: their own self-assessments (start, fill in, submit, correct).
* Their mentors: the mentors of their current partnerships and of the circles they belong to
  (``circles.selectors``): read, and add evidence per strand.
* The specialists assigned to one of those mentors: read.
* Coordinators: every self-assessment of the program (read, the cohort list and its export).
* Trainers and researchers: 403 (researchers get no identified self-assessment; nothing here
  is exported to research). Outsiders: 404. A mentor or specialist opening a self-assessment
  of someone they do not accompany gets 404.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.circles.selectors import circles_of_mentee, mentees_of_mentor_circles
from acompana.people.models import MenteeProfile, MentorProfile, Partnership, SpecialistAssignment
from acompana.programs.models import Program

GROWTH_ROLES = frozenset({Role.COORDINATOR, Role.MENTOR, Role.MENTEE, Role.SPECIALIST})


@dataclass(frozen=True)
class GrowthAccess:
    """What one user may do with the self-assessments of one mentee."""

    coordinator: bool = False
    mentee: bool = False  # their own
    mentor: bool = False  # one of the mentee's mentors
    specialist: bool = False  # assigned to one of the mentee's mentors

    @property
    def read(self) -> bool:
        return self.coordinator or self.mentee or self.mentor or self.specialist

    @property
    def fill_in(self) -> bool:
        return self.mentee

    @property
    def add_evidence(self) -> bool:
        return self.mentor


def require_growth_role(user: Any, program: Program) -> frozenset[str]:
    """The user's roles: 404 for outsiders, 403 for trainers and researchers."""
    return require_role(user, program, GROWTH_ROLES)


def require_coordinator(user: Any, program: Program) -> None:
    if Role.COORDINATOR not in require_growth_role(user, program):
        raise PermissionDenied


def mentor_ids_of(*, program: Program, mentee: MenteeProfile) -> set[int]:
    """The mentor profiles accompanying ``mentee`` now: current partnerships and the mentors
    of the circles they are a current member of."""
    ids = set(
        Partnership.objects.filter(
            program=program, mentee=mentee, ended_on__isnull=True
        ).values_list("mentor_id", flat=True)
    )
    ids.update(
        circles_of_mentee(program=program, mentee=mentee)
        .filter(mentor__isnull=False)
        .values_list("mentor_id", flat=True)
    )
    return ids


def access_for(
    *, user: Any, program: Program, roles: frozenset[str], mentee: MenteeProfile
) -> GrowthAccess:
    mentor_ids: set[int] | None = None

    def mentors() -> set[int]:
        nonlocal mentor_ids
        if mentor_ids is None:
            mentor_ids = mentor_ids_of(program=program, mentee=mentee)
        return mentor_ids

    is_mentor = (
        Role.MENTOR in roles
        and MentorProfile.objects.filter(program=program, user=user, pk__in=mentors()).exists()
    )
    is_specialist = (
        Role.SPECIALIST in roles
        and SpecialistAssignment.objects.filter(
            program=program, specialist=user, mentor_id__in=mentors()
        ).exists()
    )
    return GrowthAccess(
        coordinator=Role.COORDINATOR in roles,
        mentee=Role.MENTEE in roles and mentee.user_id == user.pk,
        mentor=is_mentor,
        specialist=is_specialist,
    )


def visible_mentees_q(*, user: Any, program: Program, roles: frozenset[str]) -> Q:
    """A filter on ``mentee`` (a ``MenteeProfile`` lookup prefix ``mentee__``) for the mentees
    whose self-assessments ``user`` may read."""
    if Role.COORDINATOR in roles:
        return Q()
    q = Q(pk__in=[])
    if Role.MENTEE in roles:
        q |= Q(mentee__user=user)
    mentor_profiles: list[int] = []
    if Role.MENTOR in roles:
        mentor_profiles += list(
            MentorProfile.objects.filter(program=program, user=user).values_list("pk", flat=True)
        )
    if Role.SPECIALIST in roles:
        mentor_profiles += list(
            SpecialistAssignment.objects.filter(program=program, specialist=user).values_list(
                "mentor_id", flat=True
            )
        )
    if (Role.MENTOR in roles or Role.SPECIALIST in roles) and mentor_profiles:
        q |= Q(
            mentee__in=Partnership.objects.filter(
                program=program, mentor_id__in=mentor_profiles, ended_on__isnull=True
            ).values("mentee")
        )
        for mentor in MentorProfile.objects.filter(pk__in=mentor_profiles):
            q |= Q(mentee__in=mentees_of_mentor_circles(mentor=mentor).values("pk"))
    return q
