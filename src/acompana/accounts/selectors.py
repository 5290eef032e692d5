from dataclasses import dataclass
from typing import Any

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin
from acompana.programs.models import Program


@dataclass(frozen=True)
class ProgramRoles:
    program: Program
    roles: tuple[str, ...]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles]


def program_roles_for_user(*, user: Any) -> list[ProgramRoles]:
    """Every program the user may open, with their roles in it (site admins see all)."""
    by_program: dict[int, list[str]] = {}
    for program_id, role in Membership.objects.filter(user=user).values_list("program_id", "role"):
        by_program.setdefault(program_id, []).append(role)
    programs = (
        Program.objects.all() if is_site_admin(user) else Program.objects.filter(pk__in=by_program)
    )
    order = [r.value for r in Role]
    result = []
    for program in programs.order_by("name"):
        roles = set(by_program.get(program.pk, []))
        if is_site_admin(user):
            roles.add(Role.COORDINATOR)
        result.append(ProgramRoles(program, tuple(sorted(roles, key=order.index))))
    return result
