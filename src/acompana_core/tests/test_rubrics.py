"""Weighted rubrics: validation, scoring, combining reviewers, ranking and the default rubric."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.rubrics import (
    DEGREES,
    Band,
    Combined,
    Criterion,
    Rubric,
    RubricError,
    RubricScore,
    Value,
    combine,
    default_mentor_rubric,
    rank,
    score,
)

# No per-example deadline: test outcomes must not depend on the machine's speed.
PROPERTY = settings(deadline=None)

# Strategies -----------------------------------------------------------------------------

weights = st.floats(min_value=0, max_value=100, allow_nan=False)
points = st.floats(min_value=0, max_value=20, allow_nan=False)
positive_points = st.floats(min_value=0.5, max_value=20, allow_nan=False)


@st.composite
def band_lists(draw: st.DrawFn, monotone: bool = False) -> tuple[Band, ...]:
    start = draw(st.integers(min_value=0, max_value=5))
    widths = draw(st.lists(st.integers(min_value=1, max_value=10), max_size=5))
    band_points = draw(st.lists(points, min_size=len(widths) + 1, max_size=len(widths) + 1))
    if monotone:
        band_points = sorted(band_points)
    if max(band_points) <= 0:
        band_points[-1] = 1.0
    edges = [start]
    for width in widths:
        edges.append(edges[-1] + width)
    bands = [Band(f"b{k}", edges[k], edges[k + 1], band_points[k]) for k in range(len(widths))]
    bands.append(Band("last", edges[-1], None, band_points[-1]))
    return tuple(bands)


@st.composite
def criteria(draw: st.DrawFn, code: str, monotone: bool = False) -> Criterion:
    kind = draw(st.sampled_from(["bands", "choice", "boolean", "panel"]))
    weight = draw(weights)
    if kind == "bands":
        return Criterion(code, code, weight, "bands", bands=draw(band_lists(monotone)))
    if kind == "choice":
        options = draw(st.dictionaries(st.sampled_from("abcdef"), points, min_size=1))
        if max(options.values()) <= 0:
            options[next(iter(options))] = 1.0
        return Criterion(code, code, weight, "choice", options=options)
    if kind == "boolean":
        yes, no = draw(positive_points), draw(points)
        if monotone:
            yes, no = max(yes, no), min(yes, no)
        return Criterion(code, code, weight, "boolean", yes_points=yes, no_points=no)
    return Criterion(code, code, weight, "panel", panel_max=draw(positive_points))


@st.composite
def rubrics(draw: st.DrawFn, monotone: bool = False) -> Rubric:
    count = draw(st.integers(min_value=1, max_value=6))
    items = [draw(criteria(f"c{k}", monotone)) for k in range(count)]
    if all(item.weight == 0 for item in items):
        items[0] = replace(items[0], weight=1.0)
    return Rubric(tuple(items))


@st.composite
def value_for(draw: st.DrawFn, criterion: Criterion) -> Value:
    if criterion.kind == "bands":
        return draw(st.floats(min_value=criterion.bands[0].minimum, max_value=60))
    if criterion.kind == "choice":
        return draw(st.sampled_from(sorted(criterion.options)))
    if criterion.kind == "boolean":
        return draw(st.booleans())
    return draw(st.floats(min_value=0, max_value=criterion.max_points))


@st.composite
def values_for(draw: st.DrawFn, rubric: Rubric) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for criterion in rubric.criteria:
        presence = draw(st.sampled_from(["value", "value", "none", "absent"]))
        if presence == "value":
            values[criterion.code] = draw(value_for(criterion))
        elif presence == "none":
            values[criterion.code] = None
    return values


@st.composite
def scored(draw: st.DrawFn) -> tuple[Rubric, dict[str, Value], RubricScore]:
    rubric = draw(rubrics())
    values = draw(values_for(rubric))
    return rubric, values, score(rubric, values)


def small_rubric() -> Rubric:
    return Rubric(
        (
            Criterion(
                "years",
                "Years",
                30,
                "bands",
                bands=(Band("0-4", 0, 5, 1), Band("5-9", 5, 10, 2), Band("10+", 10, None, 4)),
            ),
            Criterion("degree", "Degree", 20, "choice", options={"bachelor": 1, "master": 2}),
            Criterion("training", "Training", 10, "boolean"),
            Criterion("empathy", "Empathy", 40, "panel", panel_max=5),
        )
    )


# Scoring --------------------------------------------------------------------------------


def test_weighted_points_are_the_weight_times_the_share_of_the_criterion_maximum() -> None:
    result = score(small_rubric(), {"years": 7, "degree": "master", "training": False})
    by_code = result.by_code
    assert by_code["years"].points == 2
    assert by_code["years"].max_points == 4
    assert by_code["years"].weighted == pytest.approx(15)
    assert by_code["degree"].weighted == pytest.approx(20)
    assert by_code["training"].weighted == 0
    assert by_code["empathy"].value is None
    assert result.total == pytest.approx(35)
    assert result.maximum == 100
    assert result.percent == pytest.approx(35)
    assert result.missing == ("empathy",)


def test_bands_include_their_minimum_and_exclude_their_maximum() -> None:
    rubric = small_rubric()
    points_at = {
        years: score(rubric, {"years": years}).by_code["years"].points
        for years in (0, 4.99, 5, 9.5, 10, 45)
    }
    assert points_at == {0: 1, 4.99: 1, 5: 2, 9.5: 2, 10: 4, 45: 4}


def test_a_none_value_counts_as_missing_like_an_absent_one() -> None:
    assert score(small_rubric(), {"years": None}) == score(small_rubric(), {})


@PROPERTY
@given(scored())
def test_totals_never_exceed_the_maximum_and_percent_stays_between_0_and_100(
    case: tuple[Rubric, dict[str, Value], RubricScore],
) -> None:
    rubric, _, result = case
    assert 0 <= result.total <= result.maximum == rubric.maximum
    assert 0 <= result.percent <= 100
    for item in result.criteria:
        assert 0 <= item.weighted <= item.weighted_max


@PROPERTY
@given(scored())
def test_missing_lists_exactly_the_criteria_without_a_value_in_rubric_order(
    case: tuple[Rubric, dict[str, Value], RubricScore],
) -> None:
    rubric, values, result = case
    expected = tuple(code for code in rubric.codes if values.get(code) is None)
    assert result.missing == expected
    for item in result.criteria:
        if item.code in expected:
            assert item.points == item.weighted == 0


@PROPERTY
@given(st.data())
def test_the_total_never_drops_when_a_band_or_yes_no_value_improves(data: st.DataObject) -> None:
    others = data.draw(rubrics(monotone=True))
    target = data.draw(
        criteria("target", monotone=True).filter(lambda c: c.kind in ("bands", "boolean"))
    )
    rubric = Rubric((*others.criteria, target))
    values = data.draw(values_for(rubric))
    if target.kind == "boolean":
        low: Value = False
        high: Value = True
    else:
        first = target.bands[0].minimum
        low = data.draw(st.floats(min_value=first, max_value=60))
        high = data.draw(st.floats(min_value=low, max_value=80))
    before = score(rubric, {**values, target.code: low})
    after = score(rubric, {**values, target.code: high})
    assert after.total >= before.total


@PROPERTY
@given(rubrics(), st.data())
def test_doubling_every_weight_keeps_the_percent(rubric: Rubric, data: st.DataObject) -> None:
    values = data.draw(values_for(rubric))
    doubled = Rubric(tuple(replace(c, weight=2 * c.weight) for c in rubric.criteria))
    original, twice = score(rubric, values), score(doubled, values)
    assert twice.percent == pytest.approx(original.percent)
    assert twice.total == pytest.approx(2 * original.total)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nope": 1}, "unknown criterion codes: 'nope'"),
        ({"years": -1}, "criterion 'years': -1 is below the first band's minimum 0"),
        ({"years": "ten"}, "criterion 'years': expected a finite number"),
        ({"years": True}, "criterion 'years': expected a finite number"),
        ({"years": math.nan}, "criterion 'years': expected a finite number"),
        ({"degree": "doctorate"}, "criterion 'degree': expected one of 'bachelor', 'master'"),
        ({"training": 1}, "criterion 'training': expected yes or no"),
        ({"empathy": 6}, "criterion 'empathy': a panel score must be from 0 to 5.0"),
        ({"empathy": -0.5}, "criterion 'empathy': a panel score must be from 0 to 5.0"),
    ],
)
def test_a_value_the_criterion_cannot_take_is_rejected_by_name(
    values: dict[str, Any], message: str
) -> None:
    with pytest.raises(RubricError, match=message.replace("(", r"\(")):
        score(small_rubric(), values)


# Validation -----------------------------------------------------------------------------


def bands_criterion(*bands: Band) -> Criterion:
    return Criterion("years", "Years", 10, "bands", bands=bands)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Rubric(()), "at least one criterion"),
        (
            lambda: Rubric(
                (Criterion("a", "A", 1, "boolean"), Criterion("a", "A again", 1, "boolean"))
            ),
            "criterion 'a': the code is used twice",
        ),
        (
            lambda: Rubric((Criterion("a", "A", 0, "boolean"), Criterion("b", "B", 0, "boolean"))),
            "at least one criterion needs a weight above 0",
        ),
        (lambda: Criterion("a", "A", -1, "boolean"), "criterion 'a': weight must be"),
        (lambda: Criterion("a", "A", math.inf, "boolean"), "criterion 'a': weight must be"),
        (lambda: Criterion("", "A", 1, "boolean"), "codes must be non-empty strings"),
        (lambda: Criterion("a", "A", 1, "scale"), "criterion 'a': kind must be one of"),  # type: ignore[arg-type]
        (lambda: bands_criterion(), "criterion 'years': a bands criterion needs at least one"),
        (
            lambda: bands_criterion(Band("0-9", 0, 10, 1), Band("5+", 5, None, 2)),
            "criterion 'years': band 0 \\('0-9'\\): overlaps or is out of order",
        ),
        (
            lambda: bands_criterion(Band("5-9", 5, 10, 1), Band("0+", 0, None, 2)),
            "criterion 'years': band 0 \\('5-9'\\): overlaps or is out of order",
        ),
        (
            lambda: bands_criterion(Band("0-4", 0, 5, 1), Band("10+", 10, None, 2)),
            "criterion 'years': band 0 \\('0-4'\\): leaves a gap from 5 to 10",
        ),
        (
            lambda: bands_criterion(Band("0-4", 0, 5, 1), Band("5-9", 5, 10, 2)),
            "criterion 'years': band 1 \\('5-9'\\): the last band must be open-ended",
        ),
        (
            lambda: bands_criterion(Band("0+", 0, None, 1), Band("5+", 5, None, 2)),
            "criterion 'years': band 0 \\('0\\+'\\): only the last band may be open-ended",
        ),
        (
            lambda: bands_criterion(Band("odd", 5, 5, 1), Band("5+", 5, None, 2)),
            "criterion 'years': band 0 \\('odd'\\): maximum must be a finite number above",
        ),
        (
            lambda: bands_criterion(Band("0+", 0, None, -1)),
            "criterion 'years': band 0 \\('0\\+'\\): points must be a finite number >= 0",
        ),
        (
            lambda: bands_criterion(Band("0+", 0, None, 0)),
            "criterion 'years': at least one outcome must give more than 0 points",
        ),
        (lambda: Criterion("d", "D", 1, "choice"), "criterion 'd': a choice criterion needs"),
        (
            lambda: Criterion("d", "D", 1, "choice", options={"phd": -2}),
            "criterion 'd': option 'phd': points must be",
        ),
        (
            lambda: Criterion("t", "T", 1, "boolean", yes_points=0, no_points=0),
            "criterion 't': at least one outcome must give more than 0 points",
        ),
        (lambda: Criterion("p", "P", 1, "panel"), "criterion 'p': panel_max must be"),
        (
            lambda: Criterion("p", "P", 1, "panel", panel_max=0),
            "criterion 'p': panel_max must be",
        ),
        (
            lambda: Criterion("p", "P", 1, "panel", panel_max=4, bands=(Band("x", 0, None, 1),)),
            "criterion 'p': bands only apply to kind 'bands'",
        ),
        (
            lambda: Criterion("p", "P", 1, "boolean", options={"x": 1}),
            "criterion 'p': options only apply to kind 'choice'",
        ),
        (
            lambda: Criterion("p", "P", 1, "boolean", panel_max=4),
            "criterion 'p': panel_max only applies to kind 'panel'",
        ),
        (
            lambda: Criterion("p", "P", 1, "panel", panel_max=4, yes_points=2),
            "criterion 'p': yes_points and no_points only apply to kind 'boolean'",
        ),
    ],
)
def test_an_invalid_rubric_is_rejected_with_a_message_naming_the_criterion(
    build: Any, message: str
) -> None:
    with pytest.raises(RubricError, match=message):
        build()


def test_a_rubric_keeps_its_own_copy_of_the_options() -> None:
    options = {"bachelor": 1.0, "master": 2.0}
    criterion = Criterion("degree", "Degree", 1, "choice", options=options)
    options["master"] = 99.0
    assert criterion.options["master"] == 2.0


# Combining reviewers --------------------------------------------------------------------


@PROPERTY
@given(scored())
def test_combining_one_score_gives_that_score(
    case: tuple[Rubric, dict[str, Value], RubricScore],
) -> None:
    _, _, result = case
    combined = combine([result])
    assert combined.reviewers == 1
    assert combined.total == result.total
    assert combined.maximum == result.maximum
    assert combined.percent == result.percent
    assert combined.missing == result.missing
    assert combined.disagreements == ()
    for mine, theirs in zip(combined.criteria, result.criteria, strict=True):
        assert (mine.code, mine.weighted, mine.points) == (
            theirs.code,
            theirs.weighted,
            theirs.points,
        )
        assert mine.spread == 0


@PROPERTY
@given(rubrics(), st.data())
def test_combined_totals_stay_within_the_maximum(rubric: Rubric, data: st.DataObject) -> None:
    reviews = data.draw(st.lists(values_for(rubric), min_size=1, max_size=4))
    combined = combine([score(rubric, values) for values in reviews])
    assert 0 <= combined.total <= combined.maximum
    assert 0 <= combined.percent <= 100


def test_combining_takes_the_mean_and_flags_a_spread_above_a_quarter_of_the_weight() -> None:
    rubric = small_rubric()
    first = score(rubric, {"years": 12, "degree": "master", "training": True, "empathy": 5})
    second = score(rubric, {"years": 12, "degree": "master", "training": True, "empathy": 2})
    combined = combine([first, second])
    empathy = combined.by_code["empathy"]
    assert empathy.by_reviewer == pytest.approx((40, 16))
    assert empathy.weighted == pytest.approx(28)
    assert empathy.points == pytest.approx(3.5)
    assert empathy.spread == pytest.approx(24)
    assert empathy.disagreement
    assert combined.disagreements == ("empathy",)
    assert combined.total == pytest.approx((first.total + second.total) / 2)


def test_a_spread_of_exactly_the_threshold_is_not_a_disagreement() -> None:
    rubric = Rubric((Criterion("empathy", "Empathy", 8, "panel", panel_max=4),))
    first, second = score(rubric, {"empathy": 4}), score(rubric, {"empathy": 3})
    assert combine([first, second]).disagreements == ()
    assert combine([first, second], threshold=0.2).disagreements == ("empathy",)


def test_a_criterion_one_reviewer_left_blank_is_averaged_over_the_others() -> None:
    rubric = small_rubric()
    first = score(rubric, {"empathy": 4})
    second = score(rubric, {})
    combined = combine([first, second])
    empathy = combined.by_code["empathy"]
    assert empathy.reviewers == 1
    assert empathy.by_reviewer[1] is None
    assert empathy.by_reviewer[0] == pytest.approx(32)
    assert empathy.weighted == pytest.approx(32)
    assert combined.missing == ("years", "degree", "training")


def test_combining_scores_from_different_rubrics_is_refused() -> None:
    other = Rubric((Criterion("empathy", "Empathy", 8, "panel", panel_max=4),))
    with pytest.raises(RubricError, match="score 1 does not come from the same rubric"):
        combine([score(small_rubric(), {}), score(other, {})])
    with pytest.raises(RubricError, match="at least one score"):
        combine([])
    with pytest.raises(RubricError, match="threshold"):
        combine([score(other, {})], threshold=-1)


# Ranking --------------------------------------------------------------------------------


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    rubric = small_rubric()
    results: dict[str, RubricScore | Combined] = {
        "c": score(rubric, {"degree": "master"}),
        "a": score(rubric, {"degree": "master"}),
        "b": score(rubric, {"years": 12}),
        "d": score(rubric, {}),
    }
    ranking = rank(results)
    assert [(entry.id, entry.rank) for entry in ranking] == [
        ("b", 1),
        ("a", 2),
        ("c", 2),
        ("d", 4),
    ]
    assert ranking[0].total == pytest.approx(30)


def test_totals_differing_only_by_rounding_noise_tie() -> None:
    rubric = Rubric((Criterion("p", "P", 1, "panel", panel_max=1),))
    first = score(rubric, {"p": 0.1 + 0.2})
    second = score(rubric, {"p": 0.3})
    assert first.total != second.total
    assert [entry.rank for entry in rank({"x": first, "y": second})] == [1, 1]


@PROPERTY
@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        st.sampled_from([0.0, 1.0, 2.5, 2.5, 7.0]),
        max_size=12,
    )
)
def test_a_ranking_is_a_permutation_in_which_ties_share_competition_ranks(
    totals: dict[str, float],
) -> None:
    rubric = Rubric((Criterion("p", "P", 10, "panel", panel_max=10),))
    results = {key: score(rubric, {"p": total}) for key, total in totals.items()}
    ranking = rank(results)
    assert sorted(entry.id for entry in ranking) == sorted(totals)
    for entry in ranking:
        higher = sum(1 for other in totals.values() if other > totals[entry.id])
        assert entry.rank == higher + 1
        assert entry.total == totals[entry.id]
    assert ranking == sorted(ranking, key=lambda entry: (entry.rank, entry.id))
    assert rank(dict(reversed(list(results.items())))) == ranking


def test_combined_results_and_integer_ids_can_be_ranked() -> None:
    rubric = small_rubric()
    strong = combine([score(rubric, {"empathy": 5}), score(rubric, {"empathy": 3})])
    weak = score(rubric, {"empathy": 1})
    assert [(entry.id, entry.rank) for entry in rank({7: weak, 3: strong})] == [(3, 1), (7, 2)]


# The default rubric ---------------------------------------------------------------------


def test_the_default_rubric_totals_100_points_60_documentary_and_40_interview() -> None:
    rubric = default_mentor_rubric()
    assert rubric.maximum == 100
    panel = [c for c in rubric.criteria if c.kind == "panel"]
    assert sum(c.weight for c in panel) == 40
    assert {c.code for c in panel} >= {"openness", "empathy", "motivation"}
    assert tuple(rubric.criterion("degree").options) == DEGREES


def test_the_default_rubric_scores_a_complete_profile() -> None:
    result = score(
        default_mentor_rubric(),
        {
            "degree": "master",  # 3 of 4 -> 11.25 of 15
            "teaching_years": 20,  # 4 of 4 -> 10
            "management_years": 2.5,  # 1 of 3 -> 5 of 15
            "accompaniment": True,  # 10
            "technical_assistance": False,  # 0
            "mentoring_programs": 1,  # 1 of 3 -> 5/3 of 5
            "openness": 4,  # 10
            "empathy": 3,  # 7.5
            "motivation": 2,  # 5
            "communication": 4,  # 10
        },
    )
    assert result.missing == ()
    assert result.total == pytest.approx(11.25 + 10 + 5 + 10 + 0 + 5 / 3 + 10 + 7.5 + 5 + 10)


@pytest.mark.parametrize(
    ("years", "expected"), [(0, 1), (4, 1), (5, 2), (9, 2), (10, 3), (19, 3), (20, 4), (38, 4)]
)
def test_the_default_teaching_bands_follow_the_editable_defaults(years: int, expected: int) -> None:
    result = score(default_mentor_rubric(), {"teaching_years": years})
    assert result.by_code["teaching_years"].points == expected
