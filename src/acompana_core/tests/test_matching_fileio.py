"""The JSON file interface: format, round trips, fast decoding and error messages."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.matching import (
    EdgeTable,
    Mentee,
    Mentor,
    Problem,
    ProblemError,
    dump_result,
    load_problem,
    run_file,
    solve,
)
from acompana_core.matching.fileio import dump_problem, parse_problem, write_problem
from acompana_core.matching.json_edges import split_edges

EXAMPLE: dict[str, Any] = {
    "objective": "total",
    "mentors": [{"id": "T1", "capacity": 1}, {"id": "T2", "capacity": 1}],
    "mentees": [{"id": "M1"}, {"id": "M2"}, {"id": "M9"}],
    "edges": [["M1", "T1", 0.83], ["M2", "T1", 0.5], ["M2", "T2", 0.25]],
    "locked": [["M1", "T1"]],
}


def write(path: Path, document: Any, **options: Any) -> Path:
    path.write_text(json.dumps(document, **options), encoding="utf-8")
    return path


def error_of(raw: bytes | str) -> str:
    with pytest.raises(ProblemError) as info:
        problem = parse_problem(raw.encode() if isinstance(raw, str) else raw)
        solve(problem)
    return str(info.value)


def test_run_file_writes_the_result_in_the_documented_format(tmp_path: Path) -> None:
    source = write(tmp_path / "problem.json", EXAMPLE)
    result = run_file(source, tmp_path / "result.json")
    written = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert written == {
        "assignments": [["M1", "T1", 0.83], ["M2", "T2", 0.25]],
        "unmatched": ["M9"],
        "matched": 2,
        "total_score": 1.08,
        "min_score": 0.25,
        "reasons": {"M9": "no allowed mentor"},
    }
    assert dump_result(result) == written


def test_objective_defaults_to_total_and_locked_to_none(tmp_path: Path) -> None:
    document = {key: value for key, value in EXAMPLE.items() if key not in ("objective", "locked")}
    problem = load_problem(write(tmp_path / "p.json", document))
    assert problem.objective == "total"
    assert list(problem.locked) == []


def test_min_score_is_null_when_nobody_is_matched(tmp_path: Path) -> None:
    source = write(tmp_path / "p.json", {"mentors": [], "mentees": [{"id": "M1"}], "edges": []})
    run_file(source, tmp_path / "out.json")
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["min_score"] is None
    assert written["unmatched"] == ["M1"]


def test_a_problem_written_and_read_back_solves_the_same(tmp_path: Path) -> None:
    problem = load_problem(EXAMPLE)
    write_problem(problem, tmp_path / "p.json")
    again = load_problem(tmp_path / "p.json")
    assert again.mentors == problem.mentors
    assert again.mentees == problem.mentees
    assert list(again.edges) == [tuple(e) for e in EXAMPLE["edges"]]
    assert solve(again) == solve(problem)


def test_written_scores_keep_six_decimals() -> None:
    problem = Problem("total", [Mentor("T1", 1)], [Mentee("M1")], [("M1", "T1", 1 / 3)])
    assert dump_problem(problem)["edges"] == [["M1", "T1", 0.333333]]


def test_a_dict_loads_like_the_file_holding_it(tmp_path: Path) -> None:
    from_file = load_problem(write(tmp_path / "p.json", EXAMPLE))
    from_dict = load_problem(EXAMPLE)
    assert solve(from_file) == solve(from_dict)


LAYOUTS: list[dict[str, Any]] = [
    {"separators": (",", ":")},
    {},
    {"indent": 2},
    {"indent": None, "separators": (", ", ": ")},
]


@pytest.mark.parametrize("options", LAYOUTS)
def test_every_json_layout_reads_the_same_edges(tmp_path: Path, options: dict[str, Any]) -> None:
    problem = load_problem(write(tmp_path / "p.json", EXAMPLE, **options))
    assert list(problem.edges) == [tuple(e) for e in EXAMPLE["edges"]]


def test_one_edge_per_line_takes_the_fast_path() -> None:
    raw = (
        b'{"mentors": [{"id": "T1", "capacity": 2}], "mentees": [{"id": "M1"}, {"id": "M2"}],\n'
        b'"edges": [\n  ["M1", "T1", 0.5],\n  ["M2", "T1", 1]\n]\n}'
    )
    assert split_edges(raw) is not None
    assert list(parse_problem(raw).edges) == [("M1", "T1", 0.5), ("M2", "T1", 1.0)]


ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=0, max_size=20
)
scores = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.integers(0, 10**6).map(lambda k: k / 10**6),
    st.sampled_from([0, 1, 0.5, -0.0, 1e-7, 123456789.125, 0.1 + 0.2]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(ids, ids, scores), max_size=12),
    st.sampled_from(LAYOUTS),
    st.booleans(),
)
def test_fast_decoding_reads_exactly_what_json_reads(
    edges: list[tuple[str, str, float]], options: dict[str, Any], ascii_only: bool
) -> None:
    names = sorted({e for e, _, _ in edges} | {"M"})
    mentors = sorted({t for _, t, _ in edges} | {"T"})
    document = {
        "mentors": [{"id": t, "capacity": 1} for t in mentors],
        "mentees": [{"id": e} for e in names],
        "edges": [list(edge) for edge in edges],
    }
    raw = json.dumps(document, ensure_ascii=ascii_only, **options).encode("utf-8")
    expected = [(e, t, float(s)) for e, t, s in json.loads(raw)["edges"]]
    got = list(parse_problem(raw).edges)
    assert [(e, t) for e, t, _ in got] == [(e, t) for e, t, _ in expected]
    for (_, _, a), (_, _, b) in zip(got, expected, strict=True):
        assert (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1, a) == math.copysign(1, b)
        )


def test_ids_containing_brackets_and_commas_still_read_correctly() -> None:
    document = {
        "mentors": [{"id": "T]],[", "capacity": 1}],
        "mentees": [{"id": 'M, "x"'}, {"id": "[M2]"}],
        "edges": [['M, "x"', "T]],[", 0.5], ["[M2]", "T]],[", 0.25]],
    }
    raw = json.dumps(document).encode()
    assert list(parse_problem(raw).edges) == [('M, "x"', "T]],[", 0.5), ("[M2]", "T]],[", 0.25)]


def test_a_fast_read_file_reports_unknown_ids_like_any_other() -> None:
    document = dict(EXAMPLE, edges=[["M1", "T1", 0.5], ["M2", "TX", 0.5]], locked=[])
    assert error_of(json.dumps(document)) == 'edges[1]: unknown mentor "TX"'
    document = dict(EXAMPLE, edges=[["M1", "T1", 0.5], ["MX", "T1", 0.5]], locked=[])
    assert error_of(json.dumps(document)) == 'edges[1]: unknown mentee "MX"'


def test_a_score_out_of_range_in_a_file_names_the_edge() -> None:
    edges = [["M1", "T1", 0.5], ["M2", "T1", 0.5], ["M2", "T2", 0.5], ["M9", "T2", 1.4]]
    document = dict(EXAMPLE, edges=edges, locked=[])
    assert error_of(json.dumps(document)) == "edges[3]: score 1.4 is outside [0, 1]"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"mentors": [', "invalid JSON at line 1 column 14: Expecting value"),
        ("[]", "top level: expected a JSON object, got []"),
        ('{"mentees": [], "edges": []}', 'top level: missing "mentors"'),
        ('{"mentors": {}, "mentees": [], "edges": []}', "mentors: expected a list, got {}"),
        (
            '{"mentors": [{"id": "T1"}], "mentees": [], "edges": []}',
            'mentors[0]: missing "capacity"',
        ),
        (
            '{"mentors": [], "mentees": ["M1"], "edges": []}',
            'mentees[0]: expected an object with "id", got "M1"',
        ),
        (
            '{"mentors": [], "mentees": [], "edges": [], "lock": []}',
            'top level: unknown key "lock" (expected objective, mentors, mentees, edges, locked)',
        ),
        (
            '{"mentors": [{"id": "T1", "capacity": "ten"}], "mentees": [], "edges": []}',
            'mentors[0] ("T1"): capacity "ten" must be a non-negative integer',
        ),
        (
            '{"mentors": [{"id": "T1", "capacity": 1}], "mentees": [{"id": "M1"}],'
            ' "edges": [["M1", "T1", 0.5], ["M1", "T1"]]}',
            'edges[1]: expected [mentee_id, mentor_id, score], got ["M1", "T1"]',
        ),
        (
            '{"mentors": [{"id": "T1", "capacity": 1}], "mentees": [{"id": "M1"}],'
            ' "edges": [["M1", "T1", "high"]]}',
            'edges[0]: score must be a number, got "high"',
        ),
        (
            '{"mentors": [{"id": "T1", "capacity": 1}], "mentees": [{"id": "M1"}],'
            ' "edges": [["M1", "T1", NaN]]}',
            "edges[0]: score is NaN; it must be a number in [0, 1]",
        ),
        (
            '{"mentors": [{"id": "T1", "capacity": 1}], "mentees": [{"id": "M1"}],'
            ' "edges": [["M1", "T1", 0.5]], "locked": [["M1"]]}',
            'locked[0]: expected [mentee_id, mentor_id], got ["M1"]',
        ),
        (b"\xff\xfe{", "invalid JSON"),
    ],
)
def test_malformed_files_give_a_message_naming_the_entry(raw: str | bytes, message: str) -> None:
    assert error_of(raw).startswith(message)


def test_a_missing_file_is_a_problem_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match=r"cannot read .*missing\.json"):
        load_problem(tmp_path / "missing.json")


def test_a_problem_with_an_edge_table_dumps_its_edges() -> None:
    table = EdgeTable(["M1", "M2"], ["T1"], [0, 1], [0, 0], [0.5, 0.25])
    problem = Problem("stable", [Mentor("T1", 2)], [Mentee("M1"), Mentee("M2")], table)
    assert dump_problem(problem)["edges"] == [["M1", "T1", 0.5], ["M2", "T1", 0.25]]
