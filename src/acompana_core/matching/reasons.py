"""Turning chosen edges into a ``Result``, with a plain reason for each unmatched mentee."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.compiled import CompiledProblem
from acompana_core.matching.problem import Assignment, Result

NO_ALLOWED_MENTOR = "no allowed mentor"
"""Reason given when a mentee has no edge at all."""

CAPACITY_EXHAUSTED = "capacity exhausted"
"""Prefix of the reason given when every allowed mentor is full."""


def unmatched_reason(allowed: int, with_room: int) -> str:
    """The reason for one unmatched mentee, from its number of allowed mentors and of those
    that still have room after matching."""
    if allowed == 0:
        return NO_ALLOWED_MENTOR
    if with_room == 0:
        if allowed == 1:
            return f"{CAPACITY_EXHAUSTED}: the only allowed mentor is full"
        return f"{CAPACITY_EXHAUSTED}: all {allowed} allowed mentors are full"
    # Not reachable for the objectives here (each would add such a pair), kept so that a
    # reason is always given.
    return f"not chosen: {with_room} of {allowed} allowed mentors still have room"


def build_result(problem: CompiledProblem, chosen: NDArray[np.int64]) -> Result:
    """Assemble the result from the positions of the chosen edges (locked ones included)."""
    n = problem.n_mentees
    mentee = problem.edge_mentee[chosen]
    order = np.argsort(mentee, kind="stable")
    chosen = chosen[order]
    mentee = mentee[order]
    mentor = problem.edge_mentor[chosen]
    score = problem.edge_score[chosen]

    mentee_ids, mentor_ids = problem.mentee_ids, problem.mentor_ids
    assignments: list[Assignment] = [
        (mentee_ids[i], mentor_ids[j], s)
        for i, j, s in zip(mentee.tolist(), mentor.tolist(), score.tolist(), strict=True)
    ]
    matched = np.zeros(n, dtype=bool)
    matched[mentee] = True
    unmatched_idx = np.flatnonzero(~matched)
    reasons: dict[str, str] = {}
    if unmatched_idx.size:
        load = np.bincount(mentor, minlength=problem.n_mentors)
        full = load >= problem.capacity
        allowed = np.bincount(problem.edge_mentee, minlength=n)
        with_room = np.bincount(
            problem.edge_mentee, weights=~full[problem.edge_mentor], minlength=n
        ).astype(np.int64)
        for i in unmatched_idx.tolist():
            reasons[mentee_ids[i]] = unmatched_reason(int(allowed[i]), int(with_room[i]))
    return Result(
        assignments=assignments,
        unmatched=[mentee_ids[i] for i in unmatched_idx.tolist()],
        reasons=reasons,
        matched=len(assignments),
        total_score=float(score.sum()) if score.size else 0.0,
        min_score=float(score.min()) if score.size else None,
    )
