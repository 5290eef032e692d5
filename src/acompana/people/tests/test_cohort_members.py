"""Coordinators add people to a cohort, or take them out, in bulk from the list pages."""

import pytest
from django.urls import reverse

from acompana.common.models import AuditEntry
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.programs.tests.factories import CohortFactory


@pytest.fixture
def norte(world):
    return CohortFactory(program=world.program, year=2031, name="Norte")


def test_ticked_mentees_join_a_cohort_and_leave_it(world, norte, as_persona):
    new = MenteeProfileFactory(program=world.program, code="N-1")
    client = as_persona("coordinator")
    url = reverse("people:cohort_members", args=["test-program", "mentees"])
    codes = [new.code, world.mentee_profile.code]
    response = client.post(url, {"cohort": norte.pk, "codes": codes, "query": "q=N"})
    assert response["Location"] == reverse("people:mentees", args=["test-program"]) + "?q=N"
    assert set(norte.mentees.values_list("code", flat=True)) == set(codes)
    client.post(
        reverse("people:cohort_members_remove", args=["test-program", "mentees"]),
        {"cohort": norte.pk, "codes": [new.code]},
    )
    assert list(norte.mentees.values_list("code", flat=True)) == [world.mentee_profile.code]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"people.cohort.members_added", "people.cohort.members_removed"} <= actions
    assert MenteeProfile.objects.filter(code="N-1").exists()  # the record stays


def test_the_mentee_list_offers_coordinators_the_cohort_form(world, as_persona):
    page = as_persona("coordinator").get(reverse("people:mentees", args=["test-program"]))
    assert 'id="cohort-form"' in page.content.decode()
    mentor_page = as_persona("mentor").get(reverse("people:mentees", args=["test-program"]))
    assert 'id="cohort-form"' not in mentor_page.content.decode()


@pytest.mark.parametrize("kind", ["mentors", "mentees"])
def test_the_cohort_select_starts_on_the_latest_cohort(world, norte, as_persona, kind):
    CohortFactory(program=world.program, year=2019, name="Antigua")
    page = as_persona("coordinator").get(reverse(f"people:{kind}", args=["test-program"]))
    select = page.content.decode().split('id="id_bulk_cohort"')[1].split("</select>")[0]
    assert f'<option value="{norte.pk}" selected>' in select
    assert select.count(" selected") == 1


def test_people_of_another_program_are_never_added(world, norte, as_persona):
    stranger = MenteeProfileFactory(code="X-1")
    as_persona("coordinator").post(
        reverse("people:cohort_members", args=["test-program", "mentees"]),
        {"cohort": norte.pk, "codes": [stranger.code]},
    )
    assert not norte.mentees.exists()


@pytest.mark.parametrize("persona", ["mentor", "mentee", "trainer", "specialist", "researcher"])
def test_only_coordinators_change_cohort_membership(world, norte, as_persona, persona):
    response = as_persona(persona).post(
        reverse("people:cohort_members", args=["test-program", "mentees"]),
        {"cohort": norte.pk, "codes": [world.mentee_profile.code]},
    )
    assert response.status_code == 403
    assert not norte.mentees.exists()


def test_the_api_adds_and_removes_cohort_members_in_bulk(world, norte, api_as):
    url = f"/api/v1/programs/test-program/cohorts/{norte.pk}/members/"
    body = {"mentees": [world.mentee_profile.code, "NOPE"], "mentors": [world.mentor_profile.code]}
    added = api_as("coordinator").post(url, body, format="json")
    assert added.status_code == 200 and added.json() == {"changed": 2}
    assert norte.mentees.count() == 1 and norte.mentors.count() == 1
    removed = api_as("coordinator").post(f"{url}remove/", body, format="json")
    assert removed.json() == {"changed": 2}
    assert api_as("mentor").post(url, body, format="json").status_code == 403
    assert not norte.mentees.exists()


def test_a_persons_page_adds_them_to_a_cohort_and_comes_back(world, norte, as_persona):
    client = as_persona("coordinator")
    page = client.get(reverse("hub:mentee", args=["test-program", world.mentee_profile.code]))
    assert 'id="person-cohorts"' in page.content.decode()
    response = client.post(
        reverse("people:cohort_members", args=["test-program", "mentees"]),
        {
            "cohort": norte.pk,
            "codes": [world.mentee_profile.code],
            "return_to": "person",
        },
    )
    assert response["Location"] == reverse(
        "hub:mentee", args=["test-program", world.mentee_profile.code]
    )
    assert norte.mentees.filter(pk=world.mentee_profile.pk).exists()
    mentor_view = as_persona("mentor").get(
        reverse("hub:mentee", args=["test-program", world.mentee_profile.code])
    )
    assert 'id="person-cohorts"' not in mentor_view.content.decode()
