"""The journal's API: a mentee's own entries (CRUD with versions, share and unshare), the
entries shared with a mentor, and nobody else's."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from acompana.api.testing import BASE
from acompana.journal import services
from acompana.visits.models import Visit

pytestmark = pytest.mark.django_db

ENTRIES = f"{BASE}/journal/entries/"
SHARED = f"{BASE}/journal/shared/"


def body(**extra):
    return {
        "written_on": timezone.localdate().isoformat(),
        "title": "Hoy",
        "text": "Secreto",
    } | extra


def test_a_mentee_writes_edits_shares_and_deletes_an_entry(world, api_as):
    client = api_as("mentee")
    made = client.post(ENTRIES, body(), format="json")
    assert made.status_code == 201, made.content
    entry = made.json()
    assert entry["version"] == 1 and not entry["shared_with_mentor"]
    url = f"{ENTRIES}{entry['id']}/"
    edited = client.put(url, body(title="Mañana", version=1), format="json")
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(url, body(title="Otro", version=1), format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["title"] == "Mañana"
    assert api_as("mentor").get(SHARED).json()["results"] == []
    assert client.post(f"{url}share/").json()["shared_with_mentor"] is True
    assert [e["title"] for e in api_as("mentor").get(SHARED).json()["results"]] == ["Mañana"]
    assert client.post(f"{url}unshare/").json()["shared_with_mentor"] is False
    assert api_as("mentor").get(SHARED).json()["results"] == []
    assert client.delete(url).status_code == 204
    assert client.get(ENTRIES).json()["results"] == []


def test_a_visit_of_someone_else_is_refused(world, api_as):
    visit = Visit.objects.create(
        program=world.program,
        mentor=world.other_mentor_profile,
        mentee=world.other_mentee_profile,
        mode="in_person",
        scheduled_at=timezone.now(),
    )
    response = api_as("mentee").post(ENTRIES, body(visit=visit.pk), format="json")
    assert response.status_code == 400
    assert "visit" in response.json()["error"]["fields"]


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "trainer", "researcher"])
def test_other_roles_never_read_an_entry(world, api_as, persona):
    entry = services.entry_create(
        mentee=world.mentee_profile,
        written_on=timezone.localdate(),
        title="T",
        text="Secreto",
        actor=world.mentee,
    )
    services.entry_share_with_mentor(entry=entry, shared=True, actor=world.mentee)
    client = api_as(persona)
    for url in (ENTRIES, f"{ENTRIES}{entry.pk}/", SHARED):
        response = client.get(url)
        assert response.status_code == 403
        assert "Secreto" not in response.content.decode()


def test_another_mentee_does_not_find_the_entry(world, api_as):
    entry = services.entry_create(
        mentee=world.mentee_profile,
        written_on=timezone.localdate(),
        title="T",
        text="Secreto",
        actor=world.mentee,
    )
    other = APIClient()
    other.force_authenticate(world.other_mentee_profile.user)
    assert other.get(f"{ENTRIES}{entry.pk}/").status_code == 404
    assert other.post(f"{ENTRIES}{entry.pk}/share/").status_code == 404
    assert other.get(ENTRIES).json()["results"] == []
