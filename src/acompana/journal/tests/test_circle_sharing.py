"""Sharing a journal entry with one of the author's circles: its current members and its
mentor read it while it is shared and while the author is still a member; nobody else does."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acompana.circles import services as circles
from acompana.circles.models import Member
from acompana.journal import services
from acompana.journal.models import JournalEntry
from acompana.people.tests.factories import MenteeProfileFactory

pytestmark = pytest.mark.django_db

SECRET = "Lo que aprendí del círculo"


@pytest.fixture
def circle(world):
    cohort = world.program.cohorts.get()
    peer = MenteeProfileFactory(program=world.program, position="teacher", code="PEER")
    second = MenteeProfileFactory(program=world.program, position="teacher", code="PEER2")
    for member in (peer, second):
        member.cohorts.add(cohort)
    made = circles.circle_create(
        program=world.program,
        cohort=cohort,
        kind="mentoring",
        name="Círculo de matemática",
        mentor=world.other_mentor_profile,
        mentees=[world.mentee_profile, peer, second],
        status="active",
        actor=world.coordinator,
    )
    return made, peer


@pytest.fixture
def entry(world):
    return services.entry_create(
        mentee=world.mentee_profile,
        written_on=timezone.localdate(),
        title="Círculo",
        text=SECRET,
        actor=world.mentee,
    )


def reads(world, user) -> bool:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("journal:shared", args=[world.program.slug]))
    return page.status_code == 200 and SECRET in page.content.decode()


def share(world, entry, **data):
    client = Client()
    client.force_login(world.mentee)
    url = reverse("journal:share", args=[world.program.slug, entry.pk])
    return client.post(url, {"with": "circle"} | data)


def test_members_and_the_circle_mentor_read_an_entry_shared_with_the_circle(world, circle, entry):
    made, peer = circle
    assert not reads(world, peer.user)
    share(world, entry, shared="1", circle=made.pk)
    assert JournalEntry.objects.get().shared_circle == made
    assert reads(world, peer.user)
    assert reads(world, world.other_mentor_profile.user)  # the circle's mentor
    assert not reads(world, world.mentor)  # shared with the circle, not with the mentor
    assert not reads(world, world.other_mentee_profile.user)  # not a member
    share(world, entry, shared="0")
    assert not reads(world, peer.user)


def test_an_author_who_leaves_the_circle_takes_their_entries_along(world, circle, entry):
    made, peer = circle
    services.entry_share_with_circle(entry=entry, circle=made, actor=world.mentee)
    Member.objects.filter(circle=made, mentee=world.mentee_profile).update(
        left_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not reads(world, peer.user)


def test_a_circle_the_author_is_not_in_is_refused(world, circle, entry):
    made, _peer = circle
    Member.objects.filter(circle=made, mentee=world.mentee_profile).delete()
    assert share(world, entry, shared="1", circle=made.pk).status_code == 404
    assert JournalEntry.objects.get().shared_circle is None


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "trainer", "researcher"])
def test_no_other_role_reads_an_entry_shared_with_a_circle(world, circle, entry, persona):
    services.entry_share_with_circle(entry=entry, circle=circle[0], actor=world.mentee)
    assert not reads(world, world.persona(persona))


def test_the_entry_page_offers_the_authors_circles(world, circle, entry, as_persona):
    page = as_persona("mentee").get(reverse("journal:entry", args=[world.program.slug, entry.pk]))
    assert "Círculo de matemática" in page.content.decode()


def test_sharing_with_a_circle_over_the_api(world, circle, entry, api_as):
    made, peer = circle
    url = f"/api/v1/programs/{world.program.slug}/journal/entries/{entry.pk}/"
    client = api_as("mentee")
    shared = client.post(f"{url}share/", {"audience": "circle", "circle": made.pk}, format="json")
    assert shared.status_code == 200 and shared.json()["shared_circle"] == made.pk
    assert reads(world, peer.user)
    assert client.post(f"{url}share/", {"audience": "circle"}, format="json").status_code == 400
    unshared = client.post(f"{url}unshare/", {"audience": "circle"}, format="json")
    assert unshared.json()["shared_circle"] is None
    assert not reads(world, peer.user)
