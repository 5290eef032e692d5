import datetime

import pytest
from conftest import PERSONAS
from django.utils import timezone

from acompana.people.tests.factories import MentorProfileFactory
from acompana.surveys.models import Response
from acompana.surveys.tests.factories import full_answers, send, template_questionnaire

BASE = "/api/v1/programs/test-program/surveys"
COORDINATOR_ONLY = {name: 403 for name in PERSONAS} | {"coordinator": 200, "outsider": 404}


@pytest.fixture
def sent(world):
    questionnaire = template_questionnaire(world.program)
    return questionnaire, send(questionnaire, cohort=world.program.cohorts.get())


@pytest.mark.parametrize("persona", PERSONAS)
def test_questionnaires_distributions_and_results_are_for_coordinators(
    world, api_as, sent, persona
):
    questionnaire, distribution = sent
    client = api_as(persona)
    for url in [
        f"{BASE}/questionnaires/",
        f"{BASE}/questionnaires/{questionnaire.pk}/",
        f"{BASE}/questionnaires/{questionnaire.pk}/results/",
        f"{BASE}/distributions/",
        f"{BASE}/distributions/{distribution.pk}/",
    ]:
        assert client.get(url).status_code == COORDINATOR_ONLY[persona], (url, persona)
    created = client.post(
        f"{BASE}/questionnaires/", {"template": "mentor_induction"}, format="json"
    )
    assert created.status_code == {200: 201}.get(
        COORDINATOR_ONLY[persona], COORDINATOR_ONLY[persona]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_member_lists_only_their_own_invitations(world, api_as, sent, persona):
    response = api_as(persona).get(f"{BASE}/invitations/")
    if persona == "outsider":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    expected = 1 if persona == "mentee" else 0
    assert len(response.json()["results"]) == expected


def test_a_coordinator_creates_a_questionnaire_with_questions_and_sends_it(world, api_as):
    client = api_as("coordinator")
    created = client.post(
        f"{BASE}/questionnaires/",
        {
            "title_es": "Pulso",
            "title_en": "Pulse",
            "questions": [
                {"kind": "likert", "text_es": "Me siento apoyado", "text_en": "I feel supported"},
                {
                    "kind": "single",
                    "text_es": "Modo",
                    "text_en": "Mode",
                    "options": [
                        {"text_es": "Presencial", "text_en": "In person"},
                        {"text_es": "Virtual", "text_en": "Virtual"},
                    ],
                },
                {
                    "kind": "number",
                    "text_es": "Horas",
                    "text_en": "Hours",
                    "min_value": "0",
                    "max_value": "40",
                    "required": False,
                },
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [q["kind"] for q in body["questions"]] == ["likert", "single", "number"]
    today = timezone.localdate()
    # Anonymous surveys go to groups of at least three: a third mentor joins the cohort.
    MentorProfileFactory(program=world.program).cohorts.add(world.program.cohorts.get())
    sent = client.post(
        f"{BASE}/distributions/",
        {
            "questionnaire": body["id"],
            "cohort": world.program.cohorts.get().pk,
            "role": "mentor",
            "trigger": "after_induction",
            "anonymous": True,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    assert sent.json()["response_rate"] == {"invited": 3, "answered": 0, "rate": 0}
    locked = client.get(f"{BASE}/questionnaires/{body['id']}/").json()
    assert locked["locked"] is True


def test_a_mentee_answers_through_the_api_and_results_never_name_them(world, api_as, sent):
    questionnaire, distribution = sent
    client = api_as("mentee")
    invitation = client.get(f"{BASE}/invitations/").json()["results"][0]
    answers = {str(k): v for k, v in full_answers(questionnaire, text="anónimo").items()}
    bad = client.post(
        f"{BASE}/invitations/{invitation['id']}/answer/",
        {"answers": {**answers, str(questionnaire.questions.first().pk): 7}},
        format="json",
    )
    assert bad.status_code == 400
    done = client.post(
        f"{BASE}/invitations/{invitation['id']}/answer/", {"answers": answers}, format="json"
    )
    assert done.status_code == 201 and done.json() == {"answered": True}
    assert Response.objects.get().respondent is None
    again = client.post(
        f"{BASE}/invitations/{invitation['id']}/answer/", {"answers": answers}, format="json"
    )
    assert again.status_code == 400
    other = api_as("mentor").post(
        f"{BASE}/invitations/{invitation['id']}/answer/", {"answers": answers}, format="json"
    )
    assert other.status_code == 404
    coordinator = api_as("coordinator")
    names = [world.mentee.email, str(world.mentee), world.mentee_profile.code, str(world.mentee.pk)]
    for url in [
        f"{BASE}/distributions/{distribution.pk}/",
        f"{BASE}/questionnaires/{questionnaire.pk}/results/?by=cohort",
        f"{BASE}/questionnaires/{questionnaire.pk}/results/?by=role",
    ]:
        body = coordinator.get(url).content.decode()
        assert not any(f'"{name}"' in body for name in names), url
    results = coordinator.get(f"{BASE}/questionnaires/{questionnaire.pk}/results/").json()
    assert results["responses"] == 1
    assert results["questions"][0]["counts"][3] == {"label": "Agree", "count": 1}
    assert any("anónimo" in q["texts"] for q in results["questions"])
    rate = coordinator.get(f"{BASE}/distributions/{distribution.pk}/").json()["response_rate"]
    assert rate == {"invited": 3, "answered": 1, "rate": 33}  # with the third mentee
