"""Query budgets: a list costs the same number of queries for 3 rows as for 30."""

import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory
from acompana.api.testing import BASE
from acompana.people.tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    PartnershipFactory,
    SpecialistAssignmentFactory,
)
from acompana.programs.tests.factories import (
    CohortFactory,
    ProgramFactory,
    RegionFactory,
    SchoolFactory,
)

# Token, program, roles, count, rows, one query per prefetched relation (cohorts, and strengths
# or needs), and for a mentor reading mentees their own mentees (whose emails they may see).
BUDGET = 8
FEW, MANY = 3, 30
SERIAL = itertools.count(1)


def add_mentors(world, competencies, n: int) -> None:
    region = RegionFactory(program=world.program)
    cohort = world.mentor_profile.cohorts.get()
    for _ in range(n):
        mentor = MentorProfileFactory(program=world.program, region=region)
        mentor.cohorts.add(cohort)
        mentor.strengths.add(*competencies)
        SpecialistAssignmentFactory(
            program=world.program, specialist=world.specialist, mentor=mentor
        )


def add_mentees(world, competencies, n: int) -> None:
    cohort = world.mentor_profile.cohorts.get()
    for _ in range(n):
        mentee = MenteeProfileFactory(program=world.program)
        mentee.cohorts.add(cohort)
        mentee.needs.add(*competencies)
        PartnershipFactory(program=world.program, mentor=world.mentor_profile, mentee=mentee)


def add_schools(world, competencies, n: int) -> None:
    for _ in range(n):
        SchoolFactory(program=world.program)


def add_cohorts(world, competencies, n: int) -> None:
    for _ in range(n):
        CohortFactory(program=world.program, name=f"Grupo {next(SERIAL)}")


def add_programs(world, competencies, n: int) -> None:
    for _ in range(n):
        program = ProgramFactory()
        for persona in ("coordinator", "mentor"):
            MembershipFactory(user=world.persona(persona), program=program, role=Role.MENTOR)


Builder = Callable[..., None]
CASES: list[tuple[str, str, Builder]] = [
    ("coordinator", "/api/v1/programs/", add_programs),
    ("mentor", "/api/v1/programs/", add_programs),
    ("coordinator", f"{BASE}/cohorts/", add_cohorts),
    ("coordinator", f"{BASE}/schools/", add_schools),
    ("coordinator", f"{BASE}/mentors/", add_mentors),
    ("trainer", f"{BASE}/mentors/", add_mentors),
    ("specialist", f"{BASE}/mentors/", add_mentors),
    ("coordinator", f"{BASE}/mentees/", add_mentees),
    ("mentor", f"{BASE}/mentees/", add_mentees),
    ("specialist", f"{BASE}/mentees/", add_mentees),
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize(("persona", "url", "add"), CASES)
def test_a_list_costs_the_same_queries_for_few_and_many_rows(
    api_as, world, competencies, persona, url, add
):
    client = api_as(persona)
    add(world, competencies, FEW)
    few = queries(client, url)

    add(world, competencies, MANY - FEW)
    many = queries(client, url)

    assert client.get(url).json()["count"] >= MANY
    assert many == few


@pytest.mark.parametrize(("persona", "url", "add"), CASES)
def test_a_list_of_thirty_rows_stays_within_the_query_budget(
    api_as, world, competencies, django_assert_max_num_queries, persona, url, add
):
    client = api_as(persona)
    add(world, competencies, MANY)

    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.json()["results"]) >= MANY


@pytest.mark.parametrize(
    "url", [f"{BASE}/mentors/?q=T&cohort=1&region=1", f"{BASE}/mentees/?position=principal"]
)
def test_filtering_a_list_stays_within_the_query_budget(
    api_as, world, competencies, django_assert_max_num_queries, url
):
    add_mentors(world, competencies, MANY)
    add_mentees(world, competencies, MANY)
    client = api_as("coordinator")

    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)

    assert response.status_code == 200
