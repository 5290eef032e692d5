"""Selection's part of a cohort's rollover: the call for mentors, with its rubric."""

from typing import Any

from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, shift_span, shift_text, span_text
from acompana.programs.models import Cohort
from acompana.selection.models import Call
from acompana_core.design_diff import Item


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """A new call for ``target`` from ``source``'s last call: its rubric as it was last edited
    and its dates moved by ``years`` (no applications)."""
    last = Call.objects.filter(cohort=source).order_by("-opens_on", "-pk").first()
    if last is None:
        return []
    opens_on, closes_on = shift_span(last.opens_on, last.closes_on, years)
    call = Call.objects.create(
        program=last.program,
        cohort=target,
        title=shift_text(last.title, source.year, years),
        opens_on=opens_on,
        closes_on=closes_on,
        rubric=last.rubric,
    )
    audit.log("selection.call.copied", actor=actor, target=call, data={"from": last.pk})
    criteria = len(call.rubric.get("criteria", [])) if isinstance(call.rubric, dict) else 0
    text = _("%(title)s (%(span)s, %(count)d criteria)") % {
        "title": call.title,
        "span": span_text(opens_on, closes_on),
        "count": criteria,
    }
    return [(_("Call for mentors"), text)]


def _scale(criterion: dict[str, Any]) -> str:
    """A criterion's points as one line: its options, bands or yes/no points."""
    if isinstance(criterion.get("options"), dict):
        return ", ".join(f"{k} {_number(v)}" for k, v in criterion["options"].items())
    if isinstance(criterion.get("bands"), list):
        return ", ".join(
            f"{b.get('label', '')} {_number(b.get('points', ''))}"
            for b in criterion["bands"]
            if isinstance(b, dict)
        )
    keys = ("yes_points", "no_points", "panel_max")
    return ", ".join(f"{k} {_number(criterion[k])}" for k in keys if k in criterion)


def _number(value: Any) -> Any:
    """A weight as written: 20.0 (as a form saves it) is 20."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def cohort_design(*, cohort: Cohort) -> list[Item]:
    """What the rollover copies of ``cohort``'s call for mentors, as plain data for the
    year-over-year diff: the last call's rubric criteria (label, weight, kind, points)."""
    last = Call.objects.filter(cohort=cohort).order_by("-opens_on", "-pk").first()
    if last is None or not isinstance(last.rubric, dict):
        return []
    return [
        Item(
            "criterion",
            str(c.get("code") or c.get("label", "")),
            {
                "label": str(c.get("label", "")),
                "weight": _number(c.get("weight")),
                "kind": str(c.get("kind", "")),
                "scale": _scale(c),
            },
            title=str(c.get("label", "")),
        )
        for c in last.rubric.get("criteria", [])
        if isinstance(c, dict)
    ]
