"""Hostile input found by fuzzing the API: none of it may answer 500."""

import datetime

import pytest
from django.utils import timezone

from acompana.api.testing import BASE
from acompana.visits.models import AccompanimentObservation
from acompana.visits.services import visit_schedule

HUGE = "9" * 20  # more than any primary key (2**63 - 1) can hold


@pytest.fixture
def visit(world):
    return visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        mode="in_person",
        actor=world.mentor,
    )


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "mentee", "specialist"])
def test_options_on_extra_actions_describes_the_endpoint_instead_of_failing(
    world, api_as, visit, persona
):
    observation = AccompanimentObservation.objects.create(visit=visit, specialist=world.specialist)
    client = api_as(persona)
    for url in (
        f"{BASE}/visits/{visit.pk}/observations/",
        f"{BASE}/visits/{visit.pk}/observations/{observation.pk}/reply/",
        f"{BASE}/mentees/{world.mentee_profile.code}/diagnoses/",
    ):
        response = client.options(url)

        assert response.status_code == 200, (url, response.content)
        assert "actions" not in response.json()


def test_options_on_a_standard_list_still_describes_its_create_body(api_as, world):
    response = api_as("coordinator").options(f"{BASE}/rounds/")

    assert response.status_code == 200
    assert "name" in response.json()["actions"]["POST"]


@pytest.mark.parametrize(
    ("resource", "param"),
    [("mentors", "region"), ("mentees", "cohort"), ("applications", "call")],
)
def test_a_filter_id_too_large_for_any_row_gives_400(api_as, world, resource, param):
    response = api_as("coordinator").get(f"{BASE}/{resource}/", {param: HUGE})

    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == [param]


def test_informal_meeting_participants_too_large_give_400(api_as, world):
    body = {
        "participants": [int(HUGE)],
        "met_on": "2026-04-05",
        "mode": "video",
        "topic": "Preguntas reflexivas",
        "learnt": "",
    }

    response = api_as("mentor").post(f"{BASE}/informal-meetings/", body, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == ["participants"]


def test_group_session_mentors_too_large_give_400(api_as, world):
    cohort = world.mentor_profile.cohorts.get()
    body = {
        "cohort": cohort.pk,
        "kind": "protocol_briefing",
        "title": "Protocolo de la ronda 2",
        "starts_at": "2026-06-01T09:00:00-05:00",
        "duration_minutes": 90,
        "mode": "video",
        "facilitator": world.coordinator.pk,
        "mentors": [int(HUGE)],
    }

    response = api_as("coordinator").post(f"{BASE}/group-sessions/", body, format="json")

    assert response.status_code == 400, response.content
    assert "mentors" in response.json()["error"]["fields"]
