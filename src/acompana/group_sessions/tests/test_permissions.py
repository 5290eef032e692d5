"""Who logs an informal meeting is one rule (group_sessions.permissions.logging_mentor): the
meetings page shows its form to exactly those the page and the API accept a meeting from."""

from django.urls import reverse

from acompana.accounts.tests.factories import MembershipFactory
from acompana.group_sessions.permissions import logging_mentor


def meetings_page(world, client) -> str:
    url = reverse("group_sessions:meetings", args=[world.program.slug])
    return client.get(url).content.decode()


def test_an_active_mentor_logs_meetings_and_sees_the_form(world, as_persona):
    assert logging_mentor(user=world.mentor, program=world.program) == world.mentor_profile
    assert 'id="meeting-form"' in meetings_page(world, as_persona("mentor"))


def test_a_mentor_whose_profile_is_inactive_gets_no_form_they_could_not_use(world, as_persona):
    world.mentor_profile.active = False
    world.mentor_profile.save(update_fields=["active"])
    client = as_persona("mentor")

    refused = client.post(reverse("group_sessions:meetings", args=[world.program.slug]), {})

    assert logging_mentor(user=world.mentor, program=world.program) is None
    assert 'id="meeting-form"' not in meetings_page(world, client)
    assert refused.status_code == 403


def test_a_coordinator_who_also_mentors_logs_meetings_on_the_page_as_over_the_api(
    world, as_persona
):
    MembershipFactory(user=world.mentor, program=world.program, role="coordinator")

    assert logging_mentor(user=world.mentor, program=world.program) == world.mentor_profile
    assert 'id="meeting-form"' in meetings_page(world, as_persona("mentor"))


def test_others_never_log_meetings(world):
    for persona in ("coordinator", "mentee", "specialist", "trainer", "researcher", "outsider"):
        assert logging_mentor(user=world.persona(persona), program=world.program) is None
