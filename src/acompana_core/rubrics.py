"""Weighted rubrics for selecting mentors: scoring, combining reviewers, ranking.

A ``Rubric`` is a list of ``Criterion`` objects. Each criterion turns a candidate's value into
points on its own scale and has a weight:

``"bands"``
    A number (years teaching, years in management, fractions allowed) mapped through ordered
    ``Band`` objects: a band holds values ``minimum <= value < maximum``; the last band is
    open-ended (``maximum=None``).
``"choice"``
    One of a fixed set of options (the highest degree), each with its points.
``"boolean"``
    Yes or no, with ``yes_points`` and ``no_points``.
``"panel"``
    A score the interview panel enters, from 0 to ``panel_max``.

A criterion's weighted points are ``weight * points / max_points``, where ``max_points`` is
the most the criterion can give, so a criterion contributes at most its weight and the
weights alone say how much each criterion counts. ``score`` adds them up; ``combine``
averages several reviewers' scores and flags where they disagree; ``rank`` orders candidates
with shared ranks for ties. ``default_mentor_rubric`` is an editable starting point, not an
official instrument.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, Literal, NamedTuple, TypeVar, get_args

Kind = Literal["bands", "choice", "boolean", "panel"]
KINDS: tuple[Kind, ...] = get_args(Kind)

Value = bool | float | str | None
"""A candidate's value for one criterion; ``None`` means not provided."""

DEFAULT_DISAGREEMENT = 0.25
"""Reviewers disagree on a criterion when their weighted points differ by more than this
share of the criterion's weight."""

TIE_DECIMALS = 9
"""Totals equal to this many decimals tie, so that rounding noise does not split a tie."""


class RubricError(ValueError):
    """An invalid rubric or value; the message names the criterion (``criterion 'degree': ...``)."""


def _finite(number: float) -> bool:
    return (
        isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number)
    )


@dataclass(frozen=True, slots=True)
class Band:
    """Points for values from ``minimum`` (inclusive) up to ``maximum`` (exclusive).

    ``maximum=None`` makes the band open-ended; only the last band of a criterion may be.
    """

    label: str
    minimum: float
    maximum: float | None
    points: float

    def holds(self, value: float) -> bool:
        """Whether ``value`` falls in this band."""
        return self.minimum <= value and (self.maximum is None or value < self.maximum)


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric.

    Only the settings of its ``kind`` may be given: ``bands`` for ``"bands"``, ``options`` for
    ``"choice"``, ``yes_points``/``no_points`` for ``"boolean"`` (default 1 and 0) and
    ``panel_max`` for ``"panel"``. Construction raises ``RubricError`` for an invalid one.
    """

    code: str
    label: str
    weight: float
    kind: Kind
    bands: tuple[Band, ...] = ()
    options: Mapping[str, float] = field(default_factory=dict, hash=False)
    yes_points: float = 1.0
    no_points: float = 0.0
    panel_max: float | None = None

    def __post_init__(self) -> None:
        # A private read-only copy: a caller editing its dict later must not change the rubric.
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))
        object.__setattr__(self, "bands", tuple(self.bands))
        self._validate()

    def _error(self, message: str) -> RubricError:
        return RubricError(f"criterion {self.code!r}: {message}")

    def _validate(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise RubricError(f"criterion codes must be non-empty strings, got {self.code!r}")
        if self.kind not in KINDS:
            raise self._error(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if not _finite(self.weight) or self.weight < 0:
            raise self._error(f"weight must be a finite number >= 0, got {self.weight!r}")
        if self.kind != "bands" and self.bands:
            raise self._error(f"bands only apply to kind 'bands', not {self.kind!r}")
        if self.kind != "choice" and self.options:
            raise self._error(f"options only apply to kind 'choice', not {self.kind!r}")
        if self.kind != "panel" and self.panel_max is not None:
            raise self._error(f"panel_max only applies to kind 'panel', not {self.kind!r}")
        if self.kind != "boolean" and (self.yes_points, self.no_points) != (1.0, 0.0):
            raise self._error(
                f"yes_points and no_points only apply to kind 'boolean', not {self.kind!r}"
            )
        if self.kind == "bands":
            self._validate_bands()
        elif self.kind == "choice":
            if not self.options:
                raise self._error("a choice criterion needs at least one option")
            for option, points in self.options.items():
                self._check_points(points, f"option {option!r}")
        elif self.kind == "boolean":
            self._check_points(self.yes_points, "yes_points")
            self._check_points(self.no_points, "no_points")
        elif self.panel_max is None or not _finite(self.panel_max) or self.panel_max <= 0:
            raise self._error(f"panel_max must be a finite number > 0, got {self.panel_max!r}")
        if self.max_points <= 0:
            # weight * points / max_points needs a positive maximum, and a criterion that can
            # only give 0 points is a mistake in the rubric rather than a choice.
            raise self._error("at least one outcome must give more than 0 points")

    def _check_points(self, points: float, where: str) -> None:
        if not _finite(points) or points < 0:
            raise self._error(f"{where}: points must be a finite number >= 0, got {points!r}")

    def _validate_bands(self) -> None:
        if not self.bands:
            raise self._error("a bands criterion needs at least one band")
        for position, band in enumerate(self.bands):
            where = f"band {position} ({band.label!r})"
            self._check_points(band.points, where)
            if not _finite(band.minimum):
                raise self._error(f"{where}: minimum must be a finite number")
            last = position == len(self.bands) - 1
            if band.maximum is None:
                if not last:
                    raise self._error(f"{where}: only the last band may be open-ended")
                continue
            if not _finite(band.maximum) or band.maximum <= band.minimum:
                raise self._error(f"{where}: maximum must be a finite number above the minimum")
            if last:
                raise self._error(
                    f"{where}: the last band must be open-ended (maximum=None) so that every "
                    f"value from {self.bands[0].minimum} upward has a band"
                )
            following = self.bands[position + 1].minimum
            if following < band.maximum:
                raise self._error(f"{where}: overlaps or is out of order with the next band")
            if following > band.maximum:
                raise self._error(f"{where}: leaves a gap from {band.maximum} to {following}")

    @property
    def max_points(self) -> float:
        """The most points this criterion can give."""
        if self.kind == "bands":
            top = max(band.points for band in self.bands)
        elif self.kind == "choice":
            top = max(self.options.values())
        elif self.kind == "boolean":
            top = max(self.yes_points, self.no_points)
        else:
            top = self.panel_max or 0.0
        return float(top)

    def points_for(self, value: Value) -> float:
        """The points ``value`` earns (not ``None``); raises ``RubricError`` for a bad value."""
        if self.kind == "boolean":
            if not isinstance(value, bool):
                raise self._error(f"expected yes or no (True/False), got {value!r}")
            return float(self.yes_points if value else self.no_points)
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.options:
                raise self._error(
                    f"expected one of {', '.join(map(repr, self.options))}, got {value!r}"
                )
            return float(self.options[value])
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self._error(f"expected a finite number, got {value!r}")
        number = float(value)
        if self.kind == "panel":
            top = self.max_points
            if not 0 <= number <= top:
                raise self._error(f"a panel score must be from 0 to {top}, got {value!r}")
            return number
        for band in self.bands:
            if band.holds(number):
                return float(band.points)
        raise self._error(f"{value!r} is below the first band's minimum {self.bands[0].minimum}")


@dataclass(frozen=True)
class Rubric:
    """An ordered list of criteria with unique codes and at least one positive weight."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))
        if not self.criteria:
            raise RubricError("a rubric needs at least one criterion")
        seen: set[str] = set()
        for criterion in self.criteria:
            if not isinstance(criterion, Criterion):
                raise RubricError(f"expected Criterion objects, got {criterion!r}")
            if criterion.code in seen:
                raise RubricError(f"criterion {criterion.code!r}: the code is used twice")
            seen.add(criterion.code)
        if self.maximum <= 0:
            raise RubricError("at least one criterion needs a weight above 0")

    @property
    def maximum(self) -> float:
        """The highest possible total: the sum of the weights."""
        return math.fsum(criterion.weight for criterion in self.criteria)

    @property
    def codes(self) -> tuple[str, ...]:
        """The criterion codes, in order."""
        return tuple(criterion.code for criterion in self.criteria)

    def criterion(self, code: str) -> Criterion:
        """The criterion with this code; ``KeyError`` if there is none."""
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One criterion's result: ``weighted = weight * points / max_points``.

    ``weighted_max`` is the criterion's weight. A missing value has ``value=None`` and 0 points.
    """

    code: str
    value: Value
    points: float
    max_points: float
    weighted: float
    weighted_max: float


@dataclass(frozen=True, slots=True)
class RubricScore:
    """One reviewer's score of one candidate.

    ``missing`` lists, in rubric order, the criteria with no value: they count 0 and the
    application is incomplete.
    """

    criteria: tuple[CriterionScore, ...]
    total: float
    maximum: float
    percent: float
    missing: tuple[str, ...]

    @property
    def by_code(self) -> dict[str, CriterionScore]:
        """The criterion scores keyed by code."""
        return {item.code: item for item in self.criteria}


def _percent(total: float, maximum: float) -> float:
    # min() absorbs rounding when a mean lands a hair above the maximum.
    return min(100.0, 100.0 * (total / maximum)) if maximum > 0 else 0.0


def score(rubric: Rubric, values: Mapping[str, Value]) -> RubricScore:
    """Score one candidate: ``values`` maps criterion codes to values.

    Absent codes and ``None`` values are missing (0 points, listed in ``missing``). Raises
    ``RubricError`` for an unknown code or a value the criterion cannot take (a number below
    the first band, an unknown option, a non-boolean for a yes/no criterion, a panel score
    outside ``[0, panel_max]``).
    """
    unknown = sorted(set(values) - set(rubric.codes))
    if unknown:
        raise RubricError(f"unknown criterion codes: {', '.join(map(repr, unknown))}")
    items: list[CriterionScore] = []
    missing: list[str] = []
    for criterion in rubric.criteria:
        value = values.get(criterion.code)
        top = criterion.max_points
        if value is None:
            missing.append(criterion.code)
            points = 0.0
        else:
            points = criterion.points_for(value)
        # points / top is at most 1, so the product never exceeds the weight, even rounded.
        weighted = criterion.weight * (points / top)
        items.append(CriterionScore(criterion.code, value, points, top, weighted, criterion.weight))
    total = math.fsum(item.weighted for item in items)
    maximum = rubric.maximum
    return RubricScore(tuple(items), total, maximum, _percent(total, maximum), tuple(missing))


@dataclass(frozen=True, slots=True)
class CombinedCriterion:
    """Several reviewers' results on one criterion.

    ``weighted`` and ``points`` are means over the ``reviewers`` who gave a value;
    ``by_reviewer`` holds each reviewer's weighted points (``None`` where they gave none).
    ``spread`` is the largest minus the smallest of those; ``disagreement`` is set when it is
    above the threshold share of ``weighted_max`` (the weight).
    """

    code: str
    points: float
    max_points: float
    weighted: float
    weighted_max: float
    reviewers: int
    by_reviewer: tuple[float | None, ...]
    spread: float
    disagreement: bool


@dataclass(frozen=True, slots=True)
class Combined:
    """The combination of several reviewers' scores of one candidate.

    ``total`` is the sum of the per-criterion means; ``missing`` lists the criteria no
    reviewer scored.
    """

    criteria: tuple[CombinedCriterion, ...]
    total: float
    maximum: float
    percent: float
    missing: tuple[str, ...]
    reviewers: int

    @property
    def disagreements(self) -> tuple[str, ...]:
        """Codes of the criteria where reviewers disagree, in rubric order."""
        return tuple(item.code for item in self.criteria if item.disagreement)

    @property
    def by_code(self) -> dict[str, CombinedCriterion]:
        """The combined criteria keyed by code."""
        return {item.code: item for item in self.criteria}


def combine(scores: Sequence[RubricScore], *, threshold: float = DEFAULT_DISAGREEMENT) -> Combined:
    """Combine several reviewers' scores of the same candidate on the same rubric.

    Each criterion's result is the mean over the reviewers who gave it a value, so a reviewer
    who left a panel trait blank neither lowers nor raises the mean; the total is the sum of
    those means (the mean of the totals when nothing is missing). ``spread`` is the largest
    minus the smallest weighted points among those reviewers, flagged as a disagreement when
    above ``threshold * weight``. Combining one score reproduces it.
    """
    if not scores:
        raise RubricError("combine needs at least one score")
    if not _finite(threshold) or threshold < 0:
        raise RubricError(f"threshold must be a finite number >= 0, got {threshold!r}")
    layout = [(item.code, item.weighted_max, item.max_points) for item in scores[0].criteria]
    for position, other in enumerate(scores[1:], start=1):
        if [(i.code, i.weighted_max, i.max_points) for i in other.criteria] != layout:
            raise RubricError(f"score {position} does not come from the same rubric as score 0")
    items: list[CombinedCriterion] = []
    missing: list[str] = []
    for index, (code, weight, top) in enumerate(layout):
        per_reviewer = [s.criteria[index] for s in scores]
        given = [item for item in per_reviewer if item.value is not None]
        weighted_values = [item.weighted for item in given]
        if given:
            # min() keeps the mean within the weight despite rounding in the sum.
            weighted = min(weight, math.fsum(weighted_values) / len(given))
            points = min(top, math.fsum(item.points for item in given) / len(given))
            spread = max(weighted_values) - min(weighted_values)
        else:
            missing.append(code)
            weighted = points = spread = 0.0
        by_reviewer = tuple(
            item.weighted if item.value is not None else None for item in per_reviewer
        )
        items.append(
            CombinedCriterion(
                code=code,
                points=points,
                max_points=top,
                weighted=weighted,
                weighted_max=weight,
                reviewers=len(given),
                by_reviewer=by_reviewer,
                spread=spread,
                disagreement=spread > threshold * weight,
            )
        )
    total = math.fsum(item.weighted for item in items)
    maximum = scores[0].maximum
    return Combined(
        tuple(items), total, maximum, _percent(total, maximum), tuple(missing), len(scores)
    )


Id = TypeVar("Id", str, int)


class Ranked(NamedTuple, Generic[Id]):
    """One line of a ranking: ``(id, total, rank)``."""

    id: Id
    total: float
    rank: int


def rank(candidates: Mapping[Id, RubricScore | Combined]) -> list[Ranked[Id]]:
    """Rank candidates by total, highest first, as ``(id, total, rank)`` tuples.

    Ties share a rank and the next rank skips ("1, 2, 2, 4"); totals equal to
    ``TIE_DECIMALS`` decimals tie. Within a tie candidates are listed by id, so the order
    never depends on the mapping's order.
    """
    keyed = sorted(
        (
            (round(result.total, TIE_DECIMALS), key, result.total)
            for key, result in candidates.items()
        ),
        key=lambda entry: (-entry[0], entry[1]),
    )
    ranking: list[Ranked[Id]] = []
    for position, (tie_key, key, total) in enumerate(keyed):
        if ranking and round(ranking[-1].total, TIE_DECIMALS) == tie_key:
            shared = ranking[-1].rank
        else:
            shared = position + 1
        ranking.append(Ranked(key, total, shared))
    return ranking


DEGREES: tuple[str, ...] = ("bachelor", "licensed", "master", "doctorate")
"""Option codes of the default ``degree`` criterion, lowest to highest."""


def default_mentor_rubric() -> Rubric:
    """An editable default rubric for selecting mentors of school principals.

    Sixty points for the documentary review of the professional profile and forty for the
    interview, so totals read out of 100. The bands and weights are reasonable defaults for
    a program to adjust, not an official instrument.
    """

    def yes_no(code: str, label: str, weight: float) -> Criterion:
        return Criterion(code, label, weight, "boolean", yes_points=1, no_points=0)

    def panel(code: str, label: str) -> Criterion:
        # A 0-4 scale: 0 not observed, 1 emerging, 2 adequate, 3 strong, 4 outstanding.
        return Criterion(code, label, 10, "panel", panel_max=4)

    return Rubric(
        (
            Criterion(
                "degree",
                "Highest degree",
                15,
                "choice",
                options={"bachelor": 1, "licensed": 2, "master": 3, "doctorate": 4},
            ),
            Criterion(
                "teaching_years",
                "Years teaching",
                10,
                "bands",
                bands=(
                    Band("0-4", 0, 5, 1),
                    Band("5-9", 5, 10, 2),
                    Band("10-19", 10, 20, 3),
                    Band("20+", 20, None, 4),
                ),
            ),
            Criterion(
                "management_years",
                "Years in school management",
                15,
                "bands",
                bands=(
                    Band("under 1", 0, 1, 0),
                    Band("1 to under 3", 1, 3, 1),
                    Band("3 to under 6", 3, 6, 2),
                    Band("6 or more", 6, None, 3),
                ),
            ),
            yes_no("accompaniment", "Experience in accompaniment or teacher training", 10),
            yes_no("technical_assistance", "Technical assistance to principals", 5),
            Criterion(
                "mentoring_programs",
                "Mentoring programs served",
                5,
                "bands",
                bands=(
                    Band("none", 0, 1, 0),
                    Band("1", 1, 2, 1),
                    Band("2", 2, 3, 2),
                    Band("3+", 3, None, 3),
                ),
            ),
            panel("openness", "Openness to being observed and to feedback"),
            panel("empathy", "Empathy and active listening"),
            panel("motivation", "Motivation for mentoring"),
            panel("communication", "Clear, respectful communication"),
        )
    )


DEFAULT_MENTOR_RUBRIC_SPANISH: Mapping[str, str] = MappingProxyType(
    {
        # Criteria.
        "Highest degree": "Grado académico más alto",
        "Years teaching": "Años de docencia",
        "Years in school management": "Años en gestión escolar",
        "Experience in accompaniment or teacher training": (
            "Experiencia en acompañamiento o formación docente"
        ),
        "Technical assistance to principals": "Asistencia técnica a directivos",
        "Mentoring programs served": "Programas de mentoría en los que participó",
        "Openness to being observed and to feedback": (
            "Apertura a ser observado y a la retroalimentación"
        ),
        "Empathy and active listening": "Empatía y escucha activa",
        "Motivation for mentoring": "Motivación por la mentoría",
        "Clear, respectful communication": "Comunicación clara y respetuosa",
        # Bands.
        "0-4": "0-4",
        "5-9": "5-9",
        "10-19": "10-19",
        "20+": "20+",
        "under 1": "menos de 1",
        "1 to under 3": "de 1 a menos de 3",
        "3 to under 6": "de 3 a menos de 6",
        "6 or more": "6 o más",
        "none": "ninguno",
        "1": "1",
        "2": "2",
        "3+": "3+",
    }
)
"""The Spanish of every label in ``default_mentor_rubric`` (which is written in English): the
rubric a program starts from shows in its reader's language while it is unedited."""


def default_mentor_rubric_texts() -> list[str]:
    """Every label of ``default_mentor_rubric``: criteria, then their bands."""
    rubric = default_mentor_rubric()
    labels = [criterion.label for criterion in rubric.criteria]
    labels += [band.label for criterion in rubric.criteria for band in criterion.bands]
    return labels
