"""The year-over-year diff of a program's design (training plan, rounds, instruments, the
call's rubric, the readiness checklist): pure data in, rows out.

A design is a list of ``Item`` objects. Each item belongs to a ``section`` ("session",
"round", ...), has a ``key`` that names it within the section (a title, a criterion's code),
optionally a ``group`` inside the section (the plan a session belongs to), and ``fields``.

The rollover moves a design by whole years, so the diff compares the old design *moved by the
same number of years* with the new one:

* a date moves by whole years (Feb 29 becomes Feb 28 in a common year);
* a naive datetime (a local wall-clock time) moves its day and keeps its time;
* a ``Span`` moves its start and keeps its number of days (a round from December to February
  stays in that order);
* a text has the old year, written as a word, replaced by the new one ("Inducción 2021" is
  "Inducción 2022" a year later).

So a session moved exactly by the rollover's year shift is unchanged; one moved by a day more
is reported as changed, with its old and its new time.

Items are paired first by (group, key) after the move; the items left on both sides of a
section and group are then paired in their order (a renamed session is "changed": its title
old → new); what is still left is "removed" (old) or "added" (new).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class Span:
    """From ``start`` to ``end`` (both days included)."""

    start: datetime.date
    end: datetime.date


Value = str | int | float | bool | None | datetime.date | datetime.datetime | Span | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Item:
    section: str
    key: str
    fields: Mapping[str, Value] = field(default_factory=dict)
    group: str = ""
    title: str = ""  # how to name the item when its key is a code (a criterion's name)


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: Value
    new: Value


@dataclass(frozen=True, slots=True)
class Row:
    """One item added, removed or changed; ``key`` is the new item's (the old one's when
    removed), ``old_key`` the old item's (empty when added); ``title`` is the item's own
    (the key when it has none)."""

    section: str
    group: str
    key: str
    change: Change
    old_key: str = ""
    fields: tuple[FieldChange, ...] = ()
    title: str = ""


@dataclass
class Diff:
    rows: list[Row] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)  # per section

    def section(self, name: str) -> list[Row]:
        return [row for row in self.rows if row.section == name]


def shift_date(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by ``years``; Feb 29 becomes Feb 28 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shift_value(value: Value, *, from_year: int, years: int) -> Value:
    """``value`` as the rollover moves it by ``years`` from ``from_year`` (see the module)."""
    if isinstance(value, str):
        return re.sub(rf"\b{from_year}\b", str(from_year + years), value)
    if isinstance(value, datetime.datetime):
        day = shift_date(value.date(), years)
        return datetime.datetime.combine(day, value.time(), tzinfo=value.tzinfo)
    if isinstance(value, datetime.date):
        return shift_date(value, years)
    if isinstance(value, Span):
        start = shift_date(value.start, years)
        return Span(start, start + (value.end - value.start))
    if isinstance(value, tuple):
        return tuple(str(shift_value(v, from_year=from_year, years=years)) for v in value)
    return value


def _field_changes(old: Item, new: Item, *, from_year: int, years: int) -> tuple[FieldChange, ...]:
    changes = []
    for name in list(old.fields) + [n for n in new.fields if n not in old.fields]:
        before, after = old.fields.get(name), new.fields.get(name)
        if shift_value(before, from_year=from_year, years=years) != after:
            changes.append(FieldChange(name=name, old=before, new=after))
    return tuple(changes)


def design_diff(old: Sequence[Item], new: Sequence[Item], *, from_year: int, years: int) -> Diff:
    """What changed from the design ``old`` (of ``from_year``) to ``new`` (``years`` later):
    rows in the order of the sections and items as they come (old first, then what is new)."""

    def moved(text: str) -> str:
        return str(shift_value(text, from_year=from_year, years=years))

    sections: list[str] = []
    for item in [*old, *new]:
        if item.section not in sections:
            sections.append(item.section)
    diff = Diff()
    for section in sections:
        olds = [i for i in old if i.section == section]
        news = [i for i in new if i.section == section]
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, item in enumerate(news):
            by_key[(item.group, item.key)].append(index)
        pairs: dict[int, int] = {}  # old index -> new index
        for index, item in enumerate(olds):
            candidates = by_key.get((moved(item.group), moved(item.key)))
            if candidates:
                pairs[index] = candidates.pop(0)
        taken = set(pairs.values())
        left_new: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(news):
            if index not in taken:
                left_new[item.group].append(index)
        for index, item in enumerate(olds):
            if index not in pairs and left_new.get(moved(item.group)):
                pairs[index] = left_new[moved(item.group)].pop(0)
        unchanged = 0
        paired_new = set(pairs.values())
        for index, item in enumerate(olds):
            if index not in pairs:
                diff.rows.append(
                    Row(section, item.group, item.key, "removed", title=item.title or item.key)
                )
                continue
            other = news[pairs[index]]
            changes = _field_changes(item, other, from_year=from_year, years=years)
            renamed = moved(item.key) != other.key
            if changes or renamed:
                title = other.title or other.key
                diff.rows.append(
                    Row(section, other.group, other.key, "changed", item.key, changes, title)
                )
            else:
                unchanged += 1
        for index, item in enumerate(news):
            if index not in paired_new:
                diff.rows.append(
                    Row(section, item.group, item.key, "added", title=item.title or item.key)
                )
        diff.unchanged[section] = unchanged
    return diff
