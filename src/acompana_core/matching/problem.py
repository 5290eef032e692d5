"""The matching problem and its result, as plain frozen dataclasses.

A problem lists mentors (with a capacity), mentees, the allowed pairs with a score in
[0, 1] (``edges``; a pair that is not an edge is forbidden) and pairs fixed in advance
(``locked``). ``validate`` checks a problem and raises ``ProblemError`` naming the first
offending entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

Objective = Literal["total", "maxmin", "stable"]
OBJECTIVES: tuple[Objective, ...] = ("total", "maxmin", "stable")

Edge = tuple[str, str, float]
"""(mentee_id, mentor_id, score)"""

Pair = tuple[str, str]
"""(mentee_id, mentor_id)"""

Assignment = tuple[str, str, float]
"""(mentee_id, mentor_id, score)"""


class ProblemError(ValueError):
    """An invalid problem; the message names the offending entry (``edges[3]: ...``)."""


@dataclass(frozen=True, slots=True)
class Mentor:
    """A mentor who can take up to ``capacity`` mentees."""

    id: str
    capacity: int


@dataclass(frozen=True, slots=True)
class Mentee:
    """A mentee (a principal, assistant principal, teacher or coordinator)."""

    id: str


class EdgeTable(Sequence[Edge]):
    """Edges held as NumPy columns instead of millions of Python tuples.

    It behaves as a read-only sequence of ``(mentee_id, mentor_id, score)`` tuples, so it can
    stand wherever a list of edges is expected; the solvers read its columns directly. Row
    ``k`` pairs ``mentee_ids[mentee_index[k]]`` with ``mentor_ids[mentor_index[k]]``.
    """

    __slots__ = ("mentee_ids", "mentee_index", "mentor_ids", "mentor_index", "score")

    def __init__(
        self,
        mentee_ids: Sequence[str],
        mentor_ids: Sequence[str],
        mentee_index: ArrayLike,
        mentor_index: ArrayLike,
        score: ArrayLike,
    ) -> None:
        self.mentee_ids: tuple[str, ...] = tuple(mentee_ids)
        self.mentor_ids: tuple[str, ...] = tuple(mentor_ids)
        self.mentee_index: NDArray[np.int64] = np.asarray(mentee_index, dtype=np.int64)
        self.mentor_index: NDArray[np.int64] = np.asarray(mentor_index, dtype=np.int64)
        self.score: NDArray[np.float64] = np.asarray(score, dtype=np.float64)
        shapes = {self.mentee_index.shape, self.mentor_index.shape, self.score.shape}
        if len(shapes) != 1 or self.score.ndim != 1:
            raise ProblemError("edges: the index and score columns must be 1-D and equally long")

    def __len__(self) -> int:
        return int(self.score.shape[0])

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> list[Edge]: ...

    def __getitem__(self, index: int | slice) -> Edge | list[Edge]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        return (
            self.mentee_ids[int(self.mentee_index[index])],
            self.mentor_ids[int(self.mentor_index[index])],
            float(self.score[index]),
        )

    def __iter__(self) -> Iterator[Edge]:
        mentees, mentors = self.mentee_ids, self.mentor_ids
        for i, j, s in zip(
            self.mentee_index.tolist(), self.mentor_index.tolist(), self.score.tolist(), strict=True
        ):
            yield (mentees[i], mentors[j], s)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(
            tuple(a) == tuple(b) for a, b in zip(self, other, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EdgeTable({len(self)} edges)"


@dataclass(frozen=True, slots=True)
class Problem:
    """A matching problem.

    ``edges`` lists the allowed pairs as ``(mentee_id, mentor_id, score)`` with the score in
    [0, 1]; pairs absent from ``edges`` are forbidden. ``locked`` pairs are kept as they are
    and use up mentor capacity before anything else is matched.
    """

    objective: Objective
    mentors: Sequence[Mentor]
    mentees: Sequence[Mentee]
    edges: Sequence[Edge]
    locked: Sequence[Pair] = field(default=())


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of matching.

    ``assignments`` follow the input order of mentees; ``unmatched`` too, and ``reasons``
    explains each unmatched mentee in plain words (see ``acompana_core.matching.reasons``).
    ``min_score`` is ``None`` when nobody was matched.
    """

    assignments: list[Assignment]
    unmatched: list[str]
    reasons: dict[str, str]
    matched: int
    total_score: float
    min_score: float | None


def validate(problem: Problem) -> None:
    """Raise ``ProblemError`` naming the first offending entry if ``problem`` is invalid.

    Checks: unknown objective; duplicate mentor or mentee ids; negative or non-integer
    capacities; edges naming unknown ids, repeated pairs, scores outside [0, 1] or NaN;
    locked pairs that are unknown, not allowed (not an edge), a mentee locked twice, or more
    locked mentees than a mentor's capacity.
    """
    # Imported here because compilation builds on the dataclasses above.
    from acompana_core.matching.compiled import compile_problem

    compile_problem(problem)
