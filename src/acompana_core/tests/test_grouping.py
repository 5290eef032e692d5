"""Breakout groups: sizes, experienced mentors in every group, regions spread, determinism."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.grouping import (
    GroupingError,
    GroupSummary,
    Participant,
    describe,
    group_sizes,
    make_groups,
)

# No per-example deadline: test outcomes must not depend on the machine's speed.
PROPERTY = settings(deadline=None)

REGIONS = ["Cusco", "Puno", "Lima", "Piura", "Loreto", None]


@st.composite
def attendees(draw: st.DrawFn, max_size: int = 70) -> list[Participant]:
    count = draw(st.integers(min_value=0, max_value=max_size))
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4, unique=True))
    return [
        Participant(f"M{k:03d}", draw(st.booleans()), draw(st.sampled_from(regions)))
        for k in range(count)
    ]


bounds = st.integers(min_value=1, max_value=6).flatmap(
    lambda low: st.tuples(st.just(low), st.integers(min_value=low, max_value=low + 5))
)


def people(experienced: int, novices: int, region: str | None = "Cusco") -> list[Participant]:
    return [Participant(f"E{k:02d}", True, region) for k in range(experienced)] + [
        Participant(f"N{k:02d}", False, region) for k in range(novices)
    ]


def feasible(count: int, low: int, high: int) -> bool:
    return any(low * groups <= count <= high * groups for groups in range(1, count + 1))


def all_one_region(group: list[Participant]) -> bool:
    regions = {person.region for person in group}
    return len(regions) == 1 and None not in regions


def penalty(groups: list[list[Participant]]) -> tuple[int, int]:
    homogeneous = sum(all_one_region(group) for group in groups)
    squares = 0
    for group in groups:
        counts = Counter(person.region for person in group if person.region is not None)
        squares += sum(count * count for count in counts.values())
    return homogeneous, squares


# Sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (0, []),
        (1, [1]),
        (7, [7]),
        (8, [8]),
        (10, [10]),
        (11, [11]),
        (15, [15]),
        (16, [8, 8]),
        (19, [10, 9]),
        (21, [11, 10]),
        (23, [12, 11]),
        (31, [11, 10, 10]),
        (32, [8, 8, 8, 8]),
        (40, [10, 10, 10, 10]),
        (45, [9, 9, 9, 9, 9]),
        (101, [10] * 2 + [9] * 9),
    ],
)
def test_group_sizes_use_the_fewest_groups_within_bounds_and_never_break_the_minimum(
    count: int, sizes: list[int]
) -> None:
    assert group_sizes(count) == sizes


@PROPERTY
@given(st.integers(min_value=0, max_value=300), bounds)
def test_sizes_are_even_and_within_bounds_whenever_some_number_of_groups_allows_it(
    count: int, limits: tuple[int, int]
) -> None:
    low, high = limits
    sizes = group_sizes(count, min_size=low, max_size=high)
    assert sum(sizes) == count
    assert sizes == sorted(sizes, reverse=True)
    if count == 0:
        assert sizes == []
    elif count < low:
        assert sizes == [count]
    elif feasible(count, low, high):
        assert all(low <= size <= high for size in sizes)
        assert len(sizes) == -(-count // high)
    else:
        assert all(size >= low for size in sizes)
        assert len(sizes) == count // low
    if sizes:
        assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [(0, 10, "min_size must be >= 1"), (8, 7, r"max_size \(7\) must be >= min_size \(8\)")],
)
def test_impossible_bounds_are_rejected(low: int, high: int, message: str) -> None:
    with pytest.raises(GroupingError, match=message):
        make_groups(people(3, 3), min_size=low, max_size=high)
    with pytest.raises(GroupingError, match=message):
        group_sizes(6, min_size=low, max_size=high)


# Groups ---------------------------------------------------------------------------------


@PROPERTY
@given(attendees(), bounds, st.integers(min_value=0, max_value=3))
def test_every_participant_lands_in_exactly_one_group_of_the_planned_size(
    participants: list[Participant], limits: tuple[int, int], seed: int
) -> None:
    low, high = limits
    groups = make_groups(participants, min_size=low, max_size=high, seed=seed)
    placed = [member for group in groups for member in group]
    assert sorted(placed) == sorted(person.id for person in participants)
    expected = group_sizes(len(participants), min_size=low, max_size=high)
    assert [len(group) for group in groups] == expected
    assert all(group == sorted(group) for group in groups)


@PROPERTY
@given(attendees(), bounds, st.integers(min_value=0, max_value=3))
def test_experienced_mentors_are_spread_so_no_group_is_all_novices_when_there_are_enough(
    participants: list[Participant], limits: tuple[int, int], seed: int
) -> None:
    low, high = limits
    groups = make_groups(participants, min_size=low, max_size=high, seed=seed)
    counts = [summary.experienced for summary in describe(groups, participants)]
    if counts:
        assert max(counts) - min(counts) <= 1
    if sum(person.experienced for person in participants) >= len(groups):
        assert all(count >= 1 for count in counts)


@PROPERTY
@given(attendees(max_size=40), bounds, st.integers(min_value=0, max_value=3))
def test_no_swap_of_two_equally_experienced_mentors_would_spread_regions_better(
    participants: list[Participant], limits: tuple[int, int], seed: int
) -> None:
    low, high = limits
    by_id = {person.id: person for person in participants}
    groups = [
        [by_id[member] for member in group]
        for group in make_groups(participants, min_size=low, max_size=high, seed=seed)
    ]
    for i, first in enumerate(groups):
        for j in range(i + 1, len(groups)):
            second = groups[j]
            for a in first:
                for b in second:
                    if a.experienced != b.experienced or a.region == b.region:
                        continue
                    swapped = [
                        [b if person is a else person for person in first],
                        [a if person is b else person for person in second],
                    ]
                    before = penalty([first, second])
                    after = penalty(swapped)
                    assert after >= before, (a, b)


def test_regions_are_mixed_when_each_group_can_have_several() -> None:
    participants = [
        Participant(f"M{k:02d}", k % 3 == 0, ["Cusco", "Puno", "Lima", "Piura"][k % 4])
        for k in range(40)
    ]
    for summary in describe(make_groups(participants), participants):
        assert summary.size == 10
        assert set(summary.regions) == {"Cusco", "Puno", "Lima", "Piura"}
        assert max(summary.regions.values()) <= 3


def test_experience_and_region_both_mix_even_when_they_coincide() -> None:
    participants = people(8, 0, "Lima") + people(0, 8, "Cusco")
    summaries = describe(make_groups(participants), participants)
    assert [(s.experienced, s.novices, dict(s.regions)) for s in summaries] == [
        (4, 4, {"Cusco": 4, "Lima": 4}),
        (4, 4, {"Cusco": 4, "Lima": 4}),
    ]


@PROPERTY
@given(attendees(), bounds, st.integers(min_value=0, max_value=1000), st.randoms())
def test_the_same_seed_gives_the_same_groups_whatever_the_input_order(
    participants: list[Participant], limits: tuple[int, int], seed: int, shuffler: random.Random
) -> None:
    low, high = limits
    shuffled = list(participants)
    shuffler.shuffle(shuffled)
    first = make_groups(participants, min_size=low, max_size=high, seed=seed)
    assert make_groups(participants, min_size=low, max_size=high, seed=seed) == first
    assert make_groups(shuffled, min_size=low, max_size=high, seed=seed) == first


def test_different_seeds_can_give_different_groups() -> None:
    participants = [
        Participant(f"M{k:02d}", k % 4 == 0, ["Cusco", "Puno", "Lima"][k % 3]) for k in range(30)
    ]
    outcomes = {
        tuple(tuple(group) for group in make_groups(participants, seed=seed)) for seed in range(8)
    }
    assert len(outcomes) > 1


# Edge cases -----------------------------------------------------------------------------


def test_nobody_makes_no_groups() -> None:
    assert make_groups([]) == []
    assert describe([], []) == []


def test_one_participant_makes_one_group() -> None:
    assert make_groups([Participant("M1", False, None)]) == [["M1"]]


def test_fewer_people_than_the_minimum_make_one_group() -> None:
    assert make_groups(people(2, 5)) == [sorted(p.id for p in people(2, 5))]


def test_one_more_than_the_maximum_stays_one_group_rather_than_two_below_the_minimum() -> None:
    participants = people(3, 8)
    assert len(participants) == 11
    assert make_groups(participants) == [sorted(p.id for p in participants)]


def test_all_novices_are_still_grouped_evenly() -> None:
    groups = make_groups(people(0, 27))
    assert [len(group) for group in groups] == [9, 9, 9]


def test_with_fewer_experienced_mentors_than_groups_each_goes_to_a_different_group() -> None:
    participants = people(2, 28)
    summaries = describe(make_groups(participants), participants)
    assert sorted(s.experienced for s in summaries) == [0, 1, 1]


def test_everyone_from_one_region_is_grouped_without_complaint() -> None:
    participants = people(6, 24, region="Puno")
    summaries = describe(make_groups(participants), participants)
    assert [(s.size, s.experienced, dict(s.regions)) for s in summaries] == [
        (10, 2, {"Puno": 10}),
        (10, 2, {"Puno": 10}),
        (10, 2, {"Puno": 10}),
    ]


def test_a_repeated_id_is_rejected() -> None:
    with pytest.raises(GroupingError, match="participant 'E00' appears twice"):
        make_groups([*people(1, 0), *people(1, 0)])


# describe -------------------------------------------------------------------------------


def test_describe_counts_experience_and_regions_most_frequent_first() -> None:
    participants = [
        Participant("a", True, "Lima"),
        Participant("b", False, "Puno"),
        Participant("c", False, "Puno"),
        Participant("d", False, None),
    ]
    assert describe([["a", "b", "c", "d"]], participants) == [
        GroupSummary(
            size=4, experienced=1, novices=3, regions={"Puno": 2, "Lima": 1}, unknown_region=1
        )
    ]
    assert list(describe([["a", "b", "c", "d"]], participants)[0].regions) == ["Puno", "Lima"]


def test_describe_rejects_an_unknown_id() -> None:
    with pytest.raises(GroupingError, match="group 0: unknown participant 'zz'"):
        describe([["zz"]], people(1, 1))
