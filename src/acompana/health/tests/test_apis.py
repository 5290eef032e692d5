"""The health lists over the API: the page's counts, rows and rules."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from acompana.health.selectors import health_scope
from acompana.people.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.persona(persona))
    return client


def base(world) -> str:
    return f"/api/v1/programs/{world.program.slug}/health/"


@pytest.fixture
def old_pair(world):
    return PartnershipFactory(
        program=world.program,
        cohort=world.program.cohorts.get(),
        mentor=world.mentor_profile,
        started_on=timezone.localdate() - datetime.timedelta(days=90),
    )


def test_the_counts_are_those_of_the_page(world, old_pair):
    body = api(world, "coordinator").get(base(world)).json()

    counts = {row["name"]: row["count"] for row in body}
    page = health_scope(user=world.coordinator, program=world.program)
    assert counts["never_visited"] == page.never_visited().count() >= 1
    assert "waiting" in counts


def test_a_list_gives_its_columns_and_rows_a_page_at_a_time(world, old_pair):
    response = api(world, "mentor").get(base(world) + "never_visited/", {"page_size": 10})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2 and body["more"] is False  # the world's pair and this one
    assert old_pair.mentee.code in {row[2] for row in body["rows"]}
    assert len(body["columns"]) == len(body["rows"][0])


def test_filters_apply(world, old_pair):
    body = api(world, "coordinator").get(base(world) + "never_visited/", {"mentor": "nadie"}).json()

    assert body["count"] == 0


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("specialist", 200),
        ("mentor", 200),
        ("mentee", 403),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_the_api_follows_the_pages_rules(world, persona, status):
    assert api(world, persona).get(base(world)).status_code == status


def test_program_wide_lists_are_for_coordinators(world):
    assert api(world, "specialist").get(base(world) + "waiting/").status_code == 403


def test_an_unknown_list_or_a_bad_page_size_is_refused(world):
    client = api(world, "coordinator")

    assert client.get(base(world) + "nope/").status_code == 404
    assert client.get(base(world) + "inactive/", {"page_size": 100000}).status_code == 400
