"""Network-flow building blocks on OR-Tools, fed with NumPy arrays.

Mentee ``i`` is node ``i``, mentor ``j`` is node ``n + j``, then come the source and the
sink. Arcs are added in one vectorised call in the order source arcs, edge arcs, sink arcs,
so the flow on edge ``e`` is the flow on arc ``n + e``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import max_flow, min_cost_flow


class SolverFailure(RuntimeError):
    """OR-Tools reported a status other than optimal (a bug, not an input problem)."""


@dataclass(frozen=True, slots=True)
class Network:
    """Arc arrays of the source -> mentees -> mentors -> sink network."""

    n_mentees: int
    n_mentors: int
    n_edges: int
    tails: NDArray[np.int32]
    heads: NDArray[np.int32]
    capacities: NDArray[np.int64]

    @property
    def source(self) -> int:
        """Node id of the source."""
        return self.n_mentees + self.n_mentors

    def edge_arcs(self) -> NDArray[np.int32]:
        """Arc ids of the mentee -> mentor arcs, in edge order."""
        return np.arange(self.n_mentees, self.n_mentees + self.n_edges, dtype=np.int32)

    def source_arcs(self) -> NDArray[np.int32]:
        """Arc ids of the source -> mentee arcs, in mentee order."""
        return np.arange(self.n_mentees, dtype=np.int32)


def build_network(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    capacity: NDArray[np.int64],
) -> Network:
    """Arcs for a b-matching: source->mentee (1), mentee->mentor (1), mentor->sink (capacity)."""
    n_mentors = capacity.shape[0]
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1
    n_edges = ei.shape[0]
    tails = np.empty(n_mentees + n_edges + n_mentors, dtype=np.int32)
    heads = np.empty_like(tails)
    tails[:n_mentees] = source
    heads[:n_mentees] = np.arange(n_mentees, dtype=np.int32)
    tails[n_mentees : n_mentees + n_edges] = ei
    np.add(mj, n_mentees, out=heads[n_mentees : n_mentees + n_edges], casting="unsafe")
    tails[n_mentees + n_edges :] = np.arange(n_mentees, n_mentees + n_mentors, dtype=np.int32)
    heads[n_mentees + n_edges :] = sink
    capacities = np.ones(tails.shape[0], dtype=np.int64)
    capacities[n_mentees + n_edges :] = capacity
    return Network(n_mentees, n_mentors, n_edges, tails, heads, capacities)


def max_matching(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    capacity: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """A maximum-cardinality matching; returns which edges are used."""
    net = build_network(n_mentees, ei, mj, capacity)
    if net.n_edges == 0:
        return np.zeros(0, dtype=bool)
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(net.tails, net.heads, net.capacities)
    status = solver.solve(net.source, net.source + 1)
    if status != solver.OPTIMAL:
        raise SolverFailure(f"max flow failed with status {status}")
    flows = np.asarray(solver.flows(net.edge_arcs()))
    return flows > 0


def max_matching_with_cut(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    capacity: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """A maximum-cardinality matching and the source side of a minimum cut.

    The second array tells, for each node (mentees, then mentors), whether it lies on the
    source side of the cut; edges from a source-side mentee to a sink-side mentor cross it.
    """
    net = build_network(n_mentees, ei, mj, capacity)
    source_side = np.zeros(net.source + 2, dtype=bool)
    if net.n_edges == 0:
        source_side[:n_mentees] = True
        return np.zeros(0, dtype=bool), source_side
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(net.tails, net.heads, net.capacities)
    status = solver.solve(net.source, net.source + 1)
    if status != solver.OPTIMAL:
        raise SolverFailure(f"max flow failed with status {status}")
    source_side[np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)] = True
    return np.asarray(solver.flows(net.edge_arcs())) > 0, source_side


def min_cost_max_matching(
    n_mentees: int,
    ei: NDArray[np.int32],
    mj: NDArray[np.int32],
    weight: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Among maximum-cardinality matchings, one of greatest total weight.

    OR-Tools' ``solve_max_flow_with_min_cost`` first finds the maximum flow and then the
    cheapest flow of that value, which is exactly "as many mentees as possible, then the
    best total", with no big-M constant that could overflow or blur the two goals.
    """
    net = build_network(n_mentees, ei, mj, capacity)
    if net.n_edges == 0:
        return np.zeros(0, dtype=bool)
    costs = np.zeros(net.tails.shape[0], dtype=np.int64)
    np.negative(weight, out=costs[n_mentees : n_mentees + net.n_edges])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.capacities, costs)
    solver.set_node_supply(net.source, n_mentees)
    solver.set_node_supply(net.source + 1, -n_mentees)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise SolverFailure(f"min cost flow failed with status {status}")
    flows = np.asarray(solver.flows(net.edge_arcs()))
    return flows > 0
