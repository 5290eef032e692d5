"""Programs' part of a cohort's rollover: finding the cohort to roll and creating the next."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import shift_date, shift_span
from acompana.programs.models import Cohort, Program


def cohort_find(*, program: Program, label: str) -> Cohort | None:
    """The cohort of ``program`` named ``label``, or, for a year, the cohort of that year
    without a name (as in the demo)."""
    label = label.strip()
    found = Cohort.objects.filter(program=program, name=label).order_by("-year").first()
    if found is None and label.isdigit():
        found = Cohort.objects.filter(program=program, year=int(label), name="").first()
    return found


def target_name(*, name: str, year: int) -> str:
    """A new cohort named after its own year is stored without a name (shown as the year)."""
    name = name.strip()
    return "" if name == str(year) else name


def cohort_roll_check(*, source: Cohort, name: str, year: int) -> None:
    """Refuse a rollover into the past or into a cohort that exists (a second rollover)."""
    if year <= source.year:
        raise ValidationError(
            _("Roll %(source)s into a later year than %(year)d.")
            % {"source": source, "year": source.year}
        )
    existing = (
        Cohort.objects.filter(
            program=source.program, year=year, name=target_name(name=name, year=year)
        )
        .select_related("rolled_over_from")
        .first()
    )
    if existing is None:
        return
    if existing.rolled_over_from is not None:
        message = _(
            "Cohort %(target)s already exists: it was rolled over from %(source)s. "
            "A year is rolled over once; edit that cohort instead."
        ) % {"target": existing, "source": existing.rolled_over_from}
    else:
        message = _(
            "Cohort %(target)s already exists. Choose another name or year, or edit that cohort."
        ) % {"target": existing}
    raise ValidationError(message, code="exists")


def cohort_roll_create(*, source: Cohort, name: str, year: int, actor: Any) -> Cohort:
    """The cohort after ``source``: same modality and capacity, dates moved to ``year``."""
    cohort_roll_check(source=source, name=name, year=year)
    years = year - source.year
    starts_on = shift_date(source.starts_on, years) if source.starts_on else None
    ends_on = shift_date(source.ends_on, years) if source.ends_on else None
    if source.starts_on and source.ends_on:
        starts_on, ends_on = shift_span(source.starts_on, source.ends_on, years)
    cohort = Cohort.objects.create(
        program=source.program,
        year=year,
        name=target_name(name=name, year=year),
        modality=source.modality,
        starts_on=starts_on,
        ends_on=ends_on,
        mentor_capacity=source.mentor_capacity,
        rolled_over_from=source,
    )
    audit.log(
        "programs.cohort.rolled_over",
        actor=actor,
        target=cohort,
        data={"from": source.pk, "from_year": source.year, "year": year},
    )
    return cohort
