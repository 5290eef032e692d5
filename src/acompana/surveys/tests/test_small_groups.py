"""An anonymous survey is never sent to a group so small that an answer names its author."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from acompana.surveys.models import Distribution, Invitation
from acompana.surveys.selectors import MIN_CELL
from acompana.surveys.tests.factories import send, template_questionnaire

BASE = "/api/v1/programs/test-program/surveys"


@pytest.fixture
def questionnaire(world):
    return template_questionnaire(world.program)


def cohort_of(world):
    return world.program.cohorts.get()


def test_the_minimum_group_is_the_suppression_threshold_of_the_results():
    assert MIN_CELL == 3


def test_an_anonymous_survey_to_two_mentors_is_refused_with_the_reason(world, questionnaire):
    with pytest.raises(ValidationError) as refused:
        send(questionnaire, role="mentor", cohort=cohort_of(world))

    assert "at least 3 people" in refused.value.message_dict["anonymous"][0]
    assert "has 2" in refused.value.message_dict["anonymous"][0]
    assert not Distribution.objects.exists() and not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_anonymous_survey_to_the_one_specialist_is_refused(world, questionnaire):
    with pytest.raises(ValidationError):
        send(questionnaire, role="specialist")


def test_an_anonymous_after_visit_survey_to_a_small_cohort_is_refused(world, questionnaire):
    other_cohort = world.program.cohorts.create(year=2027, name="B", modality="virtual")
    world.mentee_profile.cohorts.add(other_cohort)
    with pytest.raises(ValidationError):
        send(
            questionnaire,
            role="mentee",
            cohort=other_cohort,
            trigger=Distribution.Trigger.AFTER_VISIT,
        )


def test_a_named_survey_to_the_same_small_group_is_sent(world, questionnaire):
    distribution = send(questionnaire, role="mentor", cohort=cohort_of(world), anonymous=False)

    assert distribution.invitations.count() == 2


def test_an_anonymous_survey_to_a_group_of_three_is_sent(world, questionnaire):
    distribution = send(questionnaire, role="mentee", cohort=cohort_of(world))

    assert distribution.invitations.count() == 3


def form_data(world, anonymous: bool) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "cohort": str(cohort_of(world).pk),
        "role": "mentor",
        "trigger": "mid_program",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=7)).isoformat(),
    }
    return data | ({"anonymous": "on"} if anonymous else {})


def test_the_send_page_refuses_an_anonymous_survey_to_a_small_group_and_says_why(
    world, as_persona, questionnaire
):
    url = reverse("surveys:send", args=[world.program.slug, questionnaire.pk])
    response = as_persona("coordinator").post(url, form_data(world, anonymous=True))

    assert response.status_code == 200
    assert "at least 3 people" in str(response.context["form"].errors["anonymous"])
    assert "at least 3 people" in response.content.decode()
    assert not Distribution.objects.exists()


def test_the_send_page_sends_a_named_survey_to_the_same_group(world, as_persona, questionnaire):
    url = reverse("surveys:send", args=[world.program.slug, questionnaire.pk])
    data = form_data(world, anonymous=False) | {"confirm": "1"}
    response = as_persona("coordinator").post(url, data)

    assert response.status_code == 302
    assert Distribution.objects.get().invitations.count() == 2


def api_body(world, questionnaire, anonymous: bool) -> dict:
    data = form_data(world, anonymous=anonymous)
    return {
        **data,
        "questionnaire": questionnaire.pk,
        "cohort": cohort_of(world).pk,
        "anonymous": anonymous,
    }


def test_the_api_refuses_an_anonymous_survey_to_a_small_group_and_says_why(
    world, api_as, questionnaire
):
    response = api_as("coordinator").post(
        f"{BASE}/distributions/", api_body(world, questionnaire, True), format="json"
    )

    assert response.status_code == 400
    assert "at least 3 people" in response.json()["error"]["fields"]["anonymous"][0]
    assert not Distribution.objects.exists()


def test_the_api_sends_a_named_survey_to_the_same_group(world, api_as, questionnaire):
    response = api_as("coordinator").post(
        f"{BASE}/distributions/", api_body(world, questionnaire, False), format="json"
    )

    assert response.status_code == 201
    assert response.json()["response_rate"]["invited"] == 2
