from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin, require_member, require_role
from acompana.common.counting import count_of
from acompana.programs import locale
from acompana.programs.models import Cohort, Program, School


def get_program_for_user(*, user: Any, slug: str, roles: tuple[str, ...] = ()) -> Program:
    """The program, if ``user`` belongs to it (and holds one of ``roles`` when given)."""
    program = get_object_or_404(Program.objects.select_related("framework"), slug=slug)
    if roles:
        require_role(user, program, roles)
    else:
        require_member(user, program)
    locale.apply(program)
    return program


def program_list_for_user(*, user: Any) -> QuerySet[Program]:
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(memberships__user=user).distinct()


def cohort_list(*, program: Program) -> QuerySet[Cohort]:
    return program.cohorts.annotate(
        mentor_count=count_of(Cohort.mentors.through, "cohort"),
        mentee_count=count_of(Cohort.mentees.through, "cohort"),
    ).order_by("year", "name")


def get_cohort_for_user(*, user: Any, program: Program, pk: int) -> Cohort:
    require_member(user, program)
    return get_object_or_404(cohort_list(program=program), pk=pk)


def school_list_for_user(*, user: Any, program: Program) -> QuerySet[School]:
    require_role(user, program, [Role.COORDINATOR])
    return (
        School.objects.filter(program=program)
        .select_related("region")
        .annotate(mentee_count=count_of(School.mentees.field.model, "school"))
        .order_by("name")
    )


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
