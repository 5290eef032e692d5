"""The change over a cycle, strand by strand: the stage a mentee placed themself at the start
and at the end. ``change_rows`` is pure (no database, no Django) so that its rules are tested
alone; ``change_svg`` draws its rows as an inline SVG with the same figures as a table.

Stages are compared by their order in the framework (``position``), never by code or name. A
strand rated at one moment only, or at neither, keeps its row: its missing end reads "—" and
it counts as neither up nor down.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    id: int
    position: int
    label: str


@dataclass(frozen=True)
class Strand:
    id: int
    code: str
    label: str
    domain_code: str
    domain_label: str


@dataclass(frozen=True)
class ChangeRow:
    strand: Strand
    start: Stage | None
    end: Stage | None

    @property
    def change(self) -> int | None:
        """Stages moved from start to end (positive: up); None when one is missing."""
        if self.start is None or self.end is None:
            return None
        return self.end.position - self.start.position


@dataclass(frozen=True)
class DomainGroup:
    code: str
    label: str
    rows: list[ChangeRow]


@dataclass(frozen=True)
class ChangeChart:
    stages: list[Stage]  # in the framework's order
    domains: list[DomainGroup]

    @property
    def rows(self) -> list[ChangeRow]:
        return [row for group in self.domains for row in group.rows]

    @property
    def moved_up(self) -> int:
        return sum(1 for row in self.rows if (row.change or 0) > 0)

    @property
    def moved_down(self) -> int:
        return sum(1 for row in self.rows if (row.change or 0) < 0)

    @property
    def empty(self) -> bool:
        return all(row.start is None and row.end is None for row in self.rows)


def change_rows(
    *,
    strands: Sequence[Strand],
    stages: Iterable[Stage],
    start: Mapping[int, int | None],
    end: Mapping[int, int | None],
) -> ChangeChart:
    """One row per strand (in the order given, grouped by domain in order of first appearance)
    with its start and end stage. ``start`` and ``end`` map a strand id to a stage id (or None:
    not rated); a stage id that is not one of ``stages`` counts as not rated."""
    ordered = sorted(stages, key=lambda s: (s.position, s.id))
    by_id = {stage.id: stage for stage in ordered}
    groups: dict[str, DomainGroup] = {}
    for strand in strands:
        group = groups.get(strand.domain_code)
        if group is None:
            group = groups[strand.domain_code] = DomainGroup(
                strand.domain_code, strand.domain_label, []
            )
        group.rows.append(
            ChangeRow(
                strand=strand,
                start=by_id.get(start.get(strand.id) or 0),
                end=by_id.get(end.get(strand.id) or 0),
            )
        )
    return ChangeChart(stages=ordered, domains=list(groups.values()))
