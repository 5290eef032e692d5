"""``solve``: the entry point that runs the solver for a problem's objective.

* ``total``: as many mentees as possible, then the greatest total score (min-cost flow).
* ``maxmin``: as many mentees as possible, then the greatest lowest score, then the
  greatest total (bottleneck search, then min-cost flow on the edges above it).
* ``stable``: mentee-proposing deferred acceptance; no mentee and mentor would both rather
  be together than with their assignment.

Locked pairs are fixed before any of them runs: their mentees are set aside and their
mentors' capacities reduced. Results are deterministic for the same input.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.bottleneck import bottleneck_threshold
from acompana_core.matching.compiled import CompiledProblem, compile_problem
from acompana_core.matching.deferred_acceptance import deferred_acceptance, id_ranks
from acompana_core.matching.flow import SolverFailure, min_cost_max_matching
from acompana_core.matching.problem import Problem, Result
from acompana_core.matching.reasons import build_result


def solve(problem: Problem) -> Result:
    """Validate ``problem`` (raising ``ProblemError``) and solve it for its objective."""
    return solve_compiled(compile_problem(problem))


def solve_compiled(problem: CompiledProblem) -> Result:
    """Solve an already validated problem."""
    capacity = problem.residual_capacity()
    free = problem.free_edges()
    if free.shape[0] == problem.edge_mentee.shape[0]:
        # Nothing locked: use the arrays as they are rather than copies.
        ei, mj, w = problem.edge_mentee, problem.edge_mentor, problem.edge_weight
    else:
        ei, mj, w = problem.edge_mentee[free], problem.edge_mentor[free], problem.edge_weight[free]
    n = problem.n_mentees
    chosen: NDArray[np.int64]
    if problem.objective == "total":
        chosen = free[min_cost_max_matching(n, ei, mj, w, capacity)]
    elif problem.objective == "maxmin":
        chosen = free[_maxmin(n, ei, mj, w, capacity)]
    else:
        picked = deferred_acceptance(
            n, ei, mj, w, capacity, id_ranks(problem.mentee_ids), id_ranks(problem.mentor_ids)
        )
        chosen = free[picked]
    return build_result(problem, np.concatenate((problem.locked_edges, chosen)))


def _maxmin(
    n: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    w: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> NDArray[np.int64]:
    threshold = bottleneck_threshold(n, ei, mj, w, capacity)
    if threshold is None:
        return np.zeros(0, dtype=np.int64)
    keep = np.flatnonzero(w >= threshold)
    chosen = keep[min_cost_max_matching(n, ei[keep], mj[keep], w[keep], capacity)]
    if chosen.size and int(w[chosen].min()) < threshold:
        raise SolverFailure("maxmin: the final matching fell below the threshold")
    return chosen
