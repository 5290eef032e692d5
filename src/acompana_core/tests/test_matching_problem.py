"""Validation of problems: every error names the entry at fault."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from acompana_core.matching import EdgeTable, Mentee, Mentor, Problem, ProblemError, solve, validate


def problem(**changes: Any) -> Problem:
    fields: dict[str, Any] = {
        "objective": "total",
        "mentors": [Mentor("T1", 1), Mentor("T2", 2)],
        "mentees": [Mentee("M1"), Mentee("M2"), Mentee("M3")],
        "edges": [("M1", "T1", 0.5), ("M2", "T1", 0.25), ("M2", "T2", 1.0), ("M3", "T2", 0.0)],
        "locked": [],
    }
    fields.update(changes)
    return Problem(**fields)


def error_of(p: Problem) -> str:
    with pytest.raises(ProblemError) as info:
        validate(p)
    return str(info.value)


def test_a_valid_problem_passes_validation() -> None:
    validate(problem())
    validate(problem(locked=[("M2", "T2")], objective="stable"))


def test_an_unknown_objective_is_rejected_with_the_allowed_ones() -> None:
    assert error_of(problem(objective="fairest")) == (
        'objective: unknown objective "fairest" (expected one of: total, maxmin, stable)'
    )


def test_a_duplicate_mentor_id_names_both_entries() -> None:
    message = error_of(problem(mentors=[Mentor("T1", 1), Mentor("T2", 1), Mentor("T1", 3)]))
    assert message == 'mentors[2]: duplicate mentor id "T1" (first at mentors[0])'


def test_a_duplicate_mentee_id_names_both_entries() -> None:
    message = error_of(problem(mentees=[Mentee("M1"), Mentee("M2"), Mentee("M2")]))
    assert message == 'mentees[2]: duplicate mentee id "M2" (first at mentees[1])'


def test_a_non_string_id_is_rejected() -> None:
    assert error_of(problem(mentees=[Mentee(7)])) == "mentees[0]: id must be a string, got 7"  # type: ignore[arg-type]


@pytest.mark.parametrize("capacity", [-1, 2.5, True, "3", None])
def test_a_negative_or_non_integer_capacity_is_rejected(capacity: object) -> None:
    message = error_of(problem(mentors=[Mentor("T1", 1), Mentor("T2", capacity)]))  # type: ignore[arg-type]
    assert message.startswith('mentors[1] ("T2"): capacity ')
    assert message.endswith("must be a non-negative integer")


def test_an_edge_naming_an_unknown_mentee_is_rejected() -> None:
    edges = [("M1", "T1", 0.5), ("M9", "T1", 0.5)]
    assert error_of(problem(edges=edges)) == 'edges[1]: unknown mentee "M9"'


def test_an_edge_naming_an_unknown_mentor_is_rejected() -> None:
    edges = [("M1", "T1", 0.5), ("M2", "T1", 0.5), ("M3", "T7", 0.5)]
    assert error_of(problem(edges=edges)) == 'edges[2]: unknown mentor "T7"'


def test_a_repeated_edge_names_the_repeat_and_the_original() -> None:
    edges = [("M1", "T1", 0.5), ("M2", "T2", 0.5), ("M1", "T1", 0.7)]
    assert error_of(problem(edges=edges)) == (
        'edges[2]: duplicate edge ("M1", "T1") (first at edges[0])'
    )


@pytest.mark.parametrize("score", [1.4, -0.1, math.inf])
def test_a_score_outside_zero_one_is_rejected(score: float) -> None:
    edges = [("M1", "T1", 0.5), ("M2", "T1", 0.5), ("M2", "T2", 0.5), ("M3", "T2", score)]
    assert error_of(problem(edges=edges)) == f"edges[3]: score {score!r} is outside [0, 1]"


def test_a_nan_score_is_rejected() -> None:
    edges = [("M1", "T1", math.nan)]
    assert error_of(problem(edges=edges)) == (
        "edges[0]: score is NaN; it must be a number in [0, 1]"
    )


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        (("M1", "T1"), 'edges[1]: expected [mentee_id, mentor_id, score], got ["M1", "T1"]'),
        ("M1T", 'edges[1]: expected [mentee_id, mentor_id, score], got "M1T"'),
        (("M1", "T1", "0.5"), 'edges[1]: score must be a number, got "0.5"'),
        (("M1", "T1", True), "edges[1]: score must be a number, got true"),
        ((1, "T1", 0.5), "edges[1]: mentee id must be a string, got 1"),
    ],
)
def test_a_malformed_edge_is_rejected(edge: object, message: str) -> None:
    assert error_of(problem(edges=[("M2", "T2", 0.5), edge])) == message
    assert error_of(problem(edges=[("M2", "T2", 0.5), edge, ("M1", "T1", 9.0)])) == message


def test_a_locked_pair_must_be_an_allowed_edge() -> None:
    assert error_of(problem(locked=[("M1", "T2")])) == (
        'locked[0]: pair ("M1", "T2") is forbidden (it is not among the edges)'
    )


def test_a_locked_pair_naming_unknown_people_is_rejected() -> None:
    assert error_of(problem(locked=[("M5", "T1")])) == 'locked[0]: unknown mentee "M5"'
    assert error_of(problem(locked=[("M1", "T5")])) == 'locked[0]: unknown mentor "T5"'


def test_a_mentee_locked_twice_is_rejected() -> None:
    assert error_of(problem(locked=[("M2", "T1"), ("M2", "T2")])) == (
        'locked[1]: mentee "M2" is locked twice (first at locked[0])'
    )


def test_locked_pairs_beyond_a_mentors_capacity_are_rejected() -> None:
    assert error_of(problem(locked=[("M1", "T1"), ("M2", "T1")])) == (
        'locked[1]: mentor "T1" has capacity 1 but 2 locked mentees'
    )


def test_solve_validates_first() -> None:
    with pytest.raises(ProblemError, match=r"^edges\[0\]"):
        solve(problem(edges=[("M1", "T1", 2.0)]))


def test_an_edge_table_reads_like_a_list_of_edges() -> None:
    table = EdgeTable(["M1", "M2"], ["T1"], [0, 1], [0, 0], [0.5, 0.25])
    assert len(table) == 2
    assert table[1] == ("M2", "T1", 0.25)
    assert table[-1] == ("M2", "T1", 0.25)
    assert table[:1] == [("M1", "T1", 0.5)]
    assert list(table) == [("M1", "T1", 0.5), ("M2", "T1", 0.25)]
    assert table == [("M1", "T1", 0.5), ("M2", "T1", 0.25)]


def test_an_edge_table_solves_like_the_same_edges_as_a_list() -> None:
    listed = problem()
    table = EdgeTable(
        ["M1", "M2", "M3"],
        ["T1", "T2"],
        np.array([0, 1, 1, 2]),
        np.array([0, 0, 1, 1]),
        np.array([0.5, 0.25, 1.0, 0.0]),
    )
    assert solve(problem(edges=table)) == solve(listed)


def test_an_edge_table_built_on_other_id_lists_is_translated_and_checked() -> None:
    # Ids listed in another order, and one the problem does not know.
    table = EdgeTable(["M3", "M1", "MX"], ["T2", "T1"], [0, 1, 2], [0, 1, 0], [0.1, 0.2, 0.3])
    with pytest.raises(ProblemError, match=r'^edges\[2\]: unknown mentee "MX"$'):
        validate(problem(edges=table))
    translated = EdgeTable(["M3", "M1"], ["T2", "T1"], [0, 1], [0, 1], [0.1, 0.2])
    assert solve(problem(edges=translated)).assignments == [("M1", "T1", 0.2), ("M3", "T2", 0.1)]


def test_an_edge_table_with_out_of_range_positions_is_rejected() -> None:
    table = EdgeTable(["M1"], ["T1"], [0, 1], [0, 0], [0.5, 0.5])
    assert error_of(problem(edges=table)) == "edges[1]: mentee index 1 is out of range"


def test_an_edge_table_needs_columns_of_equal_length() -> None:
    with pytest.raises(ProblemError, match="equally long"):
        EdgeTable(["M1"], ["T1"], [0, 0], [0], [0.5])
