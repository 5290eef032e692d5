"""Candidate edges scored block by block (the national path) against the whole score matrix."""

from __future__ import annotations

import numpy as np
import pytest

from acompana_core.matching import scoring, solve
from acompana_core.matching.problem import EdgeTable, Mentee, Mentor, Problem
from acompana_core.matching.scoring import (
    MODALITIES,
    POSITIONS,
    Criteria,
    MenteeProfile,
    MentorProfile,
    candidate_edges,
    candidate_mask,
    score_matrix,
)

WORDS = [
    "aprendizaje",
    "liderazgo",
    "evaluación",
    "formativa",
    "inclusión",
    "convivencia",
    "lectura",
    "datos",
]


def cohort(n: int, m: int, regions: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    needs = [f"C{k}" for k in range(8)]

    def some(items: list[str], low: int, high: int) -> frozenset[str]:
        k = int(rng.integers(low, high + 1))
        return frozenset(rng.choice(items, size=k, replace=False).tolist())

    def text() -> str:
        return " ".join(rng.choice(WORDS, size=int(rng.integers(0, 6))).tolist())

    mentors = [
        MentorProfile(
            f"T{j}",
            region=f"R{rng.integers(regions)}" if j % 9 else None,
            modality=str(rng.choice(MODALITIES)),
            languages=some(["es", "qu", "en"], 1, 2),
            strengths=some(needs, 1, 4),
            management_years=float(rng.integers(0, 8)),
            school_levels=some(["primary", "secondary"], 0, 2),
            school=f"S{rng.integers(60)}",
            philosophy=text(),
        )
        for j in range(m)
    ]
    mentees = [
        MenteeProfile(
            f"M{i}",
            region=f"R{rng.integers(regions)}" if i % 17 else None,
            modality=str(rng.choice(MODALITIES)),
            languages=some(["es", "qu", "en"], 1, 2),
            needs=some(needs, 0, 3),
            position=str(rng.choice(POSITIONS)),
            school_level=str(rng.choice(["primary", "secondary"])),
            school=f"S{rng.integers(60)}",
            previous_mentor=f"T{rng.integers(m)}" if rng.random() < 0.2 else None,
            philosophy=text(),
        )
        for i in range(n)
    ]
    return mentees, mentors


WEIGHTS = {
    "region": 6,
    "modality": 3,
    "language": "must",
    "needs": 8,
    "management": 6,
    "level": 2,
    "continuity": 4,
    "philosophy": 3,
}


def dense_edges(scorer: scoring.Scorer, top_k: int | None, keep: list[tuple[str, str]]):
    """The edges as they were built from the whole score matrix."""
    mask = candidate_mask(scorer, top_k)
    kept = scorer._pairs(keep)
    mask[kept[:, 0], kept[:, 1]] = True
    i, j = np.nonzero(mask)
    return EdgeTable(scorer.mentee_ids, scorer.mentor_ids, i, j, scorer.scores[i, j])


def problem(scorer: scoring.Scorer, edges: EdgeTable, keep: list[tuple[str, str]]) -> Problem:
    return Problem(
        objective="total",
        mentors=[Mentor(t, 8) for t in scorer.mentor_ids],
        mentees=[Mentee(e) for e in scorer.mentee_ids],
        edges=edges,
        locked=keep,
    )


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of a few hundred pairs, so that a small cohort spans many of them."""
    monkeypatch.setattr(scoring, "_BLOCK_CELLS", 500)


@pytest.mark.parametrize("top_k", [None, 1, 6, 40])
def test_block_by_block_edges_are_those_of_the_whole_matrix(small_blocks, top_k) -> None:
    mentees, mentors = cohort(300, 40, regions=5)
    scorer = score_matrix(mentees, mentors, Criteria(WEIGHTS))
    keep = [("M3", "T5"), ("M10", "T0"), ("M11", "T39")]
    blocked, dense = candidate_edges(scorer, top_k, keep=keep), dense_edges(scorer, top_k, keep)
    assert np.array_equal(blocked.mentee_index, dense.mentee_index)
    assert np.array_equal(blocked.mentor_index, dense.mentor_index)
    assert np.allclose(blocked.score, dense.score, rtol=0, atol=1e-12)
    one, other = solve(problem(scorer, blocked, keep)), solve(problem(scorer, dense, keep))
    assert one.assignments == other.assignments
    assert one.total_score == pytest.approx(other.total_score)


def test_within_the_region_gives_the_same_matching_when_the_region_is_a_must(small_blocks) -> None:
    mentees, mentors = cohort(300, 40, regions=3)
    scorer = score_matrix(mentees, mentors, Criteria(WEIGHTS | {"region": "must"}))
    regional = candidate_edges(scorer, 5, within_region=True)
    dense = dense_edges(scorer, 5, [])
    assert np.array_equal(regional.mentee_index, dense.mentee_index)
    assert np.array_equal(regional.mentor_index, dense.mentor_index)
    # Cosines over a subset of mentors round differently in the last digits.
    assert np.allclose(regional.score, dense.score, rtol=0, atol=1e-6)
    one, other = solve(problem(scorer, regional, [])), solve(problem(scorer, dense, []))
    assert [(e, t) for e, t, _ in one.assignments] == [(e, t) for e, t, _ in other.assignments]
    assert one.total_score == pytest.approx(other.total_score, abs=1e-4)


def test_within_the_region_candidates_come_from_the_region_unless_it_is_short(
    small_blocks,
) -> None:
    mentees, mentors = cohort(300, 40, regions=5)
    scorer = score_matrix(mentees, mentors, Criteria(WEIGHTS))
    edges = candidate_edges(scorer, 3, keep=[("M1", "T2")], within_region=True)
    region_of = {p.id: p.region for p in [*mentees, *mentors]}
    by_mentee: dict[str, list[str]] = {}
    for mentee, mentor, score in edges:
        by_mentee.setdefault(mentee, []).append(mentor)
        i, j = scorer.position(mentee, mentor)
        assert score == pytest.approx(scorer.scores[i, j], abs=1e-6)
    assert "T2" in by_mentee["M1"]
    for mentee in mentees:
        chosen = [t for t in by_mentee.get(mentee.id, []) if (mentee.id, t) != ("M1", "T2")]
        assert len(chosen) <= 3
        home = [
            j
            for j, mentor in enumerate(mentors)
            if mentor.region in {mentee.region, None}
            and scorer.allowed[scorer.mentee_index[mentee.id], j]
        ]
        if mentee.region is not None and len(home) >= 3:
            assert {region_of[t] for t in chosen} <= {mentee.region, None}
        else:  # no region, or too few mentors there: the best among everyone
            best = candidate_mask(scorer, 3)[scorer.mentee_index[mentee.id]]
            assert sorted(chosen) == sorted(scorer.mentor_ids[j] for j in np.flatnonzero(best))
