"""The year-over-year diff of a design: added, removed, changed, and the rollover's year shift
reported as no change."""

from __future__ import annotations

import datetime

from acompana_core.design_diff import (
    FieldChange,
    Item,
    Span,
    design_diff,
    shift_value,
)


def session(
    title: str, when: datetime.datetime, minutes: int = 180, plan: str = "Inducción 2021"
) -> Item:
    return Item(
        "session", title, {"title": title, "starts_at": when, "minutes": minutes}, group=plan
    )


def round_(name: str, start: datetime.date, end: datetime.date, protocol: str = "v1") -> Item:
    return Item("round", name, {"name": name, "dates": Span(start, end), "protocol": protocol})


def test_a_design_moved_exactly_by_the_year_shift_has_no_row() -> None:
    old = [
        session("Teoría 2021", datetime.datetime(2021, 3, 1, 9, 0)),
        round_("Ronda 1", datetime.date(2021, 4, 1), datetime.date(2021, 5, 31)),
    ]
    new = [
        session("Teoría 2022", datetime.datetime(2022, 3, 1, 9, 0), plan="Inducción 2022"),
        round_("Ronda 1", datetime.date(2022, 4, 1), datetime.date(2022, 5, 31)),
    ]
    diff = design_diff(old, new, from_year=2021, years=1)
    assert diff.rows == []
    assert diff.unchanged == {"session": 1, "round": 1}


def test_a_session_moved_by_a_day_more_than_the_year_is_changed_with_old_and_new_time() -> None:
    old = [session("Teoría", datetime.datetime(2021, 3, 1, 9, 0))]
    new = [session("Teoría", datetime.datetime(2022, 3, 2, 9, 0), plan="Inducción 2022")]
    [row] = design_diff(old, new, from_year=2021, years=1).rows
    assert row.change == "changed"
    assert row.fields == (
        FieldChange(
            "starts_at", datetime.datetime(2021, 3, 1, 9, 0), datetime.datetime(2022, 3, 2, 9, 0)
        ),
    )


def test_added_and_removed_items_are_reported_as_such() -> None:
    old = [Item("instrument", "Rúbrica A"), Item("instrument", "Rúbrica B")]
    new = [Item("instrument", "Rúbrica A")]
    diff = design_diff(old, new, from_year=2021, years=1)
    assert [(r.key, r.change) for r in diff.rows] == [("Rúbrica B", "removed")]
    diff = design_diff(new, old, from_year=2021, years=1)
    assert [(r.key, r.change) for r in diff.rows] == [("Rúbrica B", "added")]


def test_a_renamed_session_is_one_changed_row_with_its_title_old_and_new() -> None:
    when = datetime.datetime(2021, 3, 1, 9, 0)
    old = [session("Teoría", when), session("Juego de roles", when.replace(day=2))]
    new = [
        session("Teoría", when.replace(year=2022), plan="Inducción 2022"),
        session("Juego de roles con casos", when.replace(year=2022, day=2), plan="Inducción 2022"),
    ]
    [row] = design_diff(old, new, from_year=2021, years=1).rows
    assert (row.change, row.old_key, row.key) == (
        "changed",
        "Juego de roles",
        "Juego de roles con casos",
    )
    assert row.fields == (FieldChange("title", "Juego de roles", "Juego de roles con casos"),)


def test_a_rubric_weight_change_is_reported_field_by_field() -> None:
    old = [Item("criterion", "degree", {"label": "Degree", "weight": 15})]
    new = [Item("criterion", "degree", {"label": "Degree", "weight": 20})]
    [row] = design_diff(old, new, from_year=2021, years=1).rows
    assert row.fields == (FieldChange("weight", 15, 20),)


def test_a_round_crossing_the_year_end_keeps_its_length_and_is_unchanged() -> None:
    old = [round_("Ronda 3", datetime.date(2021, 12, 1), datetime.date(2022, 2, 15))]
    new = [round_("Ronda 3", datetime.date(2022, 12, 1), datetime.date(2023, 2, 15))]
    assert design_diff(old, new, from_year=2021, years=1).rows == []


def test_a_leap_day_moves_to_feb_28_and_a_span_keeps_its_days() -> None:
    assert shift_value(datetime.date(2024, 2, 29), from_year=2024, years=1) == datetime.date(
        2025, 2, 28
    )
    span = Span(datetime.date(2024, 2, 29), datetime.date(2024, 3, 1))
    assert shift_value(span, from_year=2024, years=1) == Span(
        datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)
    )


def test_a_new_protocol_version_is_a_change_of_the_round() -> None:
    old = [round_("Ronda 1", datetime.date(2021, 4, 1), datetime.date(2021, 5, 31), "v1")]
    new = [round_("Ronda 1", datetime.date(2022, 4, 1), datetime.date(2022, 5, 31), "v2")]
    [row] = design_diff(old, new, from_year=2021, years=1).rows
    assert row.fields == (FieldChange("protocol", "v1", "v2"),)


def test_leftovers_pair_only_within_their_group() -> None:
    when = datetime.datetime(2021, 3, 1, 9, 0)
    old = [session("A", when, plan="Plan 1")]
    new = [session("B", when.replace(year=2022), plan="Plan 2")]
    rows = design_diff(old, new, from_year=2021, years=1).rows
    assert [(r.key, r.change) for r in rows] == [("A", "removed"), ("B", "added")]


def test_a_row_is_named_by_its_items_title_when_it_has_one() -> None:
    old = [Item("criterion", "degree", {"weight": 15}, title="Highest degree")]
    new = [Item("criterion", "degree", {"weight": 20}, title="Highest degree")]
    [row] = design_diff(old, new, from_year=2021, years=1).rows
    assert (row.key, row.title) == ("degree", "Highest degree")
    [row] = design_diff(old, [], from_year=2021, years=1).rows
    assert (row.change, row.title) == ("removed", "Highest degree")
