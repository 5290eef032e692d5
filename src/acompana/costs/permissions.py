"""Who may do what with time and cost.

Mentors log and see only their own time and expenses; coordinators see everything in their
program, decide on expenses and keep the budget. Other members get 403, outsiders 404 (as
everywhere: see ``acompana.accounts.permissions``).
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.people.models import MentorProfile
from acompana.programs.models import Program

COST_ROLES = (Role.COORDINATOR, Role.MENTOR)


def require_cost_access(user: Any, program: Program) -> frozenset[str]:
    """The user's roles if they may use time and cost at all (coordinators and mentors)."""
    return require_role(user, program, COST_ROLES)


def require_coordinator(user: Any, program: Program) -> None:
    require_role(user, program, [Role.COORDINATOR])


def is_coordinator(user: Any, program: Program) -> bool:
    return Role.COORDINATOR in require_member(user, program)


def own_mentor_profile(user: Any, program: Program) -> MentorProfile | None:
    """The user's mentor profile in the program, if they are a mentor there."""
    if Role.MENTOR not in require_member(user, program):
        return None
    return MentorProfile.objects.filter(program=program, user=user).first()


def require_own_mentor_profile(user: Any, program: Program) -> MentorProfile:
    """The caller's mentor profile; 403 for members who do not mentor in the program."""
    mentor = own_mentor_profile(user, program)
    if mentor is None:
        raise PermissionDenied
    return mentor
