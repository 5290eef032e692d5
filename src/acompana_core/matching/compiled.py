"""Validation of a ``Problem`` and its compilation into NumPy arrays for the solvers.

Everything that grows with the number of edges is checked with vectorised NumPy operations,
so that validating ten million edges costs a fraction of solving them. Edges are put in a
canonical order (by mentee position, then mentor position): the solvers see the same arrays
whatever the order of edges in the input, which makes results independent of it.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.problem import (
    OBJECTIVES,
    EdgeTable,
    Objective,
    Problem,
    ProblemError,
)

SCALE = 1_000_000
"""Scores are compared as integers ``round(score * SCALE)`` (round half to even)."""


@dataclass(frozen=True, slots=True)
class CompiledProblem:
    """A validated problem as arrays; edges are in canonical order.

    ``edge_weight`` is the score scaled to an integer, which is what the solvers compare:
    two scores closer than half a millionth are treated as equal.
    """

    objective: Objective
    mentee_ids: tuple[str, ...]
    mentor_ids: tuple[str, ...]
    capacity: NDArray[np.int64]
    edge_mentee: NDArray[np.int32]
    edge_mentor: NDArray[np.int32]
    edge_score: NDArray[np.float64]
    edge_weight: NDArray[np.int64]
    locked_edges: NDArray[np.int64]

    @property
    def n_mentees(self) -> int:
        """Number of mentees."""
        return len(self.mentee_ids)

    @property
    def n_mentors(self) -> int:
        """Number of mentors."""
        return len(self.mentor_ids)

    def residual_capacity(self) -> NDArray[np.int64]:
        """Capacity of each mentor left after the locked pairs."""
        used = np.bincount(self.edge_mentor[self.locked_edges], minlength=self.n_mentors)
        return self.capacity - used.astype(np.int64)

    def free_edges(self) -> NDArray[np.int64]:
        """Positions of the edges whose mentee is not locked (what the solvers choose from)."""
        if self.locked_edges.shape[0] == 0:
            return np.arange(self.edge_mentee.shape[0], dtype=np.int64)
        locked_mentee = np.zeros(self.n_mentees, dtype=bool)
        locked_mentee[self.edge_mentee[self.locked_edges]] = True
        return np.flatnonzero(~locked_mentee[self.edge_mentee])


def quote(value: object, limit: int = 80) -> str:
    """Show a value the way it reads in JSON, shortened, for error messages."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # circular structures
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compile_problem(problem: Problem) -> CompiledProblem:
    """Validate ``problem`` and return its array form; raise ``ProblemError`` if invalid."""
    if problem.objective not in OBJECTIVES:
        raise ProblemError(
            f"objective: unknown objective {quote(problem.objective)} "
            f"(expected one of: {', '.join(OBJECTIVES)})"
        )
    mentor_ids, capacity = _check_mentors(problem)
    mentee_ids = _check_ids(
        [getattr(mentee, "id", None) for mentee in problem.mentees], "mentees", "mentee"
    )
    mentee_pos = {mentee_id: i for i, mentee_id in enumerate(mentee_ids)}
    mentor_pos = {mentor_id: j for j, mentor_id in enumerate(mentor_ids)}

    if isinstance(problem.edges, EdgeTable):
        ei, mj, score = _table_columns(problem.edges, mentee_pos, mentor_pos)
    else:
        ei, mj, score = _list_columns(problem.edges, mentee_pos, mentor_pos)
    _check_known(problem.edges, ei, mj)
    _check_scores(score)

    order, sorted_keys = _canonical_order(problem.edges, ei, mj, len(mentor_ids))
    if order is not None:
        ei, mj, score = ei[order], mj[order], score[order]
    locked = _check_locked(
        problem.locked, mentee_pos, mentor_pos, sorted_keys, capacity, mentor_ids
    )
    return CompiledProblem(
        objective=problem.objective,
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        capacity=capacity,
        edge_mentee=ei.astype(np.int32),
        edge_mentor=mj.astype(np.int32),
        edge_score=score,
        edge_weight=np.rint(score * SCALE).astype(np.int64),
        locked_edges=locked,
    )


def _check_ids(ids: list[object], section: str, noun: str) -> tuple[str, ...]:
    first: dict[str, int] = {}
    for k, item_id in enumerate(ids):
        if not isinstance(item_id, str):
            raise ProblemError(f"{section}[{k}]: id must be a string, got {quote(item_id)}")
        if item_id in first:
            raise ProblemError(
                f"{section}[{k}]: duplicate {noun} id {quote(item_id)} "
                f"(first at {section}[{first[item_id]}])"
            )
        first[item_id] = k
    return tuple(first)


def _check_mentors(problem: Problem) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    mentors = problem.mentors
    ids = _check_ids([getattr(mentor, "id", None) for mentor in mentors], "mentors", "mentor")
    capacities: list[int] = []
    for k, mentor in enumerate(mentors):
        cap = getattr(mentor, "capacity", None)
        if not isinstance(cap, int | np.integer) or isinstance(cap, bool) or int(cap) < 0:
            raise ProblemError(
                f"mentors[{k}] ({quote(ids[k])}): capacity {quote(cap)} "
                "must be a non-negative integer"
            )
        capacities.append(int(cap))
    return ids, np.asarray(capacities, dtype=np.int64)


def _edge_entry_error(k: int, edge: object) -> str | None:
    """Describe what is wrong with one edge entry, or ``None`` if its shape is right."""
    if isinstance(edge, str | bytes) or not isinstance(edge, Sequence) or len(edge) != 3:
        return f"edges[{k}]: expected [mentee_id, mentor_id, score], got {quote(edge)}"
    mentee_id, mentor_id, score = edge
    if not isinstance(mentee_id, str):
        return f"edges[{k}]: mentee id must be a string, got {quote(mentee_id)}"
    if not isinstance(mentor_id, str):
        return f"edges[{k}]: mentor id must be a string, got {quote(mentor_id)}"
    if not isinstance(score, numbers.Real) or isinstance(score, bool):
        return f"edges[{k}]: score must be a number, got {quote(score)}"
    return None


def edge_columns(
    edges: Sequence[object],
) -> tuple[list[str], list[str], NDArray[np.float64]]:
    """Mentee ids, mentor ids and scores of a list of edges, after checking their shape.

    Column extraction runs at C speed through comprehensions; the per-entry scan that
    produces a precise message only runs when a cheap whole-column type check fails.
    """
    try:
        shapes_ok = set(map(len, edges)) <= {3}  # type: ignore[arg-type]
    except TypeError:
        shapes_ok = False
    if shapes_ok:
        mentee_col = [e[0] for e in edges]  # type: ignore[index]
        mentor_col = [e[1] for e in edges]  # type: ignore[index]
        score_col = [e[2] for e in edges]  # type: ignore[index]
        shapes_ok = (
            set(map(type, mentee_col)) <= {str}
            and set(map(type, mentor_col)) <= {str}
            and set(map(type, score_col)) <= {float, int}
            and not any(isinstance(e, str | bytes) for e in edges)
        )
    if not shapes_ok:
        for k, edge in enumerate(edges):
            message = _edge_entry_error(k, edge)
            if message is not None:
                raise ProblemError(message)
        mentee_col = [e[0] for e in edges]  # type: ignore[index]
        mentor_col = [e[1] for e in edges]  # type: ignore[index]
        score_col = [float(e[2]) for e in edges]  # type: ignore[index]
    return mentee_col, mentor_col, np.array(score_col, dtype=np.float64).reshape(-1)


def _list_columns(
    edges: Sequence[object], mentee_pos: dict[str, int], mentor_pos: dict[str, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    mentee_col, mentor_col, score = edge_columns(edges)
    ei = np.array([mentee_pos.get(x, -1) for x in mentee_col], dtype=np.int64)
    mj = np.array([mentor_pos.get(x, -1) for x in mentor_col], dtype=np.int64)
    return ei, mj, score


def _table_columns(
    table: EdgeTable, mentee_pos: dict[str, int], mentor_pos: dict[str, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    columns = []
    for index, ids, pos, noun in (
        (table.mentee_index, table.mentee_ids, mentee_pos, "mentee"),
        (table.mentor_index, table.mentor_ids, mentor_pos, "mentor"),
    ):
        out_of_range = (index < 0) | (index >= len(ids))
        if out_of_range.any():
            k = int(np.argmax(out_of_range))
            raise ProblemError(f"edges[{k}]: {noun} index {int(index[k])} is out of range")
        if ids == tuple(pos):
            columns.append(index)
        else:
            # The table was built against another id list: translate positions, with -1
            # marking ids this problem does not know.
            remap = np.array([pos.get(x, -1) for x in ids], dtype=np.int64)
            columns.append(remap[index])
    return columns[0], columns[1], table.score


def _pair_of(edge: object) -> tuple[object, object]:
    """The (mentee id, mentor id) of an edge whose shape was already checked."""
    entry = cast(Sequence[object], edge)
    return entry[0], entry[1]


def _check_known(edges: Sequence[object], ei: NDArray[np.int64], mj: NDArray[np.int64]) -> None:
    unknown = (ei < 0) | (mj < 0)
    if not unknown.any():
        return
    k = int(np.argmax(unknown))
    mentee_id, mentor_id = _pair_of(edges[k])
    if ei[k] < 0:
        raise ProblemError(f"edges[{k}]: unknown mentee {quote(mentee_id)}")
    raise ProblemError(f"edges[{k}]: unknown mentor {quote(mentor_id)}")


def _check_scores(score: NDArray[np.float64]) -> None:
    # Written so that NaN fails too: every comparison with NaN is false.
    bad = ~((score >= 0.0) & (score <= 1.0))
    if not bad.any():
        return
    k = int(np.argmax(bad))
    value = float(score[k])
    if math.isnan(value):
        raise ProblemError(f"edges[{k}]: score is NaN; it must be a number in [0, 1]")
    raise ProblemError(f"edges[{k}]: score {value!r} is outside [0, 1]")


def _canonical_order(
    edges: Sequence[object], ei: NDArray[np.int64], mj: NDArray[np.int64], n_mentors: int
) -> tuple[NDArray[np.int64] | None, NDArray[np.int64]]:
    """Order edges by (mentee, mentor) and reject repeated pairs.

    Returns the permutation (``None`` when the input is already in order, the common case
    for generated files) and the sorted pair keys, used to look up locked pairs.
    """
    key = ei * max(n_mentors, 1) + mj
    if key.size < 2 or bool(np.all(key[1:] > key[:-1])):
        return None, key
    # A stable sort keeps repeated pairs in input order, so the first of a run is the
    # original and the others are the duplicates to report.
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    repeat = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1]) + 1
    if repeat.size:
        p = int(repeat[np.argmin(order[repeat])])
        k = int(order[p])
        first = int(order[np.searchsorted(sorted_keys, sorted_keys[p], side="left")])
        mentee_id, mentor_id = _pair_of(edges[k])
        raise ProblemError(
            f"edges[{k}]: duplicate edge ({quote(mentee_id)}, {quote(mentor_id)}) "
            f"(first at edges[{first}])"
        )
    return order, sorted_keys


def _check_locked(
    locked: Sequence[object],
    mentee_pos: dict[str, int],
    mentor_pos: dict[str, int],
    sorted_keys: NDArray[np.int64],
    capacity: NDArray[np.int64],
    mentor_ids: tuple[str, ...],
) -> NDArray[np.int64]:
    n_mentors = max(len(mentor_ids), 1)
    positions: list[int] = []
    locked_at: dict[int, int] = {}
    load = np.zeros(len(mentor_ids), dtype=np.int64)
    for k, pair in enumerate(locked):
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ProblemError(f"locked[{k}]: expected [mentee_id, mentor_id], got {quote(pair)}")
        mentee_id, mentor_id = pair
        i = mentee_pos.get(mentee_id, -1) if isinstance(mentee_id, str) else -1
        j = mentor_pos.get(mentor_id, -1) if isinstance(mentor_id, str) else -1
        if i < 0:
            raise ProblemError(f"locked[{k}]: unknown mentee {quote(mentee_id)}")
        if j < 0:
            raise ProblemError(f"locked[{k}]: unknown mentor {quote(mentor_id)}")
        key = i * n_mentors + j
        p = int(np.searchsorted(sorted_keys, key))
        if p >= sorted_keys.size or sorted_keys[p] != key:
            raise ProblemError(
                f"locked[{k}]: pair ({quote(mentee_id)}, {quote(mentor_id)}) is forbidden "
                "(it is not among the edges)"
            )
        if i in locked_at:
            raise ProblemError(
                f"locked[{k}]: mentee {quote(mentee_id)} is locked twice "
                f"(first at locked[{locked_at[i]}])"
            )
        locked_at[i] = k
        load[j] += 1
        if load[j] > capacity[j]:
            raise ProblemError(
                f"locked[{k}]: mentor {quote(mentor_id)} has capacity {int(capacity[j])} "
                f"but {int(load[j])} locked mentees"
            )
        positions.append(p)
    return np.asarray(positions, dtype=np.int64)
