"""Scoring from profiles: each criterion, requirements, conflicts and explanations."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.matching import solve
from acompana_core.matching.scoring import (
    CRITERIA,
    MODALITIES,
    MUST,
    POSITIONS,
    Criteria,
    MenteeProfile,
    MentorProfile,
    Scorer,
    ScoringError,
    Weight,
    build_problem,
    candidate_edges,
    explain,
    explain_many,
    pair_score,
    score_matrix,
)
from acompana_core.matching.text_similarity import CosineBlocks, tfidf


def score_of(mentee: MenteeProfile, mentor: MentorProfile, **weights: Any) -> tuple[float, bool]:
    scorer = score_matrix([mentee], [mentor], Criteria(weights))
    return float(scorer.scores[0, 0]), bool(scorer.allowed[0, 0])


def value_of(
    criterion: str, mentee: MenteeProfile, mentor: MentorProfile, **options: Any
) -> float | None:
    scorer = Scorer([mentee], [mentor], Criteria({criterion: 1}, **options))
    (part,) = explain(scorer, mentee.id, mentor.id).criteria
    return part.value


def test_region_is_one_for_the_same_region_and_zero_otherwise() -> None:
    north, south = MentorProfile("T1", region="north"), MentorProfile("T2", region="south")
    mentee = MenteeProfile("M1", region="north")
    assert value_of("region", mentee, north) == 1.0
    assert value_of("region", mentee, south) == 0.0
    assert value_of("region", MenteeProfile("M2"), north) is None


def test_region_uses_travel_distance_in_person_when_coordinates_are_known() -> None:
    # Santiago and Valparaíso are about 100 km apart.
    mentee = MenteeProfile("M1", region="RM", latitude=-33.45, longitude=-70.67)
    mentor = MentorProfile("T1", region="V", latitude=-33.05, longitude=-71.62)
    closeness = value_of("region", mentee, mentor, in_person=True, max_km=200)
    assert closeness == pytest.approx(1 - 99.5 / 200, abs=0.01)
    assert value_of("region", mentee, mentor, in_person=True, max_km=50) == 0.0
    # Virtual programs ignore distance.
    assert value_of("region", mentee, mentor, in_person=False, max_km=200) == 0.0
    # Without coordinates on one side, the regions decide.
    same_region = MentorProfile("T2", region="RM")
    assert value_of("region", mentee, same_region, in_person=True, max_km=50) == 1.0


def test_haversine_distance_matches_known_city_pairs() -> None:
    mentees = [MenteeProfile("lima", latitude=-12.0464, longitude=-77.0428)]
    mentors = [
        MentorProfile("bogota", latitude=4.7110, longitude=-74.0721),
        MentorProfile("here", latitude=-12.0464, longitude=-77.0428),
    ]
    scorer = Scorer(mentees, mentors, Criteria({"region": 1}, in_person=True, max_km=10))
    distance = scorer.distance_km(slice(None), slice(None))[0]
    assert distance[0] == pytest.approx(1880, rel=0.01)
    assert distance[1] == pytest.approx(0.0, abs=1e-3)


@pytest.mark.parametrize(
    ("mine", "theirs", "fit"),
    [
        ("in_person", "in_person", 1.0),
        ("virtual", "virtual", 1.0),
        ("in_person", "virtual", 0.0),
        ("hybrid", "virtual", 0.5),
        ("in_person", "hybrid", 0.5),
        ("hybrid", "hybrid", 1.0),
        ("hybrid", None, None),
    ],
)
def test_modality_fit_follows_the_table(mine: str, theirs: str | None, fit: float | None) -> None:
    assert (
        value_of("modality", MenteeProfile("M", modality=mine), MentorProfile("T", modality=theirs))
        == fit
    )


def test_an_unknown_modality_is_rejected() -> None:
    with pytest.raises(ScoringError, match="unknown modality 'remote'"):
        Scorer([MenteeProfile("M", modality="remote")], [], Criteria({}))


def test_language_is_one_when_the_two_share_a_language() -> None:
    mentee = MenteeProfile("M", languages=frozenset({"es", "qu"}))
    assert value_of("language", mentee, MentorProfile("T", languages=frozenset({"qu"}))) == 1.0
    assert value_of("language", mentee, MentorProfile("T", languages=frozenset({"en"}))) == 0.0
    assert value_of("language", mentee, MentorProfile("T")) is None


def test_needs_score_the_share_of_needs_the_mentor_covers() -> None:
    mentee = MenteeProfile("M", needs=frozenset({"data", "climate", "family", "reading"}))
    mentor = MentorProfile("T", strengths=frozenset({"data", "reading", "math"}))
    assert value_of("needs", mentee, mentor) == 0.5
    assert value_of("needs", MenteeProfile("M"), mentor) is None


def test_needs_and_strengths_may_be_zero_one_vectors() -> None:
    mentee = MenteeProfile("M", needs=(1, 0, 1, 1))
    mentor = MentorProfile("T", strengths=(1, 1, 0, 1))
    assert value_of("needs", mentee, mentor) == pytest.approx(2 / 3)


def test_management_experience_counts_for_principals_only() -> None:
    veteran, novice = (
        MentorProfile("T1", management_years=8),
        MentorProfile("T2", management_years=2),
    )
    for position in ("principal", "assistant_principal"):
        assert value_of("management", MenteeProfile("M", position=position), veteran) == 1.0
        assert value_of("management", MenteeProfile("M", position=position), novice) == 0.4
    for position in ("teacher", "coordinator"):
        assert value_of("management", MenteeProfile("M", position=position), veteran) is None
    assert (
        value_of(
            "management", MenteeProfile("M", position="principal"), novice, management_full_years=2
        )
        == 1.0
    )


def test_level_is_one_when_the_mentor_knows_the_school_level() -> None:
    mentee = MenteeProfile("M", school_level="secondary")
    both = MentorProfile("T", school_levels=frozenset({"primary", "secondary"}))
    assert value_of("level", mentee, both) == 1.0
    assert (
        value_of("level", mentee, MentorProfile("T", school_levels=frozenset({"primary"}))) == 0.0
    )
    assert value_of("level", MenteeProfile("M"), both) is None


def test_continuity_favours_last_years_mentor() -> None:
    mentee = MenteeProfile("M", previous_mentor="T1")
    assert value_of("continuity", mentee, MentorProfile("T1")) == 1.0
    assert value_of("continuity", mentee, MentorProfile("T2")) == 0.0
    assert (
        value_of("continuity", MenteeProfile("M", previous_mentor=""), MentorProfile("T1")) is None
    )


def cosine(a: str, b: str, *corpus: str) -> float:
    vectors = tfidf([a, b, *corpus])
    return float(CosineBlocks(vectors[:1], vectors[1:2]).block(slice(None))[0, 0])


def test_philosophy_similarity_is_high_for_close_spanish_texts_and_low_for_unrelated_ones() -> None:
    corpus = ("El deporte escolar y los torneos de fútbol.", "La cocina saludable en el comedor.")
    close = cosine(
        "Creo en el aprendizaje colaborativo y en la evaluación formativa.",
        "El aprendizaje colaborativo y la evaluacion formativa guian mi liderazgo.",
        *corpus,
    )
    far = cosine(
        "Creo en el aprendizaje colaborativo y en la evaluación formativa.",
        "Priorizo la infraestructura y el mantenimiento del edificio.",
        *corpus,
    )
    assert close > 0.5
    assert far < 0.15
    assert close > far + 0.4


def test_philosophy_similarity_works_for_english_and_ignores_accents_and_case() -> None:
    english = cosine(
        "Collaborative learning and formative assessment.",
        "I value COLLABORATIVE learning and formative feedback.",
        "Sports tournaments.",
    )
    assert english > 0.5
    assert cosine("Evaluación Formativa", "evaluacion formativa", "otra cosa") == pytest.approx(1.0)


def test_philosophy_of_an_empty_text_does_not_apply() -> None:
    mentor = MentorProfile("T", philosophy="Aprendizaje colaborativo")
    assert value_of("philosophy", MenteeProfile("M", philosophy="  "), mentor) is None
    same = value_of("philosophy", MenteeProfile("M", philosophy="aprendizaje colaborativo"), mentor)
    assert same == pytest.approx(1.0)


def test_the_score_is_the_weighted_mean_of_the_applicable_criteria() -> None:
    mentee = MenteeProfile("M", region="north", languages=frozenset({"es"}), position="teacher")
    mentor = MentorProfile("T", region="south", languages=frozenset({"es"}), management_years=9)
    score, allowed = score_of(mentee, mentor, region=2, language=6, management=10)
    # Management does not apply to a teacher: (2 * 0 + 6 * 1) / (2 + 6).
    assert score == pytest.approx(0.75)
    assert allowed


def test_a_pair_with_no_applicable_criterion_scores_zero() -> None:
    assert score_of(MenteeProfile("M"), MentorProfile("T"), region=5) == (0.0, True)


def test_a_failed_must_criterion_forbids_the_pair_without_weighing_in_the_score() -> None:
    mentee = MenteeProfile("M", region="north", languages=frozenset({"es"}))
    speaks_english = MentorProfile("T", region="north", languages=frozenset({"en"}))
    score, allowed = score_of(mentee, speaks_english, region=5, language="must")
    assert (score, allowed) == (1.0, False)
    speaks_spanish = MentorProfile("T", region="north", languages=frozenset({"es"}))
    assert score_of(mentee, speaks_spanish, region=5, language="must") == (1.0, True)
    # A must criterion that does not apply (no languages known) does not forbid.
    assert score_of(mentee, MentorProfile("T", region="north"), region=5, language="must")[1]


def test_conflicts_of_interest_forbid_pairs() -> None:
    mentees = [
        MenteeProfile("M1", school="S1"),
        MenteeProfile("M2", former_supervisors=frozenset({"T2"})),
        MenteeProfile("M3"),
    ]
    mentors = [MentorProfile("T1", school="S1"), MentorProfile("T2"), MentorProfile("T3")]
    scorer = score_matrix(mentees, mentors, Criteria({"region": 1}), conflicts=[("M3", "T3")])
    assert scorer.allowed.tolist() == [
        [False, True, True],
        [True, False, True],
        [True, True, False],
    ]
    assert explain(scorer, "M1", "T1").blocked_by == ("conflict:same_school",)
    assert explain(scorer, "M2", "T2").blocked_by == ("conflict:former_supervisor",)
    assert explain(scorer, "M3", "T3").blocked_by == ("conflict:declared",)


def test_an_explanation_lists_each_criterion_with_contributions_adding_up_to_the_score() -> None:
    mentee = MenteeProfile(
        "M",
        region="north",
        languages=frozenset({"es"}),
        needs=frozenset({"data", "climate"}),
        position="principal",
        philosophy="aprendizaje colaborativo",
    )
    mentor = MentorProfile(
        "T",
        region="north",
        languages=frozenset({"en"}),
        strengths=frozenset({"data"}),
        management_years=3,
        philosophy="aprendizaje basado en proyectos",
    )
    weights: dict[str, Any] = {
        "region": 3,
        "language": "must",
        "needs": 8,
        "management": 4,
        "continuity": 2,
        "philosophy": 5,
    }
    scorer = score_matrix([mentee], [mentor], Criteria(weights))
    explanation = explain(scorer, "M", "T")
    assert [c.criterion for c in explanation] == [
        "region",
        "language",
        "needs",
        "management",
        "continuity",
        "philosophy",
    ]
    by_code = {c.criterion: c for c in explanation}
    assert by_code["language"].passed is False
    assert by_code["language"].contribution == 0.0
    assert by_code["continuity"].value is None
    assert by_code["needs"].contribution == pytest.approx(8 * 0.5 / (3 + 8 + 4 + 5))
    assert sum(c.contribution for c in explanation) == pytest.approx(explanation.score)
    assert explanation.score == pytest.approx(scorer.scores[0, 0], abs=1e-6)
    assert explanation.blocked_by == ("must:language",)
    assert not explanation.allowed
    assert pair_score(scorer, "M", "T") == (explanation.score, False)


def test_unknown_criteria_and_weights_out_of_range_are_rejected() -> None:
    with pytest.raises(ScoringError, match="unknown criterion 'distance'"):
        Criteria({"distance": 3})
    with pytest.raises(ScoringError, match=r"weights\['region'\]: 11"):
        Criteria({"region": 11})
    with pytest.raises(ScoringError, match="must be a number"):
        Criteria({"region": "high"})  # type: ignore[dict-item]
    with pytest.raises(ScoringError, match="max_km"):
        Criteria({"region": 1}, max_km=0)


def test_duplicate_profile_ids_are_rejected() -> None:
    with pytest.raises(ScoringError, match="duplicate mentor id 'T'"):
        Scorer([], [MentorProfile("T"), MentorProfile("T")], Criteria({}))


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[list[MenteeProfile], list[MentorProfile], Criteria]:
    small = st.sampled_from
    codes = st.frozensets(small(["a", "b", "c", "d"]), max_size=3)
    texts = small(["", "aprendizaje colaborativo", "evaluación formativa", "liderazgo", "data"])
    coordinate = st.one_of(st.none(), st.floats(-60, 60))
    mentors = [
        MentorProfile(
            f"T{j}",
            region=draw(small([None, "", "n", "s"])),
            latitude=draw(coordinate),
            longitude=draw(coordinate),
            modality=draw(small([None, *MODALITIES])),
            languages=draw(st.frozensets(small(["es", "en"]))),
            strengths=draw(codes),
            management_years=draw(st.floats(0, 20)),
            school_levels=draw(st.frozensets(small(["primary", "secondary"]))),
            school=draw(small([None, "S1", "S2"])),
            philosophy=draw(texts),
        )
        for j in range(draw(st.integers(1, 4)))
    ]
    mentees = [
        MenteeProfile(
            f"M{i}",
            region=draw(small([None, "n", "s"])),
            latitude=draw(coordinate),
            longitude=draw(coordinate),
            modality=draw(small([None, *MODALITIES])),
            languages=draw(st.frozensets(small(["es", "en"]))),
            needs=draw(codes),
            position=draw(small([None, *POSITIONS])),
            school_level=draw(small([None, "primary", "secondary"])),
            school=draw(small([None, "S1", "S3"])),
            previous_mentor=draw(small([None, "T0", "T1", "T9"])),
            former_supervisors=draw(st.frozensets(small(["T0", "T2"]))),
            philosophy=draw(texts),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    weight: st.SearchStrategy[Weight] = st.one_of(
        st.integers(0, 10), st.integers(1, 100).map(lambda k: k / 10), st.just(MUST)
    )
    weights = {code: draw(weight) for code in CRITERIA if draw(st.booleans())}
    criteria = Criteria(weights, in_person=draw(st.booleans()), max_km=draw(small([None, 500.0])))
    return mentees, mentors, criteria


@settings(max_examples=80, deadline=None)
@given(cohorts())
def test_every_pairs_explanation_matches_the_vectorised_score(
    cohort: tuple[list[MenteeProfile], list[MentorProfile], Criteria],
) -> None:
    mentees, mentors, criteria = cohort
    scorer = score_matrix(mentees, mentors, criteria)
    assert np.all((scorer.scores >= 0) & (scorer.scores <= 1))
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            explanation = explain(scorer, mentee.id, mentor.id)
            assert explanation.score == pytest.approx(scorer.scores[i, j], abs=1e-6)
            assert explanation.allowed == scorer.allowed[i, j]
            assert sum(c.contribution for c in explanation) == pytest.approx(explanation.score)
    pairs = [(e.id, t.id) for e in mentees for t in mentors][::-1]
    for one, batch in zip(
        (explain(scorer, *pair) for pair in pairs), explain_many(scorer, pairs), strict=True
    ):
        assert (batch.mentee_id, batch.mentor_id) == (one.mentee_id, one.mentor_id)
        assert batch.score == pytest.approx(one.score, abs=1e-6)
        assert batch.blocked_by == one.blocked_by
        assert [c.value is None for c in batch] == [c.value is None for c in one]


def test_candidate_edges_keep_each_mentees_best_mentors_with_ties_to_the_first_listed() -> None:
    mentees = [MenteeProfile("M1", needs=frozenset({"a", "b"}))]
    mentors = [
        MentorProfile("T1", strengths=frozenset({"a"})),
        MentorProfile("T2", strengths=frozenset({"a", "b"})),
        MentorProfile("T3", strengths=frozenset({"b"})),
        MentorProfile("T4"),
    ]
    scorer = score_matrix(mentees, mentors, Criteria({"needs": 1}))
    assert list(candidate_edges(scorer, top_k=2)) == [("M1", "T1", 0.5), ("M1", "T2", 1.0)]
    assert len(candidate_edges(scorer)) == 4
    assert list(candidate_edges(scorer, min_score=0.75)) == [("M1", "T2", 1.0)]
    kept = candidate_edges(scorer, top_k=1, keep=[("M1", "T4")])
    assert list(kept) == [("M1", "T2", 1.0), ("M1", "T4", 0.0)]


def test_forbidden_pairs_never_become_candidates() -> None:
    mentees = [MenteeProfile("M1", school="S")]
    mentors = [MentorProfile("T1", school="S"), MentorProfile("T2")]
    scorer = score_matrix(mentees, mentors, Criteria({"region": 1}))
    assert [t for _, t, _ in candidate_edges(scorer)] == ["T2"]


def test_scores_become_a_problem_that_solves() -> None:
    mentees = [MenteeProfile(f"M{i}", needs=frozenset({"a", "b"})) for i in range(3)]
    mentors = [MentorProfile("T1", strengths=frozenset({"a"})), MentorProfile("T2")]
    scorer = score_matrix(mentees, mentors, Criteria({"needs": 1}))
    problem = build_problem(scorer, {"T1": 2, "T2": 1}, objective="maxmin", locked=[("M0", "T2")])
    result = solve(problem)
    assert result.assignments == [("M0", "T2", 0.0), ("M1", "T1", 0.5), ("M2", "T1", 0.5)]
    with pytest.raises(ScoringError, match="no capacity given for mentor 'T2'"):
        build_problem(scorer, {"T1": 2})
