"""Fixtures shared by the matching tests: a cohort with mentees waiting and a finished run."""

import pytest

from acompana.matching import services
from acompana.matching.models import DEFAULT_CRITERIA, MatchRun
from acompana.people.tests.factories import MenteeProfileFactory


@pytest.fixture
def cohort(world):
    """The world's cohort with three more mentees waiting for a mentor (capacity 3 each)."""
    cohort = world.program.cohorts.get()
    for _ in range(3):
        MenteeProfileFactory(program=world.program).cohorts.add(cohort)
    for mentor in (world.mentor_profile, world.other_mentor_profile):
        mentor.capacity = 3
        mentor.save()
    return cohort


@pytest.fixture
def run(world, cohort, django_capture_on_commit_callbacks) -> MatchRun:
    """A done run of that cohort: five pairs, none unmatched, still editable."""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.match_run_start(
            program=world.program,
            cohort=cohort,
            kind="mentees",
            objective="total",
            criteria=DEFAULT_CRITERIA,
            actor=world.coordinator,
        )
    run.refresh_from_db()
    assert run.editable
    return run
