"""The solvers against exhaustive search (tiny instances) and SciPy (larger ones)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from acompana_core.matching import Mentee, Mentor, Problem, greedy, solve
from acompana_core.matching.problem import OBJECTIVES, Result

SCALE = 1_000_000
FEW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def weight(score: float) -> int:
    return round(score * SCALE)


@st.composite
def problems(
    draw: st.DrawFn,
    max_mentees: int = 5,
    max_mentors: int = 3,
    max_capacity: int = 2,
    lock: bool = True,
    coarse_scores: bool | None = None,
) -> Problem:
    """Small random problems; coarse scores make ties likely."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    capacity = draw(st.lists(st.integers(0, max_capacity), min_size=m, max_size=m))
    coarse = draw(st.booleans()) if coarse_scores is None else coarse_scores
    score = (
        st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
        if coarse
        else st.integers(0, 1000).map(lambda k: k / 1000)
    )
    mentees = [f"M{i}" for i in range(n)]
    mentors = [f"T{j}" for j in range(m)]
    edges = [(e, t, draw(score)) for e in mentees for t in mentors if draw(st.integers(0, 3)) > 0]
    edges = draw(st.permutations(edges))
    locked: list[tuple[str, str]] = []
    if lock:
        load = dict.fromkeys(mentors, 0)
        for e in mentees:
            options = [t for (a, t, _) in edges if a == e and load[t] < capacity[int(t[1:])]]
            if options and draw(st.integers(0, 4)) == 0:
                t = draw(st.sampled_from(sorted(options)))
                load[t] += 1
                locked.append((e, t))
    return Problem(
        objective=draw(st.sampled_from(OBJECTIVES)),
        mentors=[Mentor(t, c) for t, c in zip(mentors, capacity, strict=True)],
        mentees=[Mentee(e) for e in mentees],
        edges=edges,
        locked=locked,
    )


def with_objective(problem: Problem, objective: str) -> Problem:
    return dataclasses.replace(problem, objective=objective)  # type: ignore[arg-type]


def assignments(problem: Problem) -> Iterator[dict[str, str]]:
    """Every feasible assignment of the mentees that are not locked (locked pairs included)."""
    capacity = {m.id: m.capacity for m in problem.mentors}
    fixed = dict(problem.locked)
    for t in fixed.values():
        capacity[t] -= 1
    options: dict[str, list[str]] = {m.id: [] for m in problem.mentees}
    for e, t, _ in problem.edges:
        options[e].append(t)
    free = [m.id for m in problem.mentees if m.id not in fixed]

    def extend(k: int, chosen: dict[str, str]) -> Iterator[dict[str, str]]:
        if k == len(free):
            yield dict(chosen)
            return
        e = free[k]
        yield from extend(k + 1, chosen)
        for t in options[e]:
            if capacity[t] > 0:
                capacity[t] -= 1
                chosen[e] = t
                yield from extend(k + 1, chosen)
                del chosen[e]
                capacity[t] += 1

    for chosen in extend(0, {}):
        yield {**fixed, **chosen}


def measures(problem: Problem, assignment: dict[str, str]) -> tuple[int, int, int]:
    """(matched, lowest weight, total weight) of an assignment."""
    score = {(e, t): s for e, t, s in problem.edges}
    weights = [weight(score[(e, t)]) for e, t in assignment.items()]
    return len(weights), min(weights, default=SCALE + 1), sum(weights)


def as_dict(result: Result) -> dict[str, str]:
    return {e: t for e, t, _ in result.assignments}


def check_feasible(problem: Problem, result: Result) -> None:
    allowed = {(e, t): s for e, t, s in problem.edges}
    capacity = {m.id: m.capacity for m in problem.mentors}
    mentee_order = [m.id for m in problem.mentees]
    seen: dict[str, int] = {}
    for e, t, s in result.assignments:
        assert (e, t) in allowed, f"forbidden pair {(e, t)}"
        assert s == allowed[(e, t)]
        seen[t] = seen.get(t, 0) + 1
    assert all(seen[t] <= capacity[t] for t in seen)
    matched = [e for e, _, _ in result.assignments]
    assert len(set(matched)) == len(matched)
    assert matched == [e for e in mentee_order if e in set(matched)]
    assert result.unmatched == [e for e in mentee_order if e not in set(matched)]
    assert set(result.reasons) == set(result.unmatched)
    for e, t in problem.locked:
        assert as_dict(result)[e] == t
    assert result.matched == len(result.assignments)
    scores = [s for _, _, s in result.assignments]
    assert result.total_score == pytest.approx(sum(scores))
    assert result.min_score == (min(scores) if scores else None)


@FEW
@given(problems())
def test_every_solver_keeps_locked_pairs_capacities_and_allowed_pairs_only(
    problem: Problem,
) -> None:
    for objective in OBJECTIVES:
        check_feasible(problem, solve(with_objective(problem, objective)))
    check_feasible(problem, greedy(problem))


@FEW
@given(problems())
def test_total_objective_matches_as_many_mentees_as_possible_then_maximizes_the_total(
    problem: Problem,
) -> None:
    result = solve(with_objective(problem, "total"))
    best = max((m[0], m[2]) for m in (measures(problem, a) for a in assignments(problem)))
    got = measures(problem, as_dict(result))
    assert (got[0], got[2]) == best


@FEW
@given(problems())
def test_maxmin_objective_maximizes_cardinality_then_the_lowest_score_then_the_total(
    problem: Problem,
) -> None:
    result = solve(with_objective(problem, "maxmin"))
    best = max(measures(problem, a) for a in assignments(problem))
    assert measures(problem, as_dict(result)) == best


def ranks(ids: list[str]) -> dict[str, int]:
    return {x: k for k, x in enumerate(sorted(ids))}


def prefers_mentor(problem: Problem, mentee: str) -> dict[str, tuple[int, int]]:
    """Sort key of the mentee's mentors, higher is better: score, then the smaller id."""
    rank = ranks([m.id for m in problem.mentors])
    return {t: (weight(s), -rank[t]) for e, t, s in problem.edges if e == mentee}


def blocking_pairs(problem: Problem, assignment: dict[str, str]) -> list[tuple[str, str]]:
    locked = dict(problem.locked)
    residual = {m.id: m.capacity for m in problem.mentors}
    for t in locked.values():
        residual[t] -= 1
    held: dict[str, list[str]] = {m.id: [] for m in problem.mentors}
    for e, t in assignment.items():
        if e not in locked:
            held[t].append(e)
    score = {(e, t): weight(s) for e, t, s in problem.edges}
    rank = ranks([m.id for m in problem.mentees])
    blocking = []
    for e, t, _ in problem.edges:
        if e in locked or assignment.get(e) == t:
            continue
        mine = prefers_mentor(problem, e)
        current = assignment.get(e)
        if current is not None and mine[current] >= mine[t]:
            continue
        if len(held[t]) < residual[t]:
            blocking.append((e, t))
            continue
        standing = {x: (score[(x, t)], -rank[x]) for x in [*held[t], e]}
        if held[t] and standing[e] > min(standing[x] for x in held[t]):
            blocking.append((e, t))
    return blocking


@FEW
@given(problems())
def test_stable_objective_leaves_no_blocking_pair(problem: Problem) -> None:
    result = solve(with_objective(problem, "stable"))
    assert blocking_pairs(problem, as_dict(result)) == []


@FEW
@given(problems(max_mentees=4))
def test_stable_objective_gives_each_mentee_its_best_stable_mentor(problem: Problem) -> None:
    mine = as_dict(solve(with_objective(problem, "stable")))
    for other in assignments(problem):
        if blocking_pairs(problem, other):
            continue
        for mentee in problem.mentees:
            prefs = prefers_mentor(problem, mentee.id)
            unmatched = (-1, 0)
            ours = prefs.get(mine.get(mentee.id, ""), unmatched)
            theirs = prefs.get(other.get(mentee.id, ""), unmatched)
            assert ours >= theirs


@FEW
@given(problems(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_edges(problem: Problem, rnd: random.Random) -> None:
    shuffled = list(problem.edges)
    rnd.shuffle(shuffled)
    for objective in OBJECTIVES:
        first = solve(with_objective(problem, objective))
        again = solve(dataclasses.replace(with_objective(problem, objective), edges=shuffled))
        assert first == again


@FEW
@given(problems())
def test_solving_twice_gives_the_same_result(problem: Problem) -> None:
    assert solve(problem) == solve(problem)


def slot_assignment(
    n: int, capacity: list[int], edges: list[tuple[int, int, int]]
) -> tuple[int, int]:
    """(cardinality, total weight) of the best b-matching, by assignment over mentor slots.

    A matched pair is worth a bonus larger than any total of weights, so the assignment
    first maximises cardinality; forbidden pairs cost nothing, like leaving a mentee out.
    """
    slots = [j for j, c in enumerate(capacity) for _ in range(c)]
    if not slots or n == 0:
        return 0, 0
    bonus = float(SCALE * (n + 1))
    cost = np.zeros((n, len(slots)))
    allowed = np.zeros((n, len(slots)), dtype=bool)
    for i, j, w in edges:
        for k, slot in enumerate(slots):
            if slot == j:
                cost[i, k] = -(bonus + w)
                allowed[i, k] = True
    rows, cols = linear_sum_assignment(cost)
    picked = allowed[rows, cols]
    return int(picked.sum()), round(float(-cost[rows, cols][picked].sum() - bonus * picked.sum()))


@st.composite
def larger_problems(draw: st.DrawFn, objective: str) -> Problem:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 40)), int(rng.integers(1, 9))
    regions = int(rng.integers(1, 4))
    mentee_region, mentor_region = rng.integers(regions, size=n), rng.integers(regions, size=m)
    density = rng.uniform(0.2, 0.9)
    coarse = rng.random() < 0.5
    edges = []
    for i in range(n):
        for j in range(m):
            if mentee_region[i] == mentor_region[j] and rng.random() < density:
                s = rng.integers(0, 5) / 4 if coarse else rng.integers(0, 10**6) / 10**6
                edges.append((f"M{i}", f"T{j}", float(s)))
    return Problem(
        objective=objective,  # type: ignore[arg-type]
        mentors=[Mentor(f"T{j}", int(c)) for j, c in enumerate(rng.integers(0, 5, size=m))],
        mentees=[Mentee(f"M{i}") for i in range(n)],
        edges=edges,
    )


def indexed(problem: Problem, edges: list[tuple[str, str, float]]) -> list[tuple[int, int, int]]:
    return [(int(e[1:]), int(t[1:]), weight(s)) for e, t, s in edges]


@FEW
@given(larger_problems("total"))
def test_total_objective_agrees_with_linear_sum_assignment_on_larger_instances(
    problem: Problem,
) -> None:
    result = solve(problem)
    capacity = [m.capacity for m in problem.mentors]
    expected = slot_assignment(
        len(problem.mentees), capacity, indexed(problem, list(problem.edges))
    )
    got = measures(problem, as_dict(result))
    assert (got[0], got[2]) == expected


@FEW
@given(larger_problems("maxmin"))
def test_maxmin_objective_agrees_with_a_threshold_scan_on_larger_instances(
    problem: Problem,
) -> None:
    """Independent answer: the highest threshold keeping the maximum cardinality, found
    by trying every distinct weight, then the best total above it."""
    result = solve(problem)
    n, capacity = len(problem.mentees), [m.capacity for m in problem.mentors]
    edges = indexed(problem, list(problem.edges))
    size, _ = slot_assignment(n, capacity, edges)
    got = measures(problem, as_dict(result))
    assert got[0] == size
    if size == 0:
        return
    threshold = max(
        t
        for t in {w for _, _, w in edges}
        if slot_assignment(n, capacity, [e for e in edges if e[2] >= t])[0] == size
    )
    best_total = slot_assignment(n, capacity, [e for e in edges if e[2] >= threshold])[1]
    assert got[1:] == (threshold, best_total)


def test_an_unmatched_mentee_without_allowed_mentors_is_told_so() -> None:
    problem = Problem(
        objective="total",
        mentors=[Mentor("T1", 1)],
        mentees=[Mentee("M1"), Mentee("M2")],
        edges=[("M1", "T1", 0.4)],
    )
    result = solve(problem)
    assert result.unmatched == ["M2"]
    assert result.reasons == {"M2": "no allowed mentor"}


def test_an_unmatched_mentee_whose_mentors_are_full_is_told_how_many_there_are() -> None:
    problem = Problem(
        objective="total",
        mentors=[Mentor("T1", 1), Mentor("T2", 1), Mentor("T3", 0)],
        mentees=[Mentee("M1"), Mentee("M2"), Mentee("M3")],
        edges=[
            ("M1", "T1", 0.9),
            ("M2", "T2", 0.9),
            ("M3", "T1", 0.1),
            ("M3", "T2", 0.1),
            ("M3", "T3", 0.1),
        ],
    )
    for objective in OBJECTIVES:
        result = solve(with_objective(problem, objective))
        assert result.reasons == {"M3": "capacity exhausted: all 3 allowed mentors are full"}


def test_total_objective_prefers_two_matches_to_one_better_match() -> None:
    problem = Problem(
        objective="total",
        mentors=[Mentor("T1", 1), Mentor("T2", 1)],
        mentees=[Mentee("M1"), Mentee("M2")],
        edges=[("M1", "T1", 1.0), ("M1", "T2", 0.0), ("M2", "T1", 0.01)],
    )
    result = solve(problem)
    assert result.assignments == [("M1", "T2", 0.0), ("M2", "T1", 0.01)]
    assert result.min_score == 0.0


def test_maxmin_objective_raises_the_lowest_score_at_the_expense_of_the_total() -> None:
    problem = Problem(
        objective="maxmin",
        mentors=[Mentor("T1", 1), Mentor("T2", 1)],
        mentees=[Mentee("M1"), Mentee("M2")],
        edges=[
            ("M1", "T1", 1.0),
            ("M1", "T2", 0.5),
            ("M2", "T1", 0.6),
            ("M2", "T2", 0.2),
        ],
    )
    assert solve(with_objective(problem, "total")).min_score == 0.2
    result = solve(problem)
    assert result.assignments == [("M1", "T2", 0.5), ("M2", "T1", 0.6)]


def test_maxmin_objective_settles_each_region_on_its_own_bottleneck() -> None:
    # Two regions; the lowest score overall is decided in the south, yet the north still
    # gets its best total above that threshold.
    problem = Problem(
        objective="maxmin",
        mentors=[Mentor("N1", 1), Mentor("N2", 1), Mentor("S1", 1)],
        mentees=[Mentee("a"), Mentee("b"), Mentee("c")],
        edges=[
            ("a", "N1", 0.9),
            ("a", "N2", 0.8),
            ("b", "N1", 0.85),
            ("b", "N2", 0.4),
            ("c", "S1", 0.3),
        ],
    )
    result = solve(problem)
    assert result.min_score == 0.3
    assert result.assignments == [("a", "N2", 0.8), ("b", "N1", 0.85), ("c", "S1", 0.3)]


def test_stable_objective_ties_go_to_the_smaller_id() -> None:
    problem = Problem(
        objective="stable",
        mentors=[Mentor("T2", 1), Mentor("T1", 1)],
        mentees=[Mentee("M2"), Mentee("M1")],
        edges=[("M2", "T2", 0.5), ("M2", "T1", 0.5), ("M1", "T1", 0.5), ("M1", "T2", 0.5)],
    )
    assert solve(problem).assignments == [("M2", "T2", 0.5), ("M1", "T1", 0.5)]


def test_greedy_baseline_takes_the_best_pairs_first_and_can_miss_mentees() -> None:
    problem = Problem(
        objective="total",
        mentors=[Mentor("T1", 1), Mentor("T2", 1)],
        mentees=[Mentee("M1"), Mentee("M2")],
        edges=[("M1", "T1", 1.0), ("M1", "T2", 0.0), ("M2", "T1", 0.01)],
    )
    assert greedy(problem).assignments == [("M1", "T1", 1.0)]
    assert solve(problem).matched == 2


def test_locked_pairs_use_up_capacity_before_the_optimisation() -> None:
    problem = Problem(
        objective="total",
        mentors=[Mentor("T1", 1), Mentor("T2", 1)],
        mentees=[Mentee("M1"), Mentee("M2")],
        edges=[("M1", "T1", 0.1), ("M2", "T1", 0.9), ("M2", "T2", 0.2)],
        locked=[("M1", "T1")],
    )
    for objective in OBJECTIVES:
        result = solve(with_objective(problem, objective))
        assert result.assignments == [("M1", "T1", 0.1), ("M2", "T2", 0.2)]


def test_an_empty_problem_matches_nobody() -> None:
    result = solve(Problem(objective="maxmin", mentors=[], mentees=[], edges=[]))
    assert result == Result([], [], {}, 0, 0.0, None)
