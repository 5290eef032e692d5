"""Forming circles: sizes, everyone once, locks, balance better than chance, determinism."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.circles import (
    BALANCE,
    GROUP,
    PHILOSOPHY,
    Criterion,
    FormingError,
    Locks,
    Person,
    circle_sizes,
    form_circles,
    objective,
)

PROPERTY = settings(deadline=None, max_examples=60)
SUBJECTS = ["math", "science", "language", "arts"]
STAGES = ["beginning", "proficient", "highly_proficient", "distinguished"]
SCHOOLS = ["S1", "S2", "S3", "S4", "S5"]


def cohort(count: int, seed: int = 1) -> list[Person]:
    rng = random.Random(seed)
    return [
        Person(
            f"T{k:03d}",
            {
                "subject": rng.choice(SUBJECTS),
                "grade": rng.choice(["1", "2", "3"]),
                "school": rng.choice(SCHOOLS),
                "career_stage": rng.choice(STAGES),
            },
        )
        for k in range(count)
    ]


MIXED = [
    Criterion("subject", GROUP, 3),
    Criterion("career_stage", BALANCE, 2),
    Criterion("school", BALANCE, 1),
]


@pytest.mark.parametrize(("low", "high"), [(3, 8), (4, 6), (2, 2), (3, 10)])
def test_circle_sizes_stay_within_bounds_for_every_count(low: int, high: int) -> None:
    for count in range(0, 120):
        sizes = circle_sizes(count, min_size=low, max_size=high)
        assert all(low <= size <= high for size in sizes)
        assert sum(sizes) <= count
        assert max(sizes, default=0) - min(sizes, default=0) <= 1
        # Nobody is left out when some number of circles fits everyone.
        fits = any(g * low <= count <= g * high for g in range(1, count + 1))
        assert sum(sizes) == count or not fits


def test_odd_count_in_pairs_leaves_one_person_out() -> None:
    result = form_circles(cohort(7), criteria=MIXED, min_size=2, max_size=2)
    assert [len(c) for c in result.circles] == [2, 2, 2]
    assert len(result.unplaced) == 1


@PROPERTY
@given(
    count=st.integers(min_value=0, max_value=60),
    bounds=st.sampled_from([(3, 8), (4, 6), (2, 2)]),
    seed=st.integers(min_value=0, max_value=5),
)
def test_every_participant_is_placed_once_and_sizes_are_within_bounds(
    count: int, bounds: tuple[int, int], seed: int
) -> None:
    people = cohort(count, seed)
    result = form_circles(people, criteria=MIXED, min_size=bounds[0], max_size=bounds[1], seed=seed)
    placed = [i for circle in result.circles for i in circle]
    assert sorted(placed + result.unplaced) == sorted(p.id for p in people)
    assert len(set(placed)) == len(placed)
    assert all(bounds[0] <= len(c) <= bounds[1] for c in result.circles)


def test_the_same_input_and_seed_give_the_same_circles_whatever_the_order() -> None:
    people = cohort(40)
    first = form_circles(people, criteria=MIXED, min_size=4, max_size=6, seed=3)
    shuffled = list(reversed(people))
    second = form_circles(shuffled, criteria=MIXED, min_size=4, max_size=6, seed=3)
    assert first.circles == second.circles
    assert first.objective == second.objective


def test_balance_and_grouping_beat_a_random_split() -> None:
    people = cohort(60)
    result = form_circles(people, criteria=MIXED, min_size=4, max_size=6, seed=0)
    rng = random.Random(9)
    randoms = []
    for _ in range(20):
        ids = [p.id for p in people]
        rng.shuffle(ids)
        split, start = [], 0
        for size in circle_sizes(60, min_size=4, max_size=6):
            split.append(ids[start : start + size])
            start += size
        randoms.append(objective(split, people, MIXED))
    assert result.objective == pytest.approx(objective(result.circles, people, MIXED))
    assert result.objective < 0.6 * min(randoms)


def test_balancing_career_stages_mixes_them_in_every_circle() -> None:
    people = [Person(f"T{k:02d}", {"career_stage": STAGES[k % 2]}) for k in range(24)]
    result = form_circles(
        people, criteria=[Criterion("career_stage", BALANCE, 1)], min_size=4, max_size=4
    )
    for explanation in result.circle_explanations:
        assert explanation.mixes["career_stage"] == {"beginning": 2, "proficient": 2}


def test_grouping_by_subject_puts_same_subjects_together() -> None:
    people = [Person(f"T{k:02d}", {"subject": SUBJECTS[k % 3]}) for k in range(18)]
    result = form_circles(
        people, criteria=[Criterion("subject", GROUP, 1)], min_size=3, max_size=6, seed=2
    )
    assert result.objective == 0
    for explanation in result.circle_explanations:
        assert len(explanation.common) == 1


def test_locks_together_apart_and_fixed_are_respected() -> None:
    people = cohort(30)
    locks = Locks(
        together=[("T001", "T002", "T003")],
        apart=[("T004", "T005"), ("T001", "T006")],
        fixed={"T010": 2, "T011": 2, "T001": 0},
    )
    for seed in range(5):
        result = form_circles(
            people, criteria=MIXED, min_size=4, max_size=6, locks=locks, seed=seed
        )
        circle_of = {i: k for k, c in enumerate(result.circles) for i in c}
        assert circle_of["T001"] == circle_of["T002"] == circle_of["T003"] == 0
        assert circle_of["T004"] != circle_of["T005"]
        assert circle_of["T001"] != circle_of["T006"]
        assert circle_of["T010"] == circle_of["T011"] == 2
        assert "together:T001,T002,T003" in result.circle_explanations[0].locks
        assert "fixed:T010" in result.person_explanations["T010"].locks


def test_apart_locks_beat_a_strong_grouping_preference() -> None:
    people = [Person(f"T{k}", {"subject": "math"}) for k in range(8)]
    result = form_circles(
        people,
        criteria=[Criterion("subject", GROUP, 10)],
        min_size=4,
        max_size=4,
        locks=Locks(apart=[("T0", "T1"), ("T2", "T3")]),
    )
    circle_of = {i: k for k, c in enumerate(result.circles) for i in c}
    assert circle_of["T0"] != circle_of["T1"]
    assert circle_of["T2"] != circle_of["T3"]


@pytest.mark.parametrize(
    ("locks", "message"),
    [
        (Locks(together=[("T0", "T1", "T2", "T3", "T4")]), "at most 4"),
        (Locks(together=[("T0", "T1")], apart=[("T1", "T0")]), "locked together and kept apart"),
        (Locks(together=[("T0", "T1")], fixed={"T0": 0, "T1": 1}), "fixed to another circle"),
        (Locks(fixed={"T0": 5}), "only 2"),
        (Locks(fixed={f"T{k}": 0 for k in range(5)}), "5 people are fixed to circle 1"),
        (Locks(apart=[("T0", "T9")]), "unknown participant"),
        (Locks(together=[("T0", "T1", "T2"), ("T3", "T4", "T5")]), "no circle has room"),
    ],
)
def test_impossible_locks_raise_a_clear_error(locks: Locks, message: str) -> None:
    people = [Person(f"T{k}") for k in range(8)]
    with pytest.raises(FormingError, match=message):
        _impossible(people, locks, message)


def _impossible(people: list[Person], locks: Locks, message: str) -> None:
    if message == "no circle has room":
        # Two circles of 4 already hold a trio each: a third trio cannot fit whole.
        locks = Locks(together=[("T0", "T1", "T2"), ("T3", "T4", "T5"), ("T6", "T7", "T8")])
        people = [Person(f"T{k}") for k in range(9)]
        form_circles(people, criteria=[], min_size=4, max_size=5, locks=locks)
        return
    form_circles(people, criteria=[], min_size=4, max_size=4, locks=locks)


def test_duplicate_ids_and_too_many_people_are_refused() -> None:
    with pytest.raises(FormingError, match="twice"):
        form_circles([Person("A"), Person("A")], criteria=[], min_size=2, max_size=2)


def test_philosophy_grouping_puts_similar_texts_together() -> None:
    texts = [
        "evaluación formativa y retroalimentación constante",
        "evaluacion formativa con retroalimentacion",
        "aprendizaje basado en proyectos colaborativos",
        "proyectos colaborativos y aprendizaje basado en problemas",
    ]
    people = [Person(f"T{k}", {PHILOSOPHY: text}) for k, text in enumerate(texts)]
    result = form_circles(
        people, criteria=[Criterion(PHILOSOPHY, GROUP, 1)], min_size=2, max_size=2
    )
    assert sorted(result.circles) == [["T0", "T1"], ["T2", "T3"]]
    assert result.person_explanations["T0"].closest is not None
    assert result.person_explanations["T0"].closest[0] == "T1"
    mixed = form_circles(
        people, criteria=[Criterion(PHILOSOPHY, BALANCE, 1)], min_size=2, max_size=2
    )
    assert ["T0", "T1"] not in mixed.circles


def test_person_explanation_names_alike_and_mixed_circle_mates() -> None:
    people = [
        Person("A", {"subject": "math", "career_stage": "beginning"}),
        Person("B", {"subject": "math", "career_stage": "proficient"}),
        Person("C", {"subject": "math", "career_stage": "beginning"}),
    ]
    result = form_circles(
        people,
        criteria=[Criterion("subject", GROUP, 1), Criterion("career_stage", BALANCE, 1)],
        min_size=3,
        max_size=3,
    )
    explanation = result.person_explanations["A"]
    assert explanation.alike == {"subject": ("math", ["B", "C"])}
    assert explanation.mixed == {"career_stage": {"proficient": ["B"]}}
