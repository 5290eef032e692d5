"""The waiting list: mentees in a cohort without a current partnership."""

import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.people.models import MenteeProfile
from acompana.people.selectors import mentee_waiting_count, mentees_waiting
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.programs.models import Cohort

API = "/api/v1/programs/test-program/mentees/"


@pytest.fixture
def waiting_mentee(world):
    mentee = MenteeProfileFactory(program=world.program, code="W-001")
    mentee.cohorts.add(Cohort.objects.get(program=world.program))
    return mentee


def test_mentees_in_a_cohort_without_a_current_partnership_are_waiting(world, waiting_mentee):
    MenteeProfileFactory(program=world.program, code="NO-COHORT")
    found = mentees_waiting(MenteeProfile.objects.filter(program=world.program))
    assert [m.code for m in found] == ["W-001"]
    assert mentee_waiting_count(program=world.program) == 1


def test_a_mentee_whose_partnership_ended_is_waiting_again(world):
    partnership = world.mentee_profile.partnerships.get()
    partnership.ended_on = timezone.localdate() - timezone.timedelta(days=1)
    partnership.save()
    assert mentee_waiting_count(program=world.program) == 1


def test_the_mentee_list_filters_those_waiting(world, waiting_mentee, as_persona):
    response = as_persona("coordinator").get(
        reverse("people:mentees", args=["test-program"]), {"waiting": "on"}
    )
    assert [m.code for m in response.context["page"]] == ["W-001"]


def test_the_coordinators_home_counts_those_waiting_and_links_to_them(
    world, waiting_mentee, as_persona
):
    body = as_persona("coordinator").get(reverse("hub:home")).content.decode()
    link = reverse("people:mentees", args=["test-program"]) + "?waiting=on"
    assert f'id="mentees-waiting" href="{link}"><div class="stat">1</div>' in body


def test_the_matching_page_shows_those_waiting_before_a_run(world, waiting_mentee, as_persona):
    response = as_persona("coordinator").get(reverse("matching:runs", args=["test-program"]))
    assert response.context["waiting"] == 1
    assert 'id="waiting-before-run"' in response.content.decode()


def test_the_api_filters_waiting_mentees(world, waiting_mentee, api_as):
    codes = [
        m["code"] for m in api_as("coordinator").get(API, {"waiting": "true"}).json()["results"]
    ]
    assert codes == ["W-001"]
    everyone = api_as("coordinator").get(API).json()["results"]
    assert len(everyone) == 3


def test_the_api_shows_the_access_state_to_coordinators_only(world, waiting_mentee, api_as):
    rows = {m["code"]: m["access"] for m in api_as("coordinator").get(API).json()["results"]}
    assert rows[world.mentee_profile.code] == "active"
    mine = api_as("mentor").get(API).json()["results"]
    assert {m["access"] for m in mine} == {None}
