"""The run's national path (rows streamed from the database, candidates scored block by block,
proposals saved in batches) gives the matching the whole score matrix gives."""

import random

import numpy as np
import pytest

from acompana.accounts.models import User
from acompana.frameworks.models import Competency, Domain, Framework
from acompana.matching import engine, services
from acompana.matching.models import DEFAULT_CRITERIA, MatchRun
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Region, School
from acompana.programs.tests.factories import CohortFactory, ProgramFactory
from acompana_core.matching import scoring, solve
from acompana_core.matching.problem import EdgeTable

WORDS = [
    "liderazgo",
    "evaluación",
    "formativa",
    "lectura",
    "convivencia",
    "datos",
    "aula",
    "familias",
]


@pytest.fixture
def national(db):
    """A generated cohort of 300 mentees and 40 mentors in five regions, saved in bulk."""
    rng = random.Random(7)
    program = ProgramFactory(slug="generated")
    cohort = CohortFactory(program=program, year=2026, modality="hybrid")
    domain = Domain.objects.create(
        framework=Framework.objects.create(slug="generated", name="G", audience="principals"),
        code="D",
        name="D",
    )
    competencies = Competency.objects.bulk_create(
        Competency(domain=domain, code=f"C{k}", name=f"C{k}") for k in range(8)
    )
    regions = Region.objects.bulk_create(Region(program=program, name=f"R{k}") for k in range(5))
    schools = School.objects.bulk_create(
        School(program=program, code=f"S{k}", name=f"S{k}", region=regions[k % 5], level="primary")
        for k in range(60)
    )
    users = User.objects.bulk_create(User(email=f"p{k}@example.org") for k in range(340))

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))

    mentors = MentorProfile.objects.bulk_create(
        MentorProfile(
            program=program,
            user=users[j],
            code=f"T{j:03d}",
            region=regions[j % 5] if j % 9 else None,
            languages=rng.choice([["es"], ["es", "qu"], ["qu"]]),
            management_years=rng.randint(0, 8),
            school_levels=rng.choice([["primary"], ["secondary"], []]),
            school=rng.choice(schools) if j % 4 == 0 else None,
            modality_preference=rng.choice(["in_person", "virtual", "hybrid"]),
            teaching_philosophy=text(),
            capacity=rng.randint(4, 10),
        )
        for j in range(40)
    )
    mentees = []
    for i in range(300):
        school = rng.choice(schools)
        mentees.append(
            MenteeProfile(
                program=program,
                user=users[40 + i],
                code=f"M{i:03d}",
                school=school,
                region=school.region if i % 17 else None,
                languages=rng.choice([["es"], ["es"], ["qu"], ["es", "qu"]]),
                position=rng.choice(["principal", "teacher", "coordinator"]),
                preferred_modality=rng.choice(["in_person", "virtual", "hybrid"]),
                teaching_philosophy=text(),
            )
        )
    mentees = MenteeProfile.objects.bulk_create(mentees)
    MentorProfile.cohorts.through.objects.bulk_create(
        MentorProfile.cohorts.through(mentorprofile=m, cohort=cohort) for m in mentors
    )
    MenteeProfile.cohorts.through.objects.bulk_create(
        MenteeProfile.cohorts.through(menteeprofile=m, cohort=cohort) for m in mentees
    )
    MentorProfile.strengths.through.objects.bulk_create(
        MentorProfile.strengths.through(mentorprofile=m, competency=c)
        for m in mentors
        for c in rng.sample(competencies, rng.randint(1, 4))
    )
    MenteeProfile.needs.through.objects.bulk_create(
        MenteeProfile.needs.through(menteeprofile=m, competency=c)
        for m in mentees
        for c in rng.sample(competencies, rng.randint(0, 3))
    )
    return program, cohort


def dense_matching(pool: engine.Pool, top_k: int | None):
    """The matching as it was made: the whole score matrix, then each mentee's best."""
    scorer = pool.scorer
    mask = scoring.candidate_mask(scorer, top_k)
    i, j = np.nonzero(mask)
    edges = EdgeTable(scorer.mentee_ids, scorer.mentor_ids, i, j, scorer.scores[i, j])
    problem = pool.problem(objective="total")
    return solve(type(problem)(problem.objective, problem.mentors, problem.mentees, edges))


@pytest.mark.parametrize(
    ("criteria", "candidates"),
    [(DEFAULT_CRITERIA, None), (DEFAULT_CRITERIA | {"region": "must"}, 5)],
)
def test_the_national_path_saves_the_matching_of_the_whole_score_matrix(
    national, django_capture_on_commit_callbacks, criteria, candidates
):
    program, cohort = national
    options = {"max_km": 60} | ({"candidates": candidates} if candidates else {})
    with django_capture_on_commit_callbacks(execute=True):
        run = services.match_run_start(
            program=program,
            cohort=cohort,
            kind="mentees",
            objective="total",
            criteria=criteria,
            options=options,
            actor=None,
        )
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE, run.error
    saved = {(str(p.mentee_id), str(p.mentor_id)): p.score for p in run.proposals.all()}

    expected = dense_matching(engine.pool_for_run(run), candidates)
    assert set(saved) == {(e, t) for e, t, _score in expected.assignments}
    assert sum(saved.values()) == pytest.approx(expected.total_score, abs=1e-3)
    assert run.summary["matched"] == expected.matched
    assert run.summary["unmatched"] == len(expected.unmatched)


def test_a_saved_proposal_keeps_its_explanation(national, django_capture_on_commit_callbacks):
    program, cohort = national
    with django_capture_on_commit_callbacks(execute=True):
        run = services.match_run_start(
            program=program,
            cohort=cohort,
            kind="mentees",
            objective="total",
            criteria=DEFAULT_CRITERIA,
            options={"candidates": 3},
            actor=None,
        )
    proposal = MatchRun.objects.get(pk=run.pk).proposals.order_by("pk").first()
    assert {row["criterion"] for row in proposal.explanation} == set(DEFAULT_CRITERIA)
    assert sum(row["contribution"] for row in proposal.explanation) == pytest.approx(
        proposal.score, abs=1e-3
    )
