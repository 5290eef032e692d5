"""Sending a survey emails a whole group: the coordinator first sees how many people are
invited and when the emails go, and only then sends."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.people.tests.factories import MenteeProfileFactory
from acompana.surveys.models import Distribution
from acompana.surveys.services import recipients
from acompana.surveys.tests.factories import template_questionnaire


@pytest.fixture
def url(world):
    questionnaire = template_questionnaire(world.program)
    cohort = world.program.cohorts.get()
    MenteeProfileFactory(program=world.program).cohorts.add(cohort)  # enough for anonymity
    return reverse("surveys:send", args=[world.program.slug, questionnaire.pk])


def choice(world, **extra) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "cohort": str(world.program.cohorts.get().pk),
        "role": "mentee",
        "trigger": "mid_program",
        "anonymous": "on",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=7)).isoformat(),
    } | extra


def invited(world) -> int:
    cohort = world.program.cohorts.get()
    return len(recipients(program=world.program, role="mentee", cohort=cohort))


def test_the_first_send_only_shows_how_many_people_will_be_emailed(world, as_persona, url):
    n = invited(world)
    assert n >= 3
    response = as_persona("coordinator").post(url, choice(world))
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    assert tree.xpath("//*[@id='send-count']")[0].text_content() == str(n)
    assert f"{n} people will be emailed" in tree.xpath("//*[@id='send-when']")[0].text_content()
    assert tree.xpath("//form[@id='send-confirm-form']//button[@name='confirm']")
    assert not Distribution.objects.exists() and not mail.outbox


def test_confirming_from_the_check_page_sends_to_the_people_it_counted(
    world, as_persona, url, django_capture_on_commit_callbacks
):
    client = as_persona("coordinator")
    tree = html.fromstring(client.post(url, choice(world)).content.decode())
    form = tree.xpath("//form[@id='send-confirm-form']")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data | {"confirm": "1"})
    assert response.status_code == 302
    distribution = Distribution.objects.get()
    assert distribution.anonymous and distribution.invitations.count() == invited(world)
    assert len(mail.outbox) == invited(world)


def test_a_survey_that_opens_later_says_on_which_day_the_emails_go(world, as_persona, url):
    later = timezone.localdate() + datetime.timedelta(days=3)
    data = choice(world, opens_on=later.isoformat())
    body = as_persona("coordinator").post(url, data).content.decode()
    assert "the day the survey opens" in body and not Distribution.objects.exists()


def test_change_goes_back_to_the_form_with_what_was_chosen(world, as_persona, url):
    response = as_persona("coordinator").post(url, choice(world, edit="1"))
    body = response.content.decode()
    assert 'id="distribution-form"' in body and 'id="send-confirm-form"' not in body
    assert response.context["form"]["role"].value() == "mentee"
    assert not Distribution.objects.exists()
