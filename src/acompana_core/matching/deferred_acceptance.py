"""Mentee-proposing deferred acceptance (Gale-Shapley) with mentor capacities.

Preferences come from the scores on both sides: a mentee prefers mentors with higher
scaled scores and, among equal ones, the mentor whose id sorts first (plain string order);
a mentor likewise prefers higher scores and then the mentee whose id sorts first. With
strict orders on both sides the result is the mentee-optimal stable matching: every mentee
gets the best mentor it can have in any stable matching.

The proposals run in rounds, vectorised with NumPy: every free mentee proposes to its next
mentor at once, and each mentor that received proposals keeps its best ``capacity`` among
the mentees it holds and the newcomers. The outcome is the same as proposing one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.compiled import SCALE


def id_ranks(ids: Sequence[str]) -> NDArray[np.int64]:
    """Position of each id in sorted (string) order."""
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids), dtype=np.int64)
    return ranks


def _preference_order(
    group: NDArray[np.int32],
    w: NDArray[np.int64],
    tie: NDArray[np.int64],
    group_count: int,
    tie_count: int,
) -> NDArray[np.int64]:
    """Edge order: grouped by ``group``, then by weight descending, then by ``tie``."""
    width = (SCALE + 1) * max(tie_count, 1)
    if max(group_count, 1) * width < 2**62:
        # One int64 key sorts much faster than a three-key lexsort.
        key = group.astype(np.int64) * width + (SCALE - w) * max(tie_count, 1) + tie
        return np.argsort(key)
    return np.lexsort((tie, -w, group))


def deferred_acceptance(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    w: NDArray[np.int64],
    capacity: NDArray[np.int64],
    mentee_rank: NDArray[np.int64],
    mentor_rank: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Run deferred acceptance; return the positions (into ``ei``) of the chosen edges.

    ``mentee_rank`` and ``mentor_rank`` give each id's position in sorted order (ties).
    """
    n_edges = ei.shape[0]
    n_mentors = capacity.shape[0]
    if n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    # Mentees' lists: edges grouped by mentee, best mentor first.
    pref = _preference_order(ei, w, mentor_rank[mj], n_mentees, n_mentors)
    # Mentors' rankings: sorting held edges by this position groups them by mentor with
    # the mentor's favourite first.
    mentor_order = _preference_order(mj, w, mentee_rank[ei], n_mentors, n_mentees)
    standing = np.empty(n_edges, dtype=np.int64)
    standing[mentor_order] = np.arange(n_edges, dtype=np.int64)

    pref_mentee = ei[pref]
    start = np.searchsorted(pref_mentee, np.arange(n_mentees), side="left").astype(np.int64)
    end = np.searchsorted(pref_mentee, np.arange(n_mentees), side="right").astype(np.int64)
    nxt = start.copy()
    free: NDArray[np.int64] = np.flatnonzero(end > start)
    held = np.zeros(0, dtype=np.int64)
    touched = np.zeros(n_mentors, dtype=bool)

    while free.size:
        proposals = pref[nxt[free]]
        nxt[free] += 1
        touched[mj[proposals]] = True
        reconsidered = touched[mj[held]]
        candidates = np.concatenate((held[reconsidered], proposals))
        touched[mj[proposals]] = False
        candidates = candidates[np.argsort(standing[candidates])]
        owner = mj[candidates]
        # Rank of each candidate within its mentor's group (0 = favourite).
        new_group = np.r_[True, owner[1:] != owner[:-1]]
        positions = np.arange(candidates.shape[0])
        rank = positions - np.maximum.accumulate(np.where(new_group, positions, 0))
        keep = rank < capacity[owner]
        held = np.concatenate((held[~reconsidered], candidates[keep]))
        rejected = ei[candidates[~keep]].astype(np.int64)
        free = rejected[nxt[rejected] < end[rejected]]
    return held
