"""A greedy baseline: best-scored pairs first, kept whenever both sides are still free.

It is what a spreadsheet-style allocation does and serves only as a yardstick for the
optimal solvers in the benchmark.
"""

from __future__ import annotations

import numpy as np

from acompana_core.matching.compiled import compile_problem
from acompana_core.matching.problem import Problem, Result
from acompana_core.matching.reasons import build_result


def greedy(problem: Problem) -> Result:
    """Match greedily by descending score (ties in mentee, then mentor, input order).

    Locked pairs are kept first, as in ``solve``; ``problem.objective`` is ignored.
    """
    compiled = compile_problem(problem)
    free = compiled.free_edges()
    room = compiled.residual_capacity().tolist()
    # Free edges are in (mentee, mentor) order, so a stable sort settles ties that way.
    order = free[np.argsort(-compiled.edge_weight[free], kind="stable")]
    taken = bytearray(compiled.n_mentees)
    left = int(np.unique(compiled.edge_mentee[free]).size)
    chosen: list[int] = []
    for e, i, j in zip(
        order.tolist(),
        compiled.edge_mentee[order].tolist(),
        compiled.edge_mentor[order].tolist(),
        strict=True,
    ):
        if taken[i] or room[j] == 0:
            continue
        taken[i] = 1
        room[j] -= 1
        chosen.append(e)
        left -= 1
        if left == 0:
            break
    picked = np.concatenate((compiled.locked_edges, np.asarray(chosen, dtype=np.int64)))
    return build_result(compiled, picked)
