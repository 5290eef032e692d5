"""The bottleneck threshold for the ``maxmin`` objective.

The threshold is the highest weight ``t`` such that the edges weighing at least ``t`` still
admit a matching as large as the maximum one. Feasibility is monotone in ``t``, so a binary
search over weights with one maximum-flow check per step finds it.

Three things keep the number and the cost of the checks down:

* every feasible check yields a matching whose lowest weight may lie well above the
  probed value, and the search jumps there;
* every infeasible check yields a minimum cut that only edges crossing it can widen: if
  the matching falls ``d`` short, the threshold cannot exceed the ``d``-th largest weight
  among the lighter edges crossing the cut, and the search drops there;
* the graph splits into connected components (regions, typically) that can be checked
  together but settle separately: a component that stays feasible at a probed value can
  no longer hold the overall bottleneck once the search moves below that value, so later
  checks drop it and run on ever smaller graphs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from acompana_core.matching.flow import max_matching, max_matching_with_cut


def mentee_components(
    n_mentees: int, n_mentors: int, ei: NDArray[np.int32], mj: NDArray[np.int32]
) -> tuple[int, NDArray[np.int32]]:
    """Connected components of the bipartite graph; returns (count, label of each mentee)."""
    size = n_mentees + n_mentors
    graph = coo_matrix(
        (np.ones(ei.shape[0], dtype=np.int8), (ei, mj.astype(np.int64) + n_mentees)),
        shape=(size, size),
    ).tocsr()
    count, labels = connected_components(graph, directed=True, connection="weak")
    return int(count), labels[:n_mentees].astype(np.int32)


def _upper_bound(
    ei: NDArray[np.int32],
    w: NDArray[np.int64],
    component: NDArray[np.int32],
    needed: NDArray[np.int64],
) -> int:
    """An upper bound on the threshold from counting alone.

    A component that must match ``k`` mentees needs ``k`` mentees with an edge of weight at
    least ``t``, so ``t`` cannot exceed the ``k``-th largest best weight among its mentees.
    Edges are grouped by mentee, which makes each mentee's best weight one ``reduceat``.
    """
    starts = np.flatnonzero(np.r_[True, ei[1:] != ei[:-1]])
    best = np.maximum.reduceat(w, starts)
    comp = component[ei[starts]]
    order = np.lexsort((-best, comp))
    comp_sorted = comp[order]
    cs = np.flatnonzero(needed > 0)
    first = np.searchsorted(comp_sorted, cs, side="left")
    return int(best[order][first + needed[cs] - 1].min())


def bottleneck_threshold(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    w: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> int | None:
    """Highest ``t`` keeping the maximum cardinality with only edges of weight >= ``t``.

    ``ei`` must be sorted (edges grouped by mentee). Returns ``None`` when no mentee can be
    matched at all.
    """
    if ei.shape[0] == 0:
        return None
    chosen = max_matching(n_mentees, ei, mj, capacity)
    if not chosen.any():
        return None
    n_comp, component = mentee_components(n_mentees, capacity.shape[0], ei, mj)
    needed = np.bincount(component[ei[chosen]], minlength=n_comp).astype(np.int64)
    edge_comp = component[ei]

    lo = int(w[chosen].min())
    hi = _upper_bound(ei, w, component, needed)
    active = needed > 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        keep = np.flatnonzero((w >= mid) & active[edge_comp])
        chosen, source_side = max_matching_with_cut(n_mentees, ei[keep], mj[keep], capacity)
        got = np.bincount(component[ei[keep[chosen]]], minlength=n_comp)
        short = active & (got < needed)
        if not short.any():
            lo = int(w[keep[chosen]].min())
            continue
        # Components that coped at ``mid`` cannot hold the bottleneck below it.
        active = short
        hi = min(
            mid - 1,
            _cut_bound(ei, mj, w, edge_comp, n_mentees, mid, source_side, needed - got, active),
        )
        hi = max(hi, lo)
    return lo


def _cut_bound(
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    w: NDArray[np.int64],
    edge_comp: NDArray[np.int32],
    n_mentees: int,
    mid: int,
    source_side: NDArray[np.bool_],
    deficit: NDArray[np.int64],
    short: NDArray[np.bool_],
) -> int:
    """Upper bound on the threshold of the short components, from the minimum cut at ``mid``.

    Lowering the threshold only adds edges lighter than ``mid``; the cut's capacity, which
    equals the matching found, grows by one per added edge from a source-side mentee to
    a sink-side mentor. A component ``deficit`` short needs that many of them, so its
    threshold is at most the ``deficit``-th largest weight among such edges.
    """
    crossing = np.flatnonzero(
        (w < mid)
        & short[edge_comp]
        & source_side[ei]
        & ~source_side[mj.astype(np.int64) + n_mentees]
    )
    comp, weight = edge_comp[crossing], w[crossing]
    order = np.lexsort((-weight, comp))
    comp, weight = comp[order], weight[order]
    shorts = np.flatnonzero(short)
    first = np.searchsorted(comp, shorts, side="left")
    available = np.searchsorted(comp, shorts, side="right") - first
    need = deficit[shorts]
    # A feasible lower threshold exists, so each short component has enough such edges.
    enough = available >= need
    picks = weight[first[enough] + need[enough] - 1]
    return int(min(mid - 1, int(picks.min(initial=mid - 1))))
