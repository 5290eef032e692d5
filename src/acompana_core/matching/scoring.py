"""Scores for mentee-mentor pairs from their profiles, with explanations.

Each criterion gives a pair a value in [0, 1]:

``region``
    1 for the same region, 0 otherwise; in programs that meet in person (``in_person``
    with ``max_km`` set) and when both sides have coordinates, ``1 - distance / max_km``
    instead (haversine distance, 0 beyond the maximum).
``modality``
    1 when the preferred modalities (in person, virtual, hybrid) agree, 0.5 when one side
    is hybrid, 0 for in person against virtual.
``language``
    1 when the two share a language.
``needs``
    The share of the mentee's needs that are among the mentor's strengths.
``management``
    For principals and assistant principals only: the mentor's years of school management,
    ``min(years, management_full_years) / management_full_years``.
``level``
    1 when the mentor has worked at the mentee's school level.
``continuity``
    For mentees who had a mentor before: 1 for that same mentor.
``philosophy``
    Cosine similarity of the two teaching philosophies (see ``text_similarity``).

A criterion only applies to a pair when both sides have the data it needs (and, for
``management`` and ``continuity``, to the mentees described). Each criterion has a weight
from 0 to 10 or ``"must"``. The score is the weighted mean of the applicable weighted
criteria, so it lies in [0, 1] (0 when none applies). A ``"must"`` criterion does not
count in the mean; a pair fails it, and is forbidden, when the criterion applies and its
value is 0. Conflicts of interest forbid a pair as well: the same school, a mentor who
supervised the mentee (``former_supervisors``), or a pair declared in ``conflicts``.

Missing data is ``None`` or the empty string. ``Scorer`` encodes the profiles once;
``score_matrix`` scores every pair with NumPy, ``explain`` breaks one pair's score down by
criterion (machine codes the app can translate; contributions add up to the score) and
``candidate_edges`` / ``build_problem`` turn scores into a matching problem.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.problem import (
    EdgeTable,
    Mentee,
    Mentor,
    Objective,
    Pair,
    Problem,
)
from acompana_core.matching.text_similarity import CosineBlocks, tfidf

CRITERIA: tuple[str, ...] = (
    "region",
    "modality",
    "language",
    "needs",
    "management",
    "level",
    "continuity",
    "philosophy",
)
"""Machine codes of the criteria, in the order explanations list them."""

CONFLICT_SAME_SCHOOL = "same_school"
CONFLICT_FORMER_SUPERVISOR = "former_supervisor"
CONFLICT_DECLARED = "declared"
"""Codes of conflicts of interest; explanations report them as ``"conflict:<code>"``."""

MUST: Literal["must"] = "must"
Weight = float | Literal["must"]
Competencies = frozenset[str] | tuple[int, ...]
"""Competency codes, or a 0/1 vector over a fixed list of competencies."""

POSITIONS: tuple[str, ...] = ("principal", "assistant_principal", "teacher", "coordinator")
MANAGEMENT_POSITIONS: frozenset[str] = frozenset({"principal", "assistant_principal"})
MODALITIES: tuple[str, ...] = ("in_person", "virtual", "hybrid")
# Rows and columns follow MODALITIES, plus a last one (all zero) for an unknown modality.
_MODALITY_FIT = np.array(
    [[1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.5, 0.0], [0.5, 0.5, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
)
EARTH_RADIUS_KM = 6371.0088
_BLOCK_CELLS = 1 << 21  # pairs scored at a time: bounds memory whatever the program size


class ScoringError(ValueError):
    """Invalid criteria or profiles."""


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """What scoring needs to know about a mentor."""

    id: str
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    modality: str | None = None
    languages: frozenset[str] = frozenset()
    strengths: Competencies = frozenset()
    management_years: float = 0.0
    school_levels: frozenset[str] = frozenset()
    school: str | None = None
    philosophy: str = ""


@dataclass(frozen=True, slots=True)
class MenteeProfile:
    """What scoring needs to know about a mentee.

    ``position`` is one of ``POSITIONS``; ``previous_mentor`` is the id of last cycle's
    mentor (continuity); ``former_supervisors`` are ids of mentors who supervised the
    mentee (a conflict of interest).
    """

    id: str
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    modality: str | None = None
    languages: frozenset[str] = frozenset()
    needs: Competencies = frozenset()
    position: str | None = None
    school_level: str | None = None
    school: str | None = None
    previous_mentor: str | None = None
    former_supervisors: frozenset[str] = frozenset()
    philosophy: str = ""


@dataclass(frozen=True, slots=True)
class Criteria:
    """Criterion weights (0 to 10, or ``"must"``) and their parameters.

    Criteria absent from ``weights`` weigh 0 and are not computed. Distances count only for
    ``in_person`` programs with ``max_km`` set.
    """

    weights: Mapping[str, Weight]
    in_person: bool = False
    max_km: float | None = None
    management_full_years: float = 5.0

    def __post_init__(self) -> None:
        for code, weight in self.weights.items():
            if code not in CRITERIA:
                raise ScoringError(
                    f"weights: unknown criterion {code!r} (expected one of: {', '.join(CRITERIA)})"
                )
            if weight == MUST:
                continue
            number = isinstance(weight, int | float) and not isinstance(weight, bool)
            if not number or not 0 <= weight <= 10:
                raise ScoringError(
                    f"weights[{code!r}]: {weight!r} must be a number from 0 to 10 or 'must'"
                )
        if self.max_km is not None and not self.max_km > 0:
            raise ScoringError(f"max_km: {self.max_km!r} must be positive")
        if not self.management_full_years > 0:
            raise ScoringError("management_full_years must be positive")

    def active(self) -> list[tuple[str, Weight]]:
        """The criteria that take part, in ``CRITERIA`` order."""
        return [(code, self.weights[code]) for code in CRITERIA if self.weights.get(code, 0) != 0]


@dataclass(frozen=True, slots=True)
class CriterionExplanation:
    """One criterion's part in a pair's score.

    ``value`` is ``None`` when the criterion does not apply to the pair. ``contribution``
    is ``weight * value / (sum of applicable weights)``, 0 for ``"must"`` criteria, whose
    ``passed`` is false when the pair fails them.
    """

    criterion: str
    value: float | None
    weight: Weight
    contribution: float
    passed: bool = True


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a pair scores what it scores, and whether it is allowed.

    Iterating over an explanation yields its criteria. ``blocked_by`` lists machine codes:
    ``"conflict:same_school"``, ``"conflict:former_supervisor"``, ``"conflict:declared"``
    and ``"must:<criterion>"``.
    """

    mentee_id: str
    mentor_id: str
    score: float
    allowed: bool
    criteria: tuple[CriterionExplanation, ...]
    blocked_by: tuple[str, ...]

    def __iter__(self) -> Iterator[CriterionExplanation]:
        return iter(self.criteria)


def _blank(value: str | None) -> str | None:
    return value if value else None


def _codes(*columns: Sequence[str | None]) -> list[NDArray[np.int64]]:
    """Shared integer codes for string columns; missing values become -1."""
    table: dict[str, int] = {}
    return [
        np.array(
            [-1 if not v else table.setdefault(v, len(table)) for v in col], dtype=np.int64
        ).reshape(-1)
        for col in columns
    ]


def _as_codes(values: Competencies) -> frozenset[str]:
    if isinstance(values, tuple):
        return frozenset(f"#{k}" for k, flag in enumerate(values) if flag)
    return frozenset(values)


def _indicator(*sides: Sequence[Collection[str]]) -> list[NDArray[np.float64]]:
    """0/1 matrices over a shared vocabulary, one per side (rows are profiles)."""
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    matrices = []
    for side in sides:
        # Rows and columns as arrays, numbered in the order the items come (as one loop over
        # (row, item) pairs would): a cohort of 100,000 profiles has half a million items.
        sizes = np.fromiter(map(len, side), dtype=np.int64, count=len(side))
        rows = np.repeat(np.arange(len(side), dtype=np.int64), sizes)
        items = itertools.chain.from_iterable(side)
        cols = np.fromiter(
            (number(item, len(vocabulary)) for item in items), dtype=np.int64, count=rows.shape[0]
        )
        matrices.append((rows, cols))
    result = []
    for side, (rows, cols) in zip(sides, matrices, strict=True):
        matrix = np.zeros((len(side), max(len(vocabulary), 1)))
        matrix[rows, cols] = 1.0
        result.append(matrix)
    return result


def _unit_vectors(
    profiles: Sequence[MentorProfile | MenteeProfile],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Points on the unit sphere (zero where coordinates are missing), and which exist."""
    lat = np.radians([np.nan if p.latitude is None else p.latitude for p in profiles])
    lon = np.radians([np.nan if p.longitude is None else p.longitude for p in profiles])
    located = ~(np.isnan(lat) | np.isnan(lon))
    points = np.stack(
        (np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)), axis=1
    ).reshape(-1, 3)
    points[~located] = 0.0
    return points, located


def _modality_codes(profiles: Sequence[MentorProfile | MenteeProfile]) -> NDArray[np.int64]:
    # Unknown modalities get the extra last code, whose row and column of the fit table
    # are zero.
    codes = np.full(len(profiles), len(MODALITIES), dtype=np.int64)
    for k, p in enumerate(profiles):
        if p.modality:
            if p.modality not in MODALITIES:
                raise ScoringError(
                    f"{p.id}: unknown modality {p.modality!r} (expected one of: "
                    f"{', '.join(MODALITIES)})"
                )
            codes[k] = MODALITIES.index(p.modality)
    return codes


Block = slice | NDArray[np.int64]
Flags = NDArray[np.bool_]
Applicability = list[tuple[float, Flags, Flags]]
"""Where a criterion applies, as a signed sum of outer products of row and column flags.

Every criterion's applicability has this form, which lets ``score_block`` add up the
applicable weights of all criteria in one small matrix product.
"""
Criterion = tuple[NDArray[np.float64], Applicability]


def _cross(a: NDArray[Any], b: NDArray[Any], paired: bool) -> tuple[NDArray[Any], NDArray[Any]]:
    """Operands for an elementwise operation: every row against every column (a block), or
    ``a[k]`` against ``b[k]`` (``paired``)."""
    return (a, b) if paired else (a[:, None], b[None, :])


def _dot(a: NDArray[np.float64], b: NDArray[np.float64], paired: bool) -> NDArray[np.float64]:
    """Row-by-row dot products: every row of ``a`` with every row of ``b``, or pairwise."""
    return np.einsum("ij,ij->i", a, b) if paired else a @ b.T


def applies(terms: Applicability) -> NDArray[np.bool_]:
    """The applicability mask, from its outer-product terms."""
    total = sum(sign * np.outer(rows, cols) for sign, rows, cols in terms)
    return np.asarray(total) > 0


def _applies(terms: Applicability, paired: bool) -> NDArray[np.bool_]:
    if not paired:
        return applies(terms)
    return np.asarray(sum(sign * rows * cols for sign, rows, cols in terms)) > 0


class Scorer:
    """Profiles encoded as arrays once, ready to score any block of pairs.

    ``scores`` and ``allowed`` (shape ``(len(mentees), len(mentors))``) are computed on
    first use; ``pair_score`` and ``explain`` work on single pairs without them.
    ``conflicts`` lists (mentee id, mentor id) pairs that must never be matched.

    Every criterion's value is zero wherever it does not apply, so scores are plain
    weighted sums divided by the applicable weight.
    """

    def __init__(
        self,
        mentees: Sequence[MenteeProfile],
        mentors: Sequence[MentorProfile],
        criteria: Criteria,
        conflicts: Iterable[Pair] = (),
    ) -> None:
        self.criteria = criteria
        self.mentee_ids: tuple[str, ...] = tuple(p.id for p in mentees)
        self.mentor_ids: tuple[str, ...] = tuple(p.id for p in mentors)
        self.n, self.m = len(mentees), len(mentors)
        self.mentee_index = self._index(self.mentee_ids, "mentee")
        self.mentor_index = self._index(self.mentor_ids, "mentor")
        self._scores: NDArray[np.float64] | None = None
        self._allowed: NDArray[np.bool_] | None = None
        self.all_mentees = np.ones(self.n, dtype=bool)
        self.all_mentors = np.ones(self.m, dtype=bool)

        e_region, m_region = _codes([p.region for p in mentees], [p.region for p in mentors])
        # Distinct "unknown" codes on each side never compare equal.
        self.e_region, self.m_region = e_region, np.where(m_region < 0, -2, m_region)
        self.e_point, self.e_located = _unit_vectors(mentees)
        self.m_point, self.m_located = _unit_vectors(mentors)
        self.e_modality, self.m_modality = _modality_codes(mentees), _modality_codes(mentors)
        self.e_lang, self.m_lang = _indicator(
            [p.languages for p in mentees], [p.languages for p in mentors]
        )
        self.e_has_lang: Flags = np.asarray(self.e_lang.any(axis=1), dtype=bool)
        self.m_has_lang: Flags = np.asarray(self.m_lang.any(axis=1), dtype=bool)
        e_needs, self.m_strengths = _indicator(
            [_as_codes(p.needs) for p in mentees], [_as_codes(p.strengths) for p in mentors]
        )
        need_count = e_needs.sum(axis=1)
        self.e_has_needs = need_count > 0
        # Each need weighs 1/(number of needs): a product with strengths gives coverage.
        self.e_needs = e_needs / np.maximum(need_count, 1.0)[:, None]
        self.e_manager = np.array([p.position in MANAGEMENT_POSITIONS for p in mentees])
        full = criteria.management_full_years
        self.m_experience = np.array(
            [min(max(p.management_years, 0.0), full) / full for p in mentors], dtype=np.float64
        )
        levels: dict[str, int] = {}
        for p in mentees:
            if p.school_level:
                levels.setdefault(p.school_level, len(levels))
        # Row ``len(levels)`` stays zero for mentees without a known level.
        self.e_level = np.array(
            [levels[p.school_level] if p.school_level else len(levels) for p in mentees],
            dtype=np.int64,
        ).reshape(-1)
        self.e_has_level = self.e_level < len(levels)
        self.m_levels = np.zeros((len(levels) + 1, self.m))
        for j, mentor in enumerate(mentors):
            for level in mentor.school_levels:
                if level in levels:
                    self.m_levels[levels[level], j] = 1.0
        self.m_has_levels = np.array([bool(p.school_levels) for p in mentors], dtype=bool)
        self.e_has_previous = np.array([bool(p.previous_mentor) for p in mentees], dtype=bool)
        self.e_previous = np.array(
            [self.mentor_index.get(p.previous_mentor or "", -1) for p in mentees],
            dtype=np.int64,
        ).reshape(-1)
        self.e_school, self.m_school = _codes(
            [p.school for p in mentees], [p.school for p in mentors]
        )
        self.m_school = np.where(self.m_school < 0, -2, self.m_school)
        self.forbidden = {
            CONFLICT_FORMER_SUPERVISOR: self._pairs(
                (p.id, s) for p in mentees for s in sorted(p.former_supervisors)
            ),
            CONFLICT_DECLARED: self._pairs(conflicts),
        }
        self.e_text = np.array([bool(p.philosophy.strip()) for p in mentees], dtype=bool)
        self.m_text = np.array([bool(p.philosophy.strip()) for p in mentors], dtype=bool)
        self.cosines: CosineBlocks | None = None
        if criteria.weights.get("philosophy", 0) != 0:
            vectors = tfidf([p.philosophy for p in mentees] + [p.philosophy for p in mentors])
            self.cosines = CosineBlocks(vectors[: self.n], vectors[self.n :])

    @staticmethod
    def _index(ids: tuple[str, ...], kind: str) -> dict[str, int]:
        index: dict[str, int] = {}
        for k, item in enumerate(ids):
            if item in index:
                raise ScoringError(f"duplicate {kind} id {item!r}")
            index[item] = k
        return index

    def _pairs(self, pairs: Iterable[Pair]) -> NDArray[np.int64]:
        """(mentee, mentor) positions of pairs between known people (others are ignored)."""
        found = [
            (self.mentee_index[a], self.mentor_index[b])
            for a, b in pairs
            if a in self.mentee_index and b in self.mentor_index
        ]
        return np.array(found, dtype=np.int64).reshape(-1, 2)

    @property
    def scores(self) -> NDArray[np.float64]:
        """Score of every pair, forbidden ones included (an explanation shows them)."""
        if self._scores is None:
            self._score_all()
        assert self._scores is not None
        return self._scores

    @property
    def allowed(self) -> NDArray[np.bool_]:
        """Whether each pair is allowed (no conflict, every ``"must"`` criterion passed)."""
        if self._allowed is None:
            self._score_all()
        assert self._allowed is not None
        return self._allowed

    def _score_all(self) -> None:
        scores = np.zeros((self.n, self.m))
        allowed = np.zeros((self.n, self.m), dtype=bool)
        step = max(1, _BLOCK_CELLS // max(self.m, 1))
        for start in range(0, self.n, step):
            block = slice(start, min(start + step, self.n))
            scores[block], allowed[block] = self.score_block(block, slice(None))
        self._scores, self._allowed = scores, allowed

    # Each criterion returns its value on the block (zero where it does not apply) and
    # where it applies. With ``paired``, ``r`` and ``c`` are equally long index arrays and
    # the criterion is computed for the pairs ``(r[k], c[k])`` only (one value each).

    def region(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Same region, or closeness when distances count."""
        er, mr = self.e_region[r], self.m_region[c]
        value = np.equal(*_cross(er, mr, paired)).astype(np.float64)
        terms: Applicability = [(1.0, er >= 0, mr >= 0)]
        max_km = self.criteria.max_km
        if self.criteria.in_person and max_km is not None:
            el, ml = self.e_located[r], self.m_located[c]
            closeness = np.clip(1.0 - self.distance_km(r, c, paired) / max_km, 0.0, 1.0)
            value = np.where(np.logical_and(*_cross(el, ml, paired)), closeness, value)
            # Inclusion-exclusion keeps "known region or located" a sum of outer products.
            terms += [(1.0, el, ml), (-1.0, (er >= 0) & el, (mr >= 0) & ml)]
        return value, terms

    def distance_km(self, r: Block, c: Block, paired: bool = False) -> NDArray[np.float64]:
        """Great-circle distances in km (meaningless where a side has no coordinates).

        The chord between two points on the unit sphere comes from one matrix product of
        their 3-D positions: ``chord**2 = 2 - 2 * p1 . p2``, and the distance is
        ``2 * R * asin(chord / 2)``, the haversine formula without per-pair trigonometry.
        """
        half_chord2 = (1.0 - _dot(self.e_point[r], self.m_point[c], paired)) / 2.0
        np.clip(half_chord2, 0.0, 1.0, out=half_chord2)
        return (2.0 * EARTH_RADIUS_KM) * np.arcsin(np.sqrt(half_chord2, out=half_chord2))

    def modality(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """How well the preferred modalities fit."""
        em, mm = self.e_modality[r], self.m_modality[c]
        unknown = len(MODALITIES)
        return _MODALITY_FIT[_cross(em, mm, paired)], [(1.0, em < unknown, mm < unknown)]

    def language(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Whether the two share a language."""
        shared = np.minimum(_dot(self.e_lang[r], self.m_lang[c], paired), 1.0)
        return shared, [(1.0, self.e_has_lang[r], self.m_has_lang[c])]

    def needs(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Share of the mentee's needs among the mentor's strengths."""
        covered = _dot(self.e_needs[r], self.m_strengths[c], paired)
        return covered, [(1.0, self.e_has_needs[r], self.all_mentors[c])]

    def management(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """The mentor's management experience, for mentees who lead a school."""
        manager = self.e_manager[r]
        value = np.multiply(*_cross(manager.astype(np.float64), self.m_experience[c], paired))
        return value, [(1.0, manager, self.all_mentors[c])]

    def level(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Whether the mentor knows the mentee's school level."""
        value = self.m_levels[_cross(self.e_level[r], np.arange(self.m)[c], paired)]
        return value, [(1.0, self.e_has_level[r], self.m_has_levels[c])]

    def continuity(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Whether the mentor is the mentee's previous one."""
        columns = np.arange(self.m)[c]
        value = np.equal(*_cross(self.e_previous[r], columns, paired)).astype(np.float64)
        return value, [(1.0, self.e_has_previous[r], self.all_mentors[c])]

    def philosophy(self, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Similarity of the teaching philosophies (zero vectors for empty texts)."""
        assert self.cosines is not None
        terms: Applicability = [(1.0, self.e_text[r], self.m_text[c])]
        if paired:
            rows, cols = np.arange(self.n)[r], np.arange(self.m)[c]
            return self.cosines.pairs(rows, cols), terms
        if isinstance(c, slice) and c == slice(None):
            return self.cosines.block(r), terms
        return self.cosines.block(r, c), terms

    def criterion(self, code: str, r: Block, c: Block, paired: bool = False) -> Criterion:
        """Value and applicability of criterion ``code`` on a block of pairs (or on the
        pairs ``(r[k], c[k])`` with ``paired``)."""
        method = {
            "region": self.region,
            "modality": self.modality,
            "language": self.language,
            "needs": self.needs,
            "management": self.management,
            "level": self.level,
            "continuity": self.continuity,
            "philosophy": self.philosophy,
        }[code]
        return method(r, c, paired)

    def conflicts(self, r: Block, c: Block, paired: bool = False) -> dict[str, NDArray[np.bool_]]:
        """Conflict-of-interest masks for a block of pairs (or for the pairs with
        ``paired``), by conflict code."""
        es, ms = _cross(self.e_school[r], self.m_school[c], paired)
        masks = {CONFLICT_SAME_SCHOOL: (es == ms) & (es >= 0)}
        rows, cols = np.arange(self.n)[r], np.arange(self.m)[c]
        if paired:
            keys = rows * self.m + cols
            for code, pairs in self.forbidden.items():
                masks[code] = np.isin(keys, pairs[:, 0] * self.m + pairs[:, 1])
            return masks
        row_at = np.full(self.n, -1, dtype=np.int64)
        row_at[rows] = np.arange(rows.shape[0])
        col_at = np.full(self.m, -1, dtype=np.int64)
        col_at[cols] = np.arange(cols.shape[0])
        for code, pairs in self.forbidden.items():
            mask = np.zeros((rows.shape[0], cols.shape[0]), dtype=bool)
            i, j = row_at[pairs[:, 0]], col_at[pairs[:, 1]]
            inside = (i >= 0) & (j >= 0)
            mask[i[inside], j[inside]] = True
            masks[code] = mask
        return masks

    def score_block(
        self, r: Block, c: Block, paired: bool = False
    ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """Scores and the allowed mask for a block of pairs (or for the pairs ``(r[k], c[k])``
        with ``paired``)."""
        rows_in, cols_in = np.arange(self.n)[r].shape[0], np.arange(self.m)[c].shape[0]
        shape = (rows_in,) if paired else (rows_in, cols_in)
        total = np.zeros(shape)
        allowed = np.ones(shape, dtype=bool)
        row_terms: list[NDArray[np.float64]] = []
        col_terms: list[Flags] = []
        for code, weight in self.criteria.active():
            value, terms = self.criterion(code, r, c, paired)
            if weight == MUST:
                allowed &= ~_applies(terms, paired) | (value > 0)
                continue
            total += float(weight) * value
            for sign, rows, cols in terms:
                row_terms.append(np.asarray(sign * float(weight) * rows, dtype=np.float64))
                col_terms.append(cols)
        for mask in self.conflicts(r, c, paired).values():
            allowed &= ~mask
        if not row_terms:
            return np.zeros(shape), allowed
        # The applicable weight of every pair at once: sum of weighted outer products.
        weight_sum = _dot(
            np.stack(row_terms, axis=1), np.stack(col_terms, axis=1).astype(float), paired
        )
        score = np.divide(total, weight_sum, out=np.zeros(shape), where=weight_sum > 0)
        return np.clip(score, 0.0, 1.0, out=score), allowed

    def position(self, mentee_id: str, mentor_id: str) -> tuple[int, int]:
        """Row and column of a pair; ``ScoringError`` for unknown ids."""
        if mentee_id not in self.mentee_index:
            raise ScoringError(f"unknown mentee {mentee_id!r}")
        if mentor_id not in self.mentor_index:
            raise ScoringError(f"unknown mentor {mentor_id!r}")
        return self.mentee_index[mentee_id], self.mentor_index[mentor_id]


def score_matrix(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    criteria: Criteria,
    conflicts: Iterable[Pair] = (),
) -> Scorer:
    """Score every mentee against every mentor; the result holds ``scores`` and
    ``allowed`` as ``(len(mentees), len(mentors))`` arrays."""
    scorer = Scorer(mentees, mentors, criteria, conflicts)
    scorer._score_all()
    return scorer


def explain(scorer: Scorer, mentee_id: str, mentor_id: str) -> Explanation:
    """Each criterion's value, weight and contribution for one pair.

    The contributions add up to ``score``, which equals ``scorer.scores`` for the pair up
    to floating-point rounding.
    """
    return explain_many(scorer, [(mentee_id, mentor_id)])[0]


def explain_many(scorer: Scorer, pairs: Sequence[Pair]) -> list[Explanation]:
    """``explain`` for many pairs at once (one per proposal, say), in the order given.

    The criteria are computed for the pairs only (not for blocks of mentees against every
    mentor), so the cost grows with the number of pairs, whatever the program size.
    """
    positions = [scorer.position(mentee_id, mentor_id) for mentee_id, mentor_id in pairs]
    rows = np.array([i for i, _ in positions], dtype=np.int64)
    cols = np.array([j for _, j in positions], dtype=np.int64)
    active = scorer.criteria.active()
    values: list[list[float]] = []
    applicable: list[list[bool]] = []
    for code, _weight in active:
        value, terms = scorer.criterion(code, rows, cols, paired=True)
        values.append(np.asarray(value, dtype=np.float64).tolist())
        applicable.append(_applies(terms, paired=True).tolist())
    conflicts = {
        code: mask.tolist() for code, mask in scorer.conflicts(rows, cols, paired=True).items()
    }
    explanations = []
    for k, (mentee_id, mentor_id) in enumerate(pairs):
        measured = [
            (code, weight, values[q][k] if applicable[q][k] else None)
            for q, (code, weight) in enumerate(active)
        ]
        blocked = [code for code, mask in conflicts.items() if mask[k]]
        explanations.append(_explanation(mentee_id, mentor_id, measured, blocked))
    return explanations


ExplainedCriterion = tuple[str, float | None, Weight, float, bool]
"""An explanation's criterion as a tuple: (criterion, value, weight, contribution, passed)."""


def explain_scores(
    scorer: Scorer, pairs: Sequence[Pair]
) -> list[tuple[float, list[ExplainedCriterion]]]:
    """Each pair's score and criteria, the same numbers as ``explain_many`` (same arithmetic,
    in the same order) as plain tuples, without conflicts or ``allowed``: what saving
    100,000 proposals needs, at a fraction of the cost of their explanation objects."""
    rows = np.array([scorer.mentee_index[a] for a, _b in pairs], dtype=np.int64)
    cols = np.array([scorer.mentor_index[b] for _a, b in pairs], dtype=np.int64)
    active = scorer.criteria.active()
    columns: list[list[float | None]] = []
    for code, _weight in active:
        value, terms = scorer.criterion(code, rows, cols, paired=True)
        values = np.asarray(value, dtype=np.float64).tolist()
        applicable = _applies(terms, paired=True).tolist()
        columns.append([v if a else None for v, a in zip(values, applicable, strict=True)])
    weights = [
        (code, weight, weight == MUST, float(weight) if weight != MUST else 0.0)
        for code, weight in active
    ]
    result = []
    for measured in zip(*columns, strict=True) if columns else ([] for _ in pairs):
        weight_sum: float = 0
        for (_code, _w, must, number), value in zip(weights, measured, strict=True):
            if not must and value is not None:
                weight_sum += number
        parts: list[ExplainedCriterion] = []
        total: float = 0
        for (code, weight, must, number), value in zip(weights, measured, strict=True):
            if must:
                parts.append((code, value, weight, 0.0, value is None or value > 0))
                total += 0.0
                continue
            share = number * value / weight_sum if value is not None else 0.0
            parts.append((code, value, weight, share, True))
            total += share
        result.append((min(1.0, total), parts))
    return result


def _explanation(
    mentee_id: str,
    mentor_id: str,
    measured: list[tuple[str, Weight, float | None]],
    conflicts: list[str],
) -> Explanation:
    """Assemble an explanation from each active criterion's value (``None``: not applicable)."""
    weight_sum = sum(float(w) for _, w, v in measured if w != MUST and v is not None)
    blocked = [f"conflict:{code}" for code in conflicts]
    parts: list[CriterionExplanation] = []
    for code, weight, value in measured:
        if weight == MUST:
            passed = value is None or value > 0
            if not passed:
                blocked.append(f"must:{code}")
            parts.append(CriterionExplanation(code, value, weight, 0.0, passed))
            continue
        share = float(weight) * value / weight_sum if value is not None else 0.0
        parts.append(CriterionExplanation(code, value, weight, share))
    return Explanation(
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        score=min(1.0, sum(p.contribution for p in parts)),
        allowed=not blocked,
        criteria=tuple(parts),
        blocked_by=tuple(blocked),
    )


def pair_score(scorer: Scorer, mentee_id: str, mentor_id: str) -> tuple[float, bool]:
    """The score of one pair and whether it is allowed."""
    explanation = explain(scorer, mentee_id, mentor_id)
    return explanation.score, explanation.allowed


def candidate_mask(
    scorer: Scorer, top_k: int | None = None, min_score: float = 0.0
) -> NDArray[np.bool_]:
    """Allowed pairs scoring at least ``min_score``; with ``top_k``, only each mentee's
    ``top_k`` best (among equal scores, the mentors listed first). Needs the whole score
    matrix: ``candidate_edges`` gives the same pairs block by block."""
    return _best(scorer.scores, scorer.allowed & (scorer.scores >= min_score), top_k)


def _best(
    scores: NDArray[np.float64], keep: NDArray[np.bool_], top_k: int | None
) -> NDArray[np.bool_]:
    """``keep`` narrowed to each row's ``top_k`` best scores (ties: the first columns)."""
    if top_k is None or top_k >= scores.shape[1]:
        return keep
    if top_k <= 0:
        return np.zeros_like(keep)
    ranked = np.where(keep, scores, -1.0)
    kth = -np.partition(-ranked, top_k - 1, axis=1)[:, top_k - 1 : top_k]
    above = ranked > kth
    tied = (ranked == kth) & keep
    room = top_k - above.sum(axis=1, keepdims=True)
    chosen = keep & (above | (tied & (np.cumsum(tied, axis=1) <= room)))
    return np.asarray(chosen, dtype=bool)


def candidate_edges(
    scorer: Scorer,
    top_k: int | None = None,
    keep: Iterable[Pair] = (),
    min_score: float = 0.0,
    within_region: bool = False,
) -> EdgeTable:
    """Problem edges: the candidate pairs (see ``candidate_mask``) plus the ``keep`` pairs
    whatever their score or conflicts (existing partnerships, locked pairs), grouped by
    mentee.

    Pairs are scored block by block and pruned as they come, so memory grows with the
    edges kept, never with the ``n x m`` matrix. With ``top_k`` and ``within_region``, a
    mentee's candidates are its ``top_k`` best among the mentors of its region (and those
    without a region); a mentee with no region, or with fewer than ``top_k`` allowed
    mentors there, takes its ``top_k`` best among everyone. Without ``within_region`` the
    edges are exactly those of ``candidate_mask``.
    """
    kept = scorer._pairs(keep)
    pieces: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]] = []
    kept_scored = np.zeros(kept.shape[0], dtype=bool)

    def take(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.int64]:
        """Score ``rows`` against ``cols`` in blocks; return how many candidates each got."""
        found = np.zeros(rows.shape[0], dtype=np.int64)
        if cols.shape[0] == 0:
            return found
        all_cols = cols.shape[0] == scorer.m
        step = max(1, _BLOCK_CELLS // cols.shape[0])
        col_at = np.full(scorer.m, -1, dtype=np.int64)
        col_at[cols] = np.arange(cols.shape[0])
        for start in range(0, rows.shape[0], step):
            block = rows[start : start + step]
            scores, allowed = scorer.score_block(block, slice(None) if all_cols else cols)
            chosen = _best(scores, allowed & (scores >= min_score), top_k)
            found[start : start + step] = chosen.sum(axis=1)
            i, j = np.nonzero(chosen)
            pieces.append((block[i], cols[j], scores[i, j]))
            # Kept pairs inside this block take the block's scores.
            row_at = np.full(scorer.n, -1, dtype=np.int64)
            row_at[block] = np.arange(block.shape[0])
            ki, kj = row_at[kept[:, 0]], col_at[kept[:, 1]]
            inside = (ki >= 0) & (kj >= 0) & ~kept_scored
            if inside.any():
                pieces.append((kept[inside, 0], kept[inside, 1], scores[ki[inside], kj[inside]]))
                kept_scored[inside] = True
        return found

    everyone = np.arange(scorer.m)
    if top_k is None or not within_region:
        take(np.arange(scorer.n), everyone)
    else:
        short = [np.flatnonzero(scorer.e_region < 0)]
        unknown = scorer.m_region < 0
        for region in np.unique(scorer.e_region[scorer.e_region >= 0]):
            rows = np.flatnonzero(scorer.e_region == region)
            cols = np.flatnonzero((scorer.m_region == region) | unknown)
            if cols.shape[0] == scorer.m:
                take(rows, everyone)
                continue
            found = take(rows, cols)
            short.append(rows[found < top_k])
        # Score again against everyone: drop what these mentees got in their region.
        again = np.sort(np.concatenate(short))
        if again.size:
            drop = np.zeros(scorer.n, dtype=bool)
            drop[again] = True
            pieces = [(i[~drop[i]], j[~drop[i]], v[~drop[i]]) for i, j, v in pieces]
            kept_scored &= ~drop[kept[:, 0]]
            take(again, everyone)
    if (~kept_scored).any():
        rest = kept[~kept_scored]
        scores, _allowed = scorer.score_block(rest[:, 0], rest[:, 1], paired=True)
        pieces.append((rest[:, 0], rest[:, 1], scores))
    i = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, dtype=np.int64)
    j = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, dtype=np.int64)
    v = np.concatenate([p[2] for p in pieces]) if pieces else np.zeros(0)
    _key, first = np.unique(i * max(scorer.m, 1) + j, return_index=True)
    return EdgeTable(scorer.mentee_ids, scorer.mentor_ids, i[first], j[first], v[first])


def build_problem(
    scorer: Scorer,
    capacities: Mapping[str, int],
    objective: Objective = "total",
    locked: Sequence[Pair] = (),
    top_k: int | None = None,
    min_score: float = 0.0,
) -> Problem:
    """A matching problem from the scores and the mentors' capacities.

    Locked pairs are edges even when ``top_k``, ``min_score`` or a conflict would drop
    them: locking is the coordinator's explicit decision.
    """
    missing = [m for m in scorer.mentor_ids if m not in capacities]
    if missing:
        raise ScoringError(f"no capacity given for mentor {missing[0]!r}")
    return Problem(
        objective=objective,
        mentors=[Mentor(m, capacities[m]) for m in scorer.mentor_ids],
        mentees=[Mentee(e) for e in scorer.mentee_ids],
        edges=candidate_edges(scorer, top_k=top_k, keep=locked, min_score=min_score),
        locked=list(locked),
    )
