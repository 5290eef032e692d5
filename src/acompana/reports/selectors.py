"""Report tables. Each returns a header and rows, ready for a page, CSV or XLSX."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.people.models import MentorProfile
from acompana.programs.models import Program


def years(value: Decimal) -> str:
    """5.0 → "5", 2.5 → "2.5": years as the study writes them."""
    return format(value.normalize(), "f") if value else "0"


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def mentor_experience_table(
    *, program: Program, with_names: bool
) -> tuple[list[str], list[list[Any]]]:
    """Table 3 of the Peru study for a program: one row per mentor, the study's columns."""
    header = [
        _("Code"),
        _("Highest degree"),
        _("Years teaching"),
        _("Years in management"),
        _("Training or accompaniment of teachers"),
        _("Technical assistance to principals"),
        _("Mentoring programs"),
    ]
    if with_names:
        header.insert(1, _("Name"))
    rows = []
    mentors = MentorProfile.objects.filter(program=program, active=True).select_related("user")
    for mentor in mentors.order_by("code"):
        row: list[Any] = [
            mentor.code,
            mentor.get_highest_degree_display(),
            years(mentor.teaching_years),
            years(mentor.management_years),
            yes_no(mentor.accompaniment_experience),
            yes_no(mentor.technical_assistance),
            mentor.programs_served,
        ]
        if with_names:
            row.insert(1, mentor.user.get_full_name())
        rows.append(row)
    return header, rows


def mentor_experience_for_user(*, user: Any, program: Program) -> tuple[list[str], list[list[Any]]]:
    """Coordinators see names; researchers see code names only (pseudonymous)."""
    roles = require_role(user, program, [Role.COORDINATOR, Role.RESEARCHER])
    return mentor_experience_table(program=program, with_names=Role.COORDINATOR in roles)
