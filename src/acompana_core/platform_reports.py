"""Attendance reports of video platforms (Zoom, Google Meet, Microsoft Teams), read into rows
of name, email and minutes, then matched to the invited people.

``recognise`` tells a report's format from its (normalised) header; ``read_rows`` turns the
cells into ``ReportRow`` values, with one ``RowError`` per row it cannot read; ``match``
pairs rows with people by email, then by name without accents or case, and sums the minutes
of each person across reconnections; ``status_for`` applies the minimum-minutes rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Formats by their columns (headers lower-case, spaces as "_", as common.spreadsheets gives).
ZOOM = "zoom"
MEET = "meet"
TEAMS = "teams"
MAPPED = "mapped"

# The columns each format reads: (name columns joined by a space, email, duration).
KNOWN: dict[str, tuple[tuple[str, ...], str, str]] = {
    ZOOM: (("name_(original_name)",), "user_email", "duration_(minutes)"),
    "zoom_total": (("name_(original_name)",), "user_email", "total_duration_(minutes)"),
    "zoom_plain": (("name",), "user_email", "duration_(minutes)"),
    TEAMS: (("name",), "email", "in-meeting_duration"),
    "teams_classic": (("full_name",), "email", "duration"),
    MEET: (("first_name", "last_name"), "email", "duration"),
}
FAMILY = {"zoom_total": ZOOM, "zoom_plain": ZOOM, "teams_classic": TEAMS}
MAX_MINUTES_PER_ROW = 24 * 60


class ReportError(ValueError):
    """The report cannot be read at all."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    name: str
    email: str
    minutes: float


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def recognise(header: Sequence[str]) -> str | None:
    """The format whose columns the header holds (the most specific first), or None."""
    columns = set(header)
    for name, (names, email, duration) in KNOWN.items():
        if {*names, email, duration} <= columns:
            return name
    return None


def family(fmt: str) -> str:
    return FAMILY.get(fmt, fmt)


_CLOCK = re.compile(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$")
_PARTS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hora|horas|hour|hours|m|min|mins|minute|minutes|minuto|"
    r"minutos|s|sec|secs|second|seconds|segundo|segundos)\b"
)
_UNIT_MINUTES = {"h": 60.0, "m": 1.0, "s": 1 / 60}


def parse_minutes(text: str) -> float:
    """Minutes from "45", "45,5", "1:05:30", "1h 5m 30s", "1 hr 5 min", "55 min" or "30s".

    Raises ValueError for anything else and for a negative or day-long duration."""
    value = text.strip().lower()
    if not value:
        raise ValueError("empty")
    total: float
    clock = _CLOCK.match(value)
    if clock:
        hours, minutes, seconds = clock.groups()
        if seconds is None:  # "1:05" is hours and minutes
            total = int(hours) * 60 + int(minutes)
        else:
            total = int(hours) * 60 + int(minutes) + int(seconds) / 60
    elif re.fullmatch(r"\d+(?:[.,]\d+)?", value):
        total = float(value.replace(",", "."))
    else:
        parts = _PARTS.findall(value)
        if not parts or _PARTS.sub("", value).strip(" ,"):
            raise ValueError(value)
        total = sum(float(n.replace(",", ".")) * _UNIT_MINUTES[unit[0]] for n, unit in parts)
    if total < 0 or total > MAX_MINUTES_PER_ROW:
        raise ValueError(value)
    return total


def fold_name(text: str) -> str:
    """A name to compare: no accents, lower case, one space between words, without a
    parenthesised part (Zoom's "(Original Name)", a "(Guest)" mark)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s@.'-]", " ", plain).split())


def read_rows(
    fmt: str,
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    mapping: Mapping[str, str] | None = None,
) -> tuple[list[ReportRow], list[RowError]]:
    """The report's rows as (line, name, email, minutes), and the rows it could not read.

    ``fmt`` is a format of ``KNOWN`` or ``MAPPED`` with ``mapping`` giving the columns of
    "name", "email" (optional) and "duration"."""
    if fmt == MAPPED:
        if not mapping or not mapping.get("name") or not mapping.get("duration"):
            raise ReportError("Choose the columns of the name and of the duration.")
        names: tuple[str, ...] = (mapping["name"],)
        email_col = mapping.get("email") or ""
        duration_col = mapping["duration"]
    else:
        names, email_col, duration_col = KNOWN[fmt]
    out: list[ReportRow] = []
    errors: list[RowError] = []
    for line, cells in rows:
        name = " ".join(" ".join((cells.get(n) or "").split()) for n in names).strip()
        email = (cells.get(email_col) or "").strip().lower() if email_col else ""
        raw = cells.get(duration_col) or ""
        if not name and not email:
            errors.append(RowError(line, "no name and no email"))
            continue
        if email and ("@" not in email or " " in email or len(email) > 254):
            errors.append(RowError(line, f"the email {email[:60]!r} is not an address"))
            continue
        try:
            minutes = parse_minutes(raw)
        except ValueError:
            errors.append(RowError(line, f"the duration {raw[:30]!r} is not a number of minutes"))
            continue
        out.append(ReportRow(line=line, name=name[:200], email=email, minutes=minutes))
    return out, errors


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str


@dataclass
class Unmatched:
    """The rows of one connection the report names but no invited person matches (the same
    name and email across reconnections)."""

    key: str
    name: str
    email: str
    minutes: float = 0.0
    lines: list[int] = field(default_factory=list)


@dataclass
class Matching:
    minutes: dict[int, float]  # person id -> minutes summed across reconnections
    by: dict[int, str]  # person id -> "email" or "name"
    unmatched: list[Unmatched]


def unmatched_key(row: ReportRow) -> str:
    return row.email or f"name:{fold_name(row.name)}"


def match(rows: Iterable[ReportRow], people: Iterable[Person]) -> Matching:
    """Rows matched to people by email first, then by folded name (a name two people share
    matches neither); minutes summed per person; unmatched rows grouped by name and email."""
    people = list(people)
    by_email = {p.email.strip().lower(): p.id for p in people if p.email}
    by_name: dict[str, int | None] = {}
    for p in people:
        key = fold_name(p.name)
        if key:
            by_name[key] = None if key in by_name else p.id
    minutes: dict[int, float] = {}
    how: dict[int, str] = {}
    unmatched: dict[str, Unmatched] = {}
    for row in rows:
        pid = by_email.get(row.email) if row.email else None
        kind = "email"
        if pid is None:
            pid = by_name.get(fold_name(row.name))
            kind = "name"
        if pid is None:
            key = unmatched_key(row)
            entry = unmatched.setdefault(key, Unmatched(key=key, name=row.name, email=row.email))
            entry.minutes += row.minutes
            entry.lines.append(row.line)
            continue
        minutes[pid] = minutes.get(pid, 0.0) + row.minutes
        how.setdefault(pid, kind)
    return Matching(minutes=minutes, by=how, unmatched=list(unmatched.values()))


PRESENT = "present"
PARTIAL = "partial"
ABSENT = "absent"


def status_for(minutes: float | None, min_minutes: int) -> str:
    """Present from ``min_minutes`` connected, partial below it, absent when never connected."""
    if not minutes:
        return ABSENT
    return PRESENT if minutes >= min_minutes else PARTIAL
