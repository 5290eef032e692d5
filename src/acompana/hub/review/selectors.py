"""Reading a cohort's design review: who may read and write it, its points with their
evidence's figures, and the year-over-year diff of the design between the cohort and the one
it was rolled over from (or into). Each app's ``rollover.cohort_design`` says what its design
is; ``acompana_core.design_diff`` compares two years of it."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common.shipped import in_reader_language
from acompana.common.years import span_text
from acompana.hub.review.evidence import Figure, Ref, evidence_option_refs, figures
from acompana.programs.models import Cohort, Program, ReviewPoint
from acompana.selection import rollover as selection
from acompana.training import rollover as training
from acompana.visits import rollover as visits
from acompana_core.design_diff import Diff, Item, Row, Span, Value, design_diff

READERS = (Role.COORDINATOR, Role.SPECIALIST, Role.TRAINER, Role.RESEARCHER)
WRITERS = (Role.COORDINATOR,)


def review_access(*, user: Any, program: Program) -> bool:
    """Whether ``user`` may write the program's design reviews; PermissionDenied when they
    may not read them (mentors and mentees), 404 outside the program."""
    roles = require_role(user, program, READERS)
    return Role.COORDINATOR in roles


# --- The design and its diff --------------------------------------------------------------

SECTIONS: dict[str, Promise] = {
    "plan": gettext_lazy("Training plans"),
    "session": gettext_lazy("Training sessions"),
    "round": gettext_lazy("Rounds and protocols"),
    "instrument": gettext_lazy("Instruments in use"),
    "criterion": gettext_lazy("Call rubric: criteria"),
    "readiness": gettext_lazy("Readiness checklist"),
}
FIELDS: dict[str, Promise] = {
    "title": gettext_lazy("Title"),
    "induction": gettext_lazy("Induction"),
    "days_before_field_work": gettext_lazy("Days before field work"),
    "module": gettext_lazy("Module"),
    "modality": gettext_lazy("Modality"),
    "track": gettext_lazy("Track"),
    "starts_at": gettext_lazy("Starts"),
    "duration_minutes": gettext_lazy("Minutes"),
    "trainer": gettext_lazy("Trainer"),
    "position": gettext_lazy("Position"),
    "modules": gettext_lazy("Signed from attendance of"),
    "name": gettext_lazy("Name"),
    "purpose": gettext_lazy("Purpose"),
    "dates": gettext_lazy("Dates"),
    "protocol": gettext_lazy("Protocol"),
    "label": gettext_lazy("Criterion"),
    "weight": gettext_lazy("Weight"),
    "kind": gettext_lazy("Kind"),
    "scale": gettext_lazy("Points"),
}
CHANGES: dict[str, Promise] = {
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Removed"),
    "changed": gettext_lazy("Changed"),
}


def cohort_design(*, cohort: Cohort) -> list[Item]:
    """``cohort``'s design as plain data: plans and sessions, readiness checklist, rounds,
    instruments in use, the call's rubric."""
    return [
        *training.cohort_design(cohort=cohort),
        *visits.cohort_design(cohort=cohort),
        *selection.cohort_design(cohort=cohort),
    ]


def value_text(value: Value) -> str:
    """A design value as the reader's locale writes it."""
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Span):
        return span_text(value.start, value.end)
    if isinstance(value, tuple):
        return ", ".join(in_reader_language(v) for v in value)
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True)
    return in_reader_language(value)


@dataclass
class FieldLine:
    label: str
    old: str
    new: str


@dataclass
class DiffLine:
    change: str
    change_label: str
    item: str
    old_item: str
    group: str
    fields: list[FieldLine] = field(default_factory=list)

    @property
    def tone(self) -> str:
        """The badge's colour: added success, removed danger, changed warning."""
        return {"added": "success", "removed": "danger"}.get(self.change, "warning")


@dataclass
class DiffSection:
    key: str
    label: str
    lines: list[DiffLine]
    unchanged: int


@dataclass
class YearDiff:
    old: Cohort
    new: Cohort
    sections: list[DiffSection]

    @property
    def changes(self) -> int:
        return sum(len(s.lines) for s in self.sections)


def _line(row: Row) -> DiffLine | None:
    """A row as the page shows it; None when it reads the same on both sides (a shipped text
    stored in the other language, 20 and 20.0)."""
    fields = [
        FieldLine(str(FIELDS.get(f.name, f.name)), value_text(f.old), value_text(f.new))
        for f in row.fields
    ]
    fields = [f for f in fields if f.old != f.new]
    item = in_reader_language(row.title or row.key)
    renamed = row.old_key and row.old_key != row.key
    old_item = in_reader_language(row.old_key) if renamed else ""
    if old_item == item:
        old_item = ""  # renamed to what reads the same
    if row.change == "changed" and not fields and not old_item:
        return None
    return DiffLine(
        change=row.change,
        change_label=str(CHANGES[row.change]),
        item=item,
        old_item=old_item,
        group=row.group,
        fields=fields,
    )


def _year_diff(old: Cohort, new: Cohort) -> YearDiff:
    diff: Diff = design_diff(
        cohort_design(cohort=old),
        cohort_design(cohort=new),
        from_year=old.year,
        years=new.year - old.year,
    )
    sections = []
    for key, label in SECTIONS.items():
        rows = diff.section(key)
        lines = [line for line in map(_line, rows) if line is not None]
        unchanged = diff.unchanged.get(key, 0) + len(rows) - len(lines)
        if lines or unchanged:
            sections.append(DiffSection(key, str(label), lines, unchanged))
    return YearDiff(old=old, new=new, sections=sections)


def year_diffs(*, cohort: Cohort) -> list[YearDiff]:
    """The diff from the cohort ``cohort`` was rolled over from to ``cohort``, and from
    ``cohort`` to the cohort rolled over from it (the earliest, if several), as they exist."""
    diffs = []
    if cohort.rolled_over_from_id:
        previous = Cohort.objects.select_related("program").get(pk=cohort.rolled_over_from_id)
        diffs.append(_year_diff(previous, cohort))
    following = cohort.rolled_into.order_by("year", "pk").first()
    if following is not None:
        diffs.append(_year_diff(cohort, following))
    return diffs


# --- The review ---------------------------------------------------------------------------


@dataclass
class PointView:
    point: ReviewPoint
    evidence: list[Figure]


@dataclass
class Review:
    cohort: Cohort
    points: list[PointView]
    diffs: list[YearDiff]
    options: list[Figure] = field(default_factory=list)  # what a new point may link

    def of_kind(self, kind: str) -> list[PointView]:
        return [p for p in self.points if p.point.kind == kind]

    @property
    def learned(self) -> list[PointView]:
        return self.of_kind(ReviewPoint.Kind.LEARNED)

    @property
    def changes(self) -> list[PointView]:
        return self.of_kind(ReviewPoint.Kind.CHANGE)


def review_points(
    *, cohort: Cohort, also: Sequence[Ref] = ()
) -> tuple[list[PointView], dict[Ref, Figure]]:
    """``cohort``'s review points (learned first, then changes, by area) with the figure of
    each piece of evidence; evidence whose object is gone shows as no longer available. The
    figures of the references ``also`` are read with them and returned too."""
    points = list(
        ReviewPoint.objects.filter(cohort=cohort)
        .select_related("author")
        .prefetch_related("evidence")
        .order_by("-kind", "area", "pk")
    )
    refs = [(e.kind, e.object_id) for p in points for e in p.evidence.all()]
    found = figures(cohort=cohort, refs=[*refs, *also])
    gone = _("No longer available in the program")
    views = [
        PointView(
            point=p,
            evidence=[
                found.get(
                    (e.kind, e.object_id),
                    Figure(e.kind, e.object_id, e.get_kind_display(), gone, ""),
                )
                for e in p.evidence.all()
            ],
        )
        for p in points
    ]
    return views, found


def cohort_review(*, cohort: Cohort, options: bool = False) -> Review:
    """Everything the review page and its export show: points and year-over-year diffs; with
    ``options``, what a new point may link too (for coordinators)."""
    refs = evidence_option_refs(cohort=cohort) if options else []
    points, found = review_points(cohort=cohort, also=refs)
    return Review(
        cohort=cohort,
        points=points,
        diffs=year_diffs(cohort=cohort),
        options=[found[ref] for ref in refs if ref in found],
    )
