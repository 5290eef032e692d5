"""A cohort's design review as a Markdown document that a ministry can file: the points with
their evidence (figure and address), then the year-over-year diffs of the design."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acompana.hub.review.selectors import FieldLine, PointView, Review, YearDiff


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _points(title: str, points: list[PointView], absolute: Callable[[str], str]) -> list[str]:
    lines = [f"## {title}", ""]
    if not points:
        return [*lines, _("None yet."), ""]
    for view in points:
        point = view.point
        lines.append(f"- **{point.get_area_display()}**")
        lines += [f"  {line}".rstrip() for line in point.text.splitlines()]
        for figure in view.evidence:
            link = f" <{absolute(figure.url)}>" if figure.url else ""
            lines.append(f"  - {figure.kind_label}: {figure.text}{link}")
        lines.append("")
    return lines


def _diff(diff: YearDiff) -> list[str]:
    heading = _("Design from %(old)s to %(new)s") % {"old": diff.old, "new": diff.new}
    lines = [f"## {heading}", ""]
    if not diff.sections:
        return [*lines, _("Neither year has a design yet."), ""]
    for section in diff.sections:
        lines += [f"### {section.label}", ""]
        if section.lines:
            header = [_("Change"), _("Item"), _("Field"), _("Before"), _("After")]
            lines += ["| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
            for line in section.lines:
                item = f"{line.old_item} → {line.item}" if line.old_item else line.item
                fields: list[FieldLine | None] = [*line.fields] or [None]
                for f in fields:
                    cells = [line.change_label, item]
                    cells += [f.label, f.old, f.new] if f else ["", "", ""]
                    lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
            lines.append("")
        lines += [_("Unchanged: %(count)d.") % {"count": section.unchanged}, ""]
    return lines


def review_markdown(*, review: Review, absolute: Callable[[str], str]) -> str:
    """The review as Markdown; ``absolute`` turns a path into a full address."""
    cohort = review.cohort
    title = _("Design review of cohort %(cohort)s") % {"cohort": cohort}
    lines = [
        f"# {title}",
        "",
        f"{cohort.program.name} · {date_format(timezone.localdate(), 'SHORT_DATE_FORMAT')}",
        "",
    ]
    lines += _points(_("What we learned"), review.learned, absolute)
    lines += _points(_("What changes for next year"), review.changes, absolute)
    for diff in review.diffs:
        lines += _diff(diff)
    if not review.diffs:
        lines += [_("No cohort was rolled over from or into this one yet."), ""]
    return "\n".join(lines).rstrip() + "\n"
