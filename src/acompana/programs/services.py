"""Programs and their cohorts: create and update, audited."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.frameworks.models import Framework
from acompana.programs.models import Cohort, Modality, Program

PROGRAM_FIELDS = (
    "name",
    "description",
    "framework",
    "time_zone",
    "language",
    "jitsi_url",
    "readiness_gate",
)
# Program fields whose values are checked as the model checks them (the others by the callers).
VALIDATED_FIELDS = ("time_zone", "language", "jitsi_url")
COHORT_FIELDS = ("year", "name", "modality", "starts_on", "ends_on", "mentor_capacity")


def _changed(instance: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The values that differ from what ``instance`` holds, among ``fields``."""
    return {
        name: value
        for name, value in values.items()
        if name in fields and getattr(instance, name) != value
    }


def _printable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (
            value.isoformat() if isinstance(value, datetime.date) else getattr(value, "slug", value)
        )
        for name, value in values.items()
    }


@transaction.atomic
def program_create(
    *,
    slug: str,
    name: str,
    description: str = "",
    framework: Framework | None = None,
    time_zone: str = "",
    language: str = "",
    actor: Any,
) -> Program:
    """A new program; its slug is its address and must be free."""
    if Program.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("A program with this address already exists.")]})
    program = Program(
        slug=slug,
        name=name,
        description=description,
        framework=framework,
        time_zone=time_zone,
        language=language,
    )
    program.full_clean(validate_unique=False)
    program.save()
    audit.log(
        "programs.program.created",
        actor=actor,
        target=program,
        program=program,
        data={"slug": slug, "name": name},
    )
    return program


@transaction.atomic
def program_update(*, program: Program, actor: Any, **values: Any) -> Program:
    """Change a program's name, description, framework, time zone, language, Jitsi server or
    readiness gate (others are ignored)."""
    changed = _changed(program, values, PROGRAM_FIELDS)
    if changed:
        checked = [name for name in changed if name in VALIDATED_FIELDS]
        if checked:
            # Raises with the names of the refused fields.
            Program(**{name: changed[name] for name in checked}).clean_fields(
                exclude=[f.name for f in Program._meta.fields if f.name not in checked]
            )
        _save_changes(program, changed, "programs.program.updated", actor=actor, program=program)
    return program


def _save_changes(
    record: Program | Cohort, changed: dict[str, Any], action: str, *, actor: Any, program: Program
) -> None:
    """Save the ``changed`` fields of ``record`` and record ``action`` with before and after."""
    before = {name: getattr(record, name) for name in changed}
    for name, value in changed.items():
        setattr(record, name, value)
    record.save(update_fields=[*changed, "updated_at"])
    data = {"before": _printable(before), "after": _printable(changed)}
    audit.log(action, actor=actor, target=record, program=program, data=data)


def _check_cohort(
    *, program: Program, cohort: Cohort | None, year: int, name: str, starts_on: Any, ends_on: Any
) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The cohort cannot end before it starts.")]})
    same = Cohort.objects.filter(program=program, year=year, name=name)
    if cohort is not None:
        same = same.exclude(pk=cohort.pk)
    if same.exists():
        raise ValidationError(
            {"name": [_("The program already has a cohort with this year and name.")]}
        )


@transaction.atomic
def cohort_create(
    *,
    program: Program,
    year: int,
    modality: str,
    name: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    mentor_capacity: int | None = None,
    actor: Any,
) -> Cohort:
    """A new cohort of ``program`` (year and name unique in the program)."""
    if modality not in Modality.values:
        raise ValidationError({"modality": [_("Choose in person, virtual or hybrid.")]})
    _check_cohort(
        program=program, cohort=None, year=year, name=name, starts_on=starts_on, ends_on=ends_on
    )
    cohort = Cohort.objects.create(
        program=program,
        year=year,
        name=name,
        modality=modality,
        starts_on=starts_on,
        ends_on=ends_on,
        mentor_capacity=mentor_capacity,
    )
    audit.log(
        "programs.cohort.created",
        actor=actor,
        target=cohort,
        data=_printable({"year": year, "name": name, "modality": modality}),
    )
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, actor: Any, **values: Any) -> Cohort:
    """Change a cohort's year, name, modality, dates or mentor capacity (others are ignored)."""
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    changed = _changed(cohort, values, COHORT_FIELDS)
    if not changed:
        return cohort
    after = {name: changed.get(name, getattr(cohort, name)) for name in COHORT_FIELDS}
    if after["modality"] not in Modality.values:
        raise ValidationError({"modality": [_("Choose in person, virtual or hybrid.")]})
    _check_cohort(
        program=cohort.program,
        cohort=cohort,
        year=after["year"],
        name=after["name"],
        starts_on=after["starts_on"],
        ends_on=after["ends_on"],
    )
    _save_changes(cohort, changed, "programs.cohort.updated", actor=actor, program=cohort.program)
    return cohort
