"""Costs' part of a cohort's rollover: the budget lines of the year (amounts editable after)."""

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied
from acompana.costs.models import BudgetLine
from acompana.programs.models import Cohort


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """Budget ``target``'s year like ``source``'s: each category the new year has no line for
    gets the old year's amount and note."""
    program = source.program
    have = set(
        BudgetLine.objects.filter(program=program, year=target.year).values_list(
            "category", flat=True
        )
    )
    olds = BudgetLine.objects.filter(program=program, year=source.year).exclude(category__in=have)
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            program=program, year=target.year, category=o.category, amount=o.amount, note=o.note
        )
        for o in olds.order_by("category")
    )
    if lines:
        audit.log(
            "costs.budget.copied",
            actor=actor,
            program=program,
            data={"from": source.year, "to": target.year, "lines": len(lines)},
        )
    return [
        (
            _("Budget line"),
            f"{target.year} · {line.get_category_display()}: "
            + formats.number_format(line.amount, 2, use_l10n=True, force_grouping=True),
        )
        for line in lines
    ]
