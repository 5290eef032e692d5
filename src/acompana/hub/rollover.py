"""Rolling a cohort into the next year: a new cohort with the design of the old one (training
plan, rounds, instruments, readiness checklist, call rubric, group-session series, survey
distributions, budget), its dates moved by the difference of years. Each app copies its own
part; this module runs them in order in one transaction. Nothing of the old cohort changes."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, span_text
from acompana.costs import rollover as costs
from acompana.group_sessions import rollover as group_sessions
from acompana.people import rollover as people
from acompana.programs import rollover as programs
from acompana.programs.models import Cohort
from acompana.selection import rollover as selection
from acompana.surveys import rollover as surveys
from acompana.training import rollover as training
from acompana.visits import rollover as visits

# In this order: people first, so that series and distributions invite the returning mentors.
COPIERS = (
    training.cohort_copy,
    visits.cohort_copy,
    selection.cohort_copy,
    costs.cohort_copy,
)
INVITING = (group_sessions.cohort_copy, surveys.cohort_copy)


@dataclass
class Rollover:
    """What a rollover created (or, in a dry run, would create)."""

    source: Cohort
    target: Cohort | None
    dry_run: bool
    created: list[Copied] = field(default_factory=list)


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing it wrote is kept."""


@transaction.atomic
def _run(
    *,
    source: Cohort,
    name: str,
    year: int,
    mentor_ids: Collection[int],
    mentee_ids: Collection[int],
    continue_partnerships: bool,
    actor: Any,
) -> Rollover:
    target = programs.cohort_roll_create(source=source, name=name, year=year, actor=actor)
    years = year - source.year
    result = Rollover(source=source, target=target, dry_run=False)
    span = span_text(target.starts_on, target.ends_on)
    result.created.append((_("Cohort"), f"{target} ({span})"))
    for copy in COPIERS:
        result.created += copy(source=source, target=target, years=years, actor=actor)
    result.created += people.cohort_carry(
        source=source,
        target=target,
        mentor_ids=mentor_ids,
        mentee_ids=mentee_ids,
        continue_partnerships=continue_partnerships,
        actor=actor,
    )
    for copy in INVITING:
        result.created += copy(source=source, target=target, years=years, actor=actor)
    audit.log(
        "hub.rollover.done",
        actor=actor,
        target=target,
        data={"from": source.pk, "year": year, "created": len(result.created)},
    )
    return result


def cohort_rollover(
    *,
    source: Cohort,
    name: str,
    year: int,
    mentor_ids: Collection[int] = (),
    mentee_ids: Collection[int] = (),
    continue_partnerships: bool = False,
    dry_run: bool = False,
    actor: Any,
) -> Rollover:
    """Create the cohort ``name`` of ``year`` from ``source`` (see the module's docstring),
    carrying the chosen returning mentors and mentees. A dry run does the same work in a
    transaction that is then rolled back, so it lists exactly what the real run creates.
    Raises ``ValidationError`` when the target cohort exists (a second rollover)."""
    options = {
        "source": source,
        "name": name,
        "year": year,
        "mentor_ids": set(mentor_ids),
        "mentee_ids": set(mentee_ids),
        "continue_partnerships": continue_partnerships,
        "actor": actor,
    }
    if not dry_run:
        return _run(**options)
    planned: list[Copied] = []
    try:
        with transaction.atomic():
            planned = _run(**options).created
            raise _DryRun
    except _DryRun:
        pass
    return Rollover(source=source, target=None, dry_run=True, created=planned)
