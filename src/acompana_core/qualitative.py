"""Computations for qualitative analysis: offsets, coder agreement, co-occurrence, networks.

Pure Python (no Django) so that it can be tested on its own and reused by the API, the pages
and commands.

Positions are Unicode code points (Python ``str`` indices), end-exclusive, as stored in the
database and in REFI-QDA files. Browsers count in UTF-16 code units (a character outside the
Basic Multilingual Plane, such as most emoji, takes two), so offsets coming from a browser
selection are converted with :func:`utf16_to_code_points`.

Agreement between two coders is computed over code points: for each code, every code point
of every document both coders worked on is a unit that each coder either coded with that
code (inside one of their segments carrying it) or not. Percent agreement is the share of
units on which they agree; Cohen's kappa corrects it for the agreement expected by chance.

Co-occurrence: two codes co-occur when they are applied to the same segment, or to two
segments of the same document that overlap (share at least one code point). The count for a
pair of codes is the number of distinct segment pairs ``{s, t}`` (``s`` may be ``t``) in which
one segment carries the first code and the other carries the second.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

__all__ = [
    "CoSegment",
    "CodeAgreement",
    "Coding",
    "Cooccurrence",
    "NetworkNode",
    "Turn",
    "agreement",
    "code_points_to_utf16",
    "cooccurrence",
    "network_layout",
    "network_svg",
    "speaker_at",
    "speaker_turns",
    "utf16_length",
    "utf16_to_code_points",
]


# --- speaker turns ---------------------------------------------------------------------------

# A turn starts a line with the speaker's label and a colon: "Entrevistadora: ¿Cómo...".
# The label is short and has no sentence punctuation; a colon later in a line ("... Nota: algo")
# never starts a turn.
_TURN = re.compile(r"^[ \t]*([^\n:.?!¿¡]{1,40}?)[ \t]*:[ \t]", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker's turn: ``text[start:label_end]`` is the label, ``text[start:end]`` the turn."""

    speaker: str
    start: int
    label_end: int
    end: int


def speaker_turns(text: str) -> list[Turn]:
    """The speaker turns of a transcript, in order; empty when no line starts with a label.

    A turn runs from its label to the next label (or the end of the text), so every code
    point after the first label belongs to exactly one turn.
    """
    found = [(m.start(), m.end(), m.group(1).strip()) for m in _TURN.finditer(text)]
    return [
        Turn(speaker, start, label_end, found[i + 1][0] if i + 1 < len(found) else len(text))
        for i, (start, label_end, speaker) in enumerate(found)
    ]


def speaker_at(turns: Sequence[Turn], offset: int) -> str | None:
    """Who is speaking at ``offset``, or ``None`` before the first turn."""
    for turn in turns:
        if turn.start <= offset < turn.end:
            return turn.speaker
    return None


# --- offsets ---------------------------------------------------------------------------------


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (what JavaScript's ``length`` gives)."""
    return sum(_units(char) for char in text)


def utf16_to_code_points(text: str, offset: int) -> int:
    """The code point index of the UTF-16 ``offset`` into ``text``.

    Raises ``ValueError`` when the offset is negative, past the end, or falls between the two
    halves of a surrogate pair (no browser selection ends there).
    """
    if offset < 0:
        raise ValueError("offset must not be negative")
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += _units(char)
        if units > offset:
            raise ValueError("offset falls inside a character")
    if units == offset:
        return len(text)
    raise ValueError("offset is past the end of the text")


def code_points_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of the code point index ``offset`` into ``text``."""
    if offset < 0 or offset > len(text):
        raise ValueError("offset is outside the text")
    return utf16_length(text[:offset])


# --- agreement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coding:
    """One code applied by one coder to ``document[start:end]`` (code points)."""

    document: Hashable
    start: int
    end: int
    code: Hashable


@dataclass(frozen=True)
class CodeAgreement:
    code: Hashable
    units: int  # code points compared
    both: int  # coded with the code by both coders
    only_a: int
    only_b: int
    neither: int
    percent: float | None  # 0..100, None when there are no units
    kappa: float | None
    kappa_note: str = ""  # why kappa is None


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(intervals: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def _intersection(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if high > low:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def agreement(
    lengths: Mapping[Any, int],
    a: Iterable[Coding],
    b: Iterable[Coding],
    codes: Sequence[Hashable],
) -> list[CodeAgreement]:
    """Percent agreement and Cohen's kappa per code between coders ``a`` and ``b``.

    ``lengths`` gives the length in code points of every document compared (the documents
    both coders coded); codings on other documents are ignored, and spans are clipped to the
    document. Kappa is ``None`` when it is undefined: no units, or chance agreement of 1
    (both coders applied the code to every unit, or neither applied it anywhere).
    """
    spans: dict[tuple[str, Hashable, Hashable], list[tuple[int, int]]] = defaultdict(list)
    for who, codings in (("a", a), ("b", b)):
        for c in codings:
            if c.document not in lengths:
                continue
            size = lengths[c.document]
            spans[(who, c.code, c.document)].append((max(c.start, 0), min(c.end, size)))
    total = sum(max(n, 0) for n in lengths.values())
    results = []
    for code in codes:
        in_a = in_b = both = 0
        for document in lengths:
            merged_a = _merge(spans.get(("a", code, document), []))
            merged_b = _merge(spans.get(("b", code, document), []))
            in_a += _covered(merged_a)
            in_b += _covered(merged_b)
            both += _intersection(merged_a, merged_b)
        only_a, only_b = in_a - both, in_b - both
        neither = total - both - only_a - only_b
        if total == 0:
            results.append(
                CodeAgreement(code, 0, 0, 0, 0, 0, None, None, "there is no text to compare")
            )
            continue
        observed = (both + neither) / total
        pa, pb = in_a / total, in_b / total
        expected = pa * pb + (1 - pa) * (1 - pb)
        kappa: float | None
        if math.isclose(expected, 1.0):
            kappa = None
            note = (
                "neither coder applied this code"
                if in_a == 0 and in_b == 0
                else "both coders applied this code to all the text"
            )
        else:
            kappa = (observed - expected) / (1 - expected)
            note = ""
        results.append(
            CodeAgreement(
                code, total, both, only_a, only_b, neither, 100 * observed, kappa, kappa_note=note
            )
        )
    return results


# --- co-occurrence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CoSegment:
    """A coded segment: its document, span (code points) and the codes applied to it."""

    document: Hashable
    start: int
    end: int
    codes: frozenset[Hashable]


@dataclass
class Cooccurrence:
    """Codes' frequencies (segments carrying each) and co-occurrence counts per code pair."""

    frequencies: dict[Hashable, int] = field(default_factory=dict)
    pairs: dict[frozenset[Hashable], int] = field(default_factory=dict)

    def count(self, x: Hashable, y: Hashable) -> int:
        return self.pairs.get(frozenset((x, y)), 0) if x != y else 0

    def coefficient(self, x: Hashable, y: Hashable) -> float:
        """The c-coefficient ``n12 / (n1 + n2 - n12)``, between 0 and 1 (as in ATLAS.ti)."""
        n12 = self.count(x, y)
        denominator = self.frequencies.get(x, 0) + self.frequencies.get(y, 0) - n12
        return n12 / denominator if denominator > 0 else 0.0


def cooccurrence(segments: Iterable[CoSegment]) -> Cooccurrence:
    """Count co-occurring codes (see the module docstring for the definition)."""
    result = Cooccurrence()
    by_document: dict[Hashable, list[CoSegment]] = defaultdict(list)
    for segment in segments:
        for code in segment.codes:
            result.frequencies[code] = result.frequencies.get(code, 0) + 1
        by_document[segment.document].append(segment)

    def add(s: CoSegment, t: CoSegment) -> None:
        seen: set[frozenset[Hashable]] = set()
        for x in s.codes:
            for y in t.codes:
                if x != y:
                    seen.add(frozenset((x, y)))
        for pair in seen:
            result.pairs[pair] = result.pairs.get(pair, 0) + 1

    # A sweep over each document's segments sorted by start: the segments that may overlap
    # ``s`` are the ones after it that start before it ends (indices, so nothing is copied).
    for items in by_document.values():
        items.sort(key=lambda s: (s.start, s.end))
        size = len(items)
        for i, s in enumerate(items):
            add(s, s)
            if s.end <= s.start:
                continue
            for j in range(i + 1, size):
                t = items[j]
                if t.start >= s.end:
                    break
                if t.end > t.start:
                    add(s, t)
    return result


# --- network picture -------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkNode:
    key: Hashable
    label: str
    frequency: int
    color: str = "#4A6FA5"


def network_layout(
    count: int, *, width: float, height: float, margin_x: float, margin_y: float
) -> list[tuple[float, float]]:
    """Positions of ``count`` nodes on an ellipse, the first at the top, going clockwise.

    Deterministic, and nodes keep apart whatever the edges are. The margins leave room for
    the labels, which stand beside the nodes (wide margins) or above and below (narrow ones).
    """
    cx, cy = width / 2, height / 2
    rx, ry = max(width / 2 - margin_x, 0.0), max(height / 2 - margin_y, 0.0)
    if count == 1:
        return [(cx, cy)]
    return [
        (
            round(cx + rx * math.sin(2 * math.pi * i / count), 1),
            round(cy - ry * math.cos(2 * math.pi * i / count), 1),
        )
        for i in range(count)
    ]


def _color(value: str) -> str:
    text = value.strip()
    if len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:]):
        return text
    return "#4A6FA5"


def network_svg(
    nodes: Sequence[NetworkNode],
    edges: Mapping[frozenset[Hashable], int],
    *,
    title: str,
    description: str,
    width: int = 960,
    height: int = 560,
    id_prefix: str = "network",
    label_chars: int = 30,
) -> str:
    """An SVG picture: codes as circles sized by frequency, co-occurrences as lines whose
    width grows with the count. Only presentation attributes (no ``style``, no script) so it
    can be shown inline under a strict Content-Security-Policy; all text is escaped."""
    # Room at the sides for the labels (about 6.5 px a character at 12 px), shortened to
    # ``label_chars``; the full name stays in each circle's tooltip.
    longest = min(max((len(n.label) for n in nodes), default=0), label_chars) + 5
    margin_x = min(max(6.5 * longest + 30, 80.0), width / 2 - 60)
    positions = network_layout(
        len(nodes), width=width, height=height, margin_x=margin_x, margin_y=70.0
    )
    where = {node.key: positions[i] for i, node in enumerate(nodes)}
    names = {node.key: node.label for node in nodes}
    top_frequency = max((n.frequency for n in nodes), default=0) or 1
    shown = {
        pair: weight
        for pair, weight in edges.items()
        if weight > 0 and len(pair) == 2 and all(k in where for k in pair)
    }
    top_weight = max(shown.values(), default=0) or 1
    ids = escape(id_prefix, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart network" '
        f'aria-labelledby="{ids}-title {ids}-desc">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(description)}</desc>',
        f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="#1f2933">{escape(title)}</text>',
    ]
    order = {node.key: i for i, node in enumerate(nodes)}
    for pair, weight in sorted(shown.items(), key=lambda item: sorted(order[k] for k in item[0])):
        first, second = sorted(pair, key=lambda k: order[k])
        (x1, y1), (x2, y2) = where[first], where[second]
        stroke = 1 + 7 * weight / top_weight
        label = f"{names[first]} — {names[second]}: {weight}"
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#7b8794" '
            f'stroke-opacity="0.7" stroke-width="{stroke:.1f}"><title>{escape(label)}</title>'
            "</line>"
        )
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 3:.1f}" text-anchor="middle" '
            f'font-size="10" fill="#52606d">{weight}</text>'
        )
    cx = width / 2
    for node in nodes:
        x, y = where[node.key]
        r = 6 + 18 * math.sqrt(node.frequency / top_frequency)
        anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        dx = 0.0 if anchor == "middle" else (r + 4 if anchor == "start" else -(r + 4))
        dy = -(r + 6) if anchor == "middle" and y < height / 2 else 4.0
        if anchor == "middle" and y >= height / 2 and len(nodes) > 1:
            dy = r + 14
        label = f"{node.label} ({node.frequency})"
        short = node.label if len(node.label) <= label_chars else node.label[: label_chars - 1]
        short = short if short == node.label else short.rstrip() + "…"
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{_color(node.color)}" '
            f'stroke="#1f2933" stroke-width="1"><title>{escape(label)}</title></circle>'
        )
        parts.append(
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="12" '
            f'fill="#1f2933">{escape(f"{short} ({node.frequency})")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
