"""Fixtures of this app's tests."""

import pytest

from acompana.people.tests.factories import MenteeProfileFactory


@pytest.fixture(autouse=True)
def _third_mentee(request):
    """A third mentee in the test cohort: anonymous surveys go only to groups of at least
    MIN_CELL (3) people, and the shared world has two mentees."""
    if "world" not in request.fixturenames:
        return None
    world = request.getfixturevalue("world")
    third = MenteeProfileFactory(program=world.program, user__email="third-mentee@example.org")
    third.cohorts.add(world.program.cohorts.get())
    return third
