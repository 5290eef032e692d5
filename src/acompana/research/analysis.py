"""Reads for the analysis pages: the code tree, retrieval, frequencies, co-occurrence, agreement.

The computations themselves are in ``acompana_core.qualitative`` (no Django); this module
fetches the rows of one study in a fixed number of queries and hands them over. Participants
and coders appear by code name only.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from acompana.research.models import Code, Document, Participant, Segment, Study, StudyMember
from acompana_core import qualitative


@dataclass(frozen=True)
class TreeRow:
    code: Code
    depth: int


def code_tree(study: Study, codes: Iterable[Code] | None = None) -> list[TreeRow]:
    """The study's codes depth first, each with its depth (0 for top-level categories)."""
    rows = list(codes) if codes is not None else list(study.codes.all())
    children: dict[int | None, list[Code]] = defaultdict(list)
    known = {code.pk for code in rows}
    for code in rows:
        parent = code.parent_id if code.parent_id in known else None
        children[parent].append(code)
    out: list[TreeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in sorted(children.get(parent, []), key=lambda c: (c.order, c.name.lower())):
            out.append(TreeRow(code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return out


@dataclass(frozen=True)
class CodedSegment:
    """What the frequencies and the co-occurrence read of a segment (no text)."""

    pk: int
    document_id: int
    participant_id: int | None  # the document's participant
    start: int
    end: int
    codes: frozenset[int]  # code ids


def coded_segments(study: Study) -> list[CodedSegment]:
    """The study's segments with their codes, in two queries and without any document text.
    Pass the list to ``frequencies_by_attribute`` and ``cooccurrence_table`` to read it once
    for both."""
    codes: dict[int, set[int]] = defaultdict(set)
    for segment_id, code_id in Segment.codes.through.objects.filter(
        segment__document__study=study
    ).values_list("segment_id", "code_id"):
        codes[segment_id].add(code_id)
    rows = (
        Segment.objects.filter(document__study=study)
        .order_by("document_id", "start", "end")
        .values_list("pk", "document_id", "document__participant_id", "start", "end")
    )
    return [
        CodedSegment(pk, document, participant, start, end, frozenset(codes.get(pk, ())))
        for pk, document, participant, start, end in rows
    ]


def _value_label(value: Any) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value is None or value == "":
        return _("(no value)")
    return str(value)


@dataclass
class Frequencies:
    attribute: str
    values: list[str]  # column labels, sorted
    participants: dict[str, int]  # participants per value
    rows: list[tuple[Code, list[int], int]]  # code, count per value, total

    @property
    def columns(self) -> list[tuple[str, int]]:
        return [(value, self.participants.get(value, 0)) for value in self.values]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = [_("Code"), *self.values, _("Total")]
        return header, [[code.name, *counts, total] for code, counts, total in self.rows]


def frequencies_by_attribute(
    study: Study, attribute: str, segments: list[CodedSegment] | None = None
) -> Frequencies:
    """Segments per codable code, split by the value the document's participant has for
    ``attribute`` (documents without a participant count under "(no value)").
    ``segments`` is ``coded_segments(study)`` when the caller already has it."""
    if segments is None:
        segments = coded_segments(study)
    participants: dict[str, int] = defaultdict(int)
    label_of: dict[int | None, str] = {None: _value_label(None)}
    for participant in study.participants.all():
        label = _value_label(participant.attributes.get(attribute))
        participants[label] += 1
        label_of[participant.pk] = label
    elsewhere = {s.participant_id for s in segments if s.participant_id is not None}
    elsewhere -= label_of.keys()
    if elsewhere:  # a document of the study whose participant is not the study's
        for participant in Participant.objects.filter(pk__in=elsewhere):
            label_of[participant.pk] = _value_label(participant.attributes.get(attribute))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    labels = set(participants)
    for segment in segments:
        label = label_of[segment.participant_id]
        labels.add(label)
        for code in segment.codes:
            counts[(code, label)] += 1
    values = sorted(labels)
    rows = []
    for row in code_tree(study):
        if not row.code.is_codable:
            continue
        per_value = [counts.get((row.code.pk, value), 0) for value in values]
        rows.append((row.code, per_value, sum(per_value)))
    return Frequencies(attribute, values, dict(participants), rows)


@dataclass
class CooccurrenceTable:
    codes: list[Code]  # codes that co-occur with at least one other
    result: qualitative.Cooccurrence
    all_codes: list[Code]

    def matrix(self) -> list[tuple[Code, list[int]]]:
        return [(x, [self.result.count(x.pk, y.pk) for y in self.codes]) for x in self.codes]

    def pairs(self) -> list[tuple[Code, Code, int, float]]:
        out = []
        for i, x in enumerate(self.codes):
            for y in self.codes[i + 1 :]:
                n = self.result.count(x.pk, y.pk)
                if n:
                    out.append((x, y, n, self.result.coefficient(x.pk, y.pk)))
        return sorted(out, key=lambda row: (-row[2], row[0].name, row[1].name))


def cooccurrence_table(
    study: Study, segments: list[CodedSegment] | None = None
) -> CooccurrenceTable:
    """Co-occurrence of the codable codes; ``segments`` is ``coded_segments(study)`` when the
    caller already has it."""
    if segments is None:
        segments = coded_segments(study)
    result = qualitative.cooccurrence(
        qualitative.CoSegment(s.document_id, s.start, s.end, s.codes) for s in segments
    )
    tree = [row.code for row in code_tree(study) if row.code.is_codable]
    linked = {key for pair in result.pairs for key in pair}
    return CooccurrenceTable([c for c in tree if c.pk in linked], result, tree)


def network_svg(table: CooccurrenceTable, *, title: str) -> str:
    """The network picture: codes applied at least once, edges weighted by co-occurrence."""
    nodes = [
        qualitative.NetworkNode(c.pk, c.name, table.result.frequencies.get(c.pk, 0), c.color)
        for c in table.all_codes
        if table.result.frequencies.get(c.pk, 0)
    ]
    description = _(
        "%(codes)d codes as circles sized by how many segments carry them, and %(pairs)d "
        "lines between codes applied to the same or overlapping passages, wider when they "
        "co-occur more often."
    ) % {"codes": len(nodes), "pairs": len(table.result.pairs)}
    return qualitative.network_svg(
        nodes, table.result.pairs, title=title, description=description, id_prefix="network"
    )


@dataclass
class Agreement:
    documents: list[Document]
    results: list[tuple[Code, qualitative.CodeAgreement]]


def coder_agreement(study: Study, a: StudyMember, b: StudyMember) -> Agreement:
    """Agreement of two coders per codable code over the documents both of them coded."""
    segments = list(
        Segment.objects.filter(document__study=study, coder__in=[a, b]).prefetch_related("codes")
    )
    coded_by: dict[int, set[int]] = defaultdict(set)
    for segment in segments:
        assert segment.coder_id is not None
        coded_by[segment.document_id].add(segment.coder_id)
    shared = [pk for pk, coders in coded_by.items() if coders == {a.pk, b.pk}]
    documents = list(study.documents.filter(pk__in=shared).order_by("name"))
    lengths = {d.pk: len(d.text) for d in documents}
    codings: dict[int, list[qualitative.Coding]] = {a.pk: [], b.pk: []}
    for segment in segments:
        assert segment.coder_id is not None
        for code in segment.codes.all():
            codings[segment.coder_id].append(
                qualitative.Coding(segment.document_id, segment.start, segment.end, code.pk)
            )
    codes = [row.code for row in code_tree(study) if row.code.is_codable]
    used = {c.code for c in codings[a.pk] + codings[b.pk] if c.document in lengths}
    codes = [c for c in codes if c.pk in used]
    results = qualitative.agreement(lengths, codings[a.pk], codings[b.pk], [c.pk for c in codes])
    return Agreement(documents, list(zip(codes, results, strict=True)))


@dataclass(frozen=True)
class Run:
    """A stretch of a document's text covered by the same segments (``depth`` of them)."""

    text: str
    depth: int
    segments: tuple[int, ...]
    speaker: bool = False  # the run is a speaker's label ("7G: ")


def highlight_runs(text: str, segments: Iterable[Segment]) -> list[Run]:
    """The text cut at every segment boundary and around speakers' labels, so that each run
    is shown highlighted as deeply as it is coded and labels stand out. Joined, the runs give
    back ``text`` exactly (the coding script counts offsets over them)."""
    spans = [(s.start, s.end, s.pk) for s in segments if 0 <= s.start < s.end <= len(text)]
    labels = {(t.start, t.label_end) for t in qualitative.speaker_turns(text)}
    cuts = sorted(
        {0, len(text)}
        | {x for a, b, _p in spans for x in (a, b)}
        | {x for label in labels for x in label}
    )
    runs = []
    for low, high in itertools.pairwise(cuts):
        inside = tuple(pk for a, b, pk in spans if a <= low and high <= b)
        runs.append(Run(text[low:high], len(inside), inside, (low, high) in labels))
    return runs


def segment_speakers(segments: Iterable[Segment]) -> dict[int, str | None]:
    """Who speaks at the start of each segment (by segment id), for transcripts with turns."""
    turns: dict[int, list[qualitative.Turn]] = {}
    found = {}
    for segment in segments:
        document = segment.document
        if document.pk not in turns:
            turns[document.pk] = qualitative.speaker_turns(document.text)
        found[segment.pk] = qualitative.speaker_at(turns[document.pk], segment.start)
    return found


def speakers(text: str) -> list[tuple[str, int]]:
    """Each speaker of a transcript with their number of turns, in order of first turn."""
    counts: dict[str, int] = {}
    for turn in qualitative.speaker_turns(text):
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    return list(counts.items())
