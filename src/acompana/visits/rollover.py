"""Visits' part of a cohort's rollover: the rounds, each with its protocol's current version,
and the instruments the year used (program-wide, so they stay in use without a copy)."""

from typing import Any

from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, shift_span, shift_text, span_text
from acompana.programs.models import Cohort
from acompana.visits.models import Instrument, Round
from acompana_core.design_diff import Item, Span


def instruments_in_use(*, cohort: Cohort) -> list[Instrument]:
    """The instruments answered in the visits of ``cohort``'s rounds, by name."""
    return list(
        Instrument.objects.filter(
            pk__in=Round.objects.filter(cohort=cohort).values("visits__responses__instrument")
        ).order_by("name")
    )


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """Copy ``source``'s rounds into ``target`` with their dates moved by ``years`` and the
    current version of their protocol; list the instruments in use, which need no copy."""
    created: list[Copied] = []
    rounds = Round.objects.filter(cohort=source).select_related("protocol_version__protocol")
    for old in rounds.order_by("starts_on", "pk"):
        starts_on, ends_on = shift_span(old.starts_on, old.ends_on, years)
        version = old.protocol_version.protocol.current if old.protocol_version else None
        new = Round.objects.create(
            program=old.program,
            cohort=target,
            name=shift_text(old.name, source.year, years),
            purpose=old.purpose,
            starts_on=starts_on,
            ends_on=ends_on,
            protocol_version=version,
        )
        audit.log("visits.round.copied", actor=actor, target=new, data={"from": old.pk})
        protocol = f" · {version}" if version else ""
        created.append((_("Round"), f"{new.name} ({span_text(starts_on, ends_on)}){protocol}"))
    created += [(_("Instrument in use"), i.name) for i in instruments_in_use(cohort=source)]
    return created


def cohort_design(*, cohort: Cohort) -> list[Item]:
    """What the rollover copies of ``cohort``, as plain data for the year-over-year diff: the
    rounds (name, purpose, dates, protocol version) and the instruments in use (for a cohort
    rolled over from another whose visits have answered none yet, the other's, which the
    rollover listed as in use)."""
    rounds = Round.objects.filter(cohort=cohort).select_related("protocol_version__protocol")
    design = [
        Item(
            "round",
            r.name,
            {
                "name": r.name,
                "purpose": r.purpose,
                "dates": Span(r.starts_on, r.ends_on),
                "protocol": str(r.protocol_version) if r.protocol_version else "",
            },
        )
        for r in rounds.order_by("starts_on", "pk")
    ]
    in_use = instruments_in_use(cohort=cohort)
    if not in_use and cohort.rolled_over_from_id:
        # Nothing answered yet in a rolled-over year: it uses what the rollover listed.
        in_use = instruments_in_use(cohort=Cohort(pk=cohort.rolled_over_from_id))
    design += [Item("instrument", i.name, {"name": i.name}) for i in in_use]
    return design
