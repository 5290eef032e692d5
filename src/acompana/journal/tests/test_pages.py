"""The journal's pages: a mentee writes, edits, shares and deletes their own entries; a mentor
reads what their mentees share with them, only while it is shared; nobody else reads a
journal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.journal import services
from acompana.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

SECRET = "Hoy dudé de mi clase de fracciones"


def entry_of(world, mentee=None, **fields):
    mentee = mentee or world.mentee_profile
    data = {"written_on": timezone.localdate(), "title": "Fracciones", "text": SECRET}
    return services.entry_create(mentee=mentee, actor=mentee.user, **(data | fields))


def url(world, name, *args):
    return reverse(f"journal:{name}", args=[world.program.slug, *args])


def test_a_mentee_writes_an_entry_that_lists_in_their_journal(world, as_persona):
    client = as_persona("mentee")
    response = client.post(
        url(world, "new"),
        {"written_on": timezone.localdate().isoformat(), "title": "Primer día", "text": SECRET},
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.mentee, entry.shared_with_mentor) == (world.mentee_profile, False)
    page = client.get(url(world, "index")).content.decode()
    assert "Primer día" in page
    audit = AuditEntry.objects.get(action="journal.entry.created")
    assert SECRET not in str(audit.data) and "Primer día" not in audit.target_repr


def test_an_entry_dated_tomorrow_is_refused(world, as_persona):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_persona("mentee").post(
        url(world, "new"), {"written_on": tomorrow.isoformat(), "title": "T", "text": "x"}
    )
    assert response.status_code == 200
    assert not JournalEntry.objects.exists()


def test_an_edit_over_a_newer_version_is_refused(world, as_persona):
    entry = entry_of(world)
    client = as_persona("mentee")
    data = {"written_on": entry.written_on.isoformat(), "title": "Uno", "text": "a", "version": 1}
    assert client.post(url(world, "entry", entry.pk), data).status_code == 302
    stale = data | {"title": "Dos"}
    response = client.post(url(world, "entry", entry.pk), stale, follow=True)
    assert "since you opened it" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("Uno", 2)


def test_the_mentor_reads_a_shared_entry_only_while_it_is_shared(world, as_persona):
    entry = entry_of(world)
    mentor = as_persona("mentor")
    assert SECRET not in mentor.get(url(world, "shared")).content.decode()
    mentee = as_persona("mentee")
    mentee.post(url(world, "share", entry.pk), {"shared": "1"})
    assert JournalEntry.objects.get().shared_with_mentor
    mentor = as_persona("mentor")
    assert SECRET in mentor.get(url(world, "shared")).content.decode()
    mentee = as_persona("mentee")
    mentee.post(url(world, "share", entry.pk), {"shared": "0"})
    mentor = as_persona("mentor")
    assert SECRET not in mentor.get(url(world, "shared")).content.decode()
    actions = AuditEntry.objects.filter(action__contains="shared").values_list("action", flat=True)
    assert sorted(actions) == ["journal.entry.shared", "journal.entry.unshared"]


def test_another_mentor_and_a_former_mentor_do_not_read_a_shared_entry(world, client):
    entry = entry_of(world)
    services.entry_share_with_mentor(entry=entry, shared=True, actor=world.mentee)
    client.force_login(world.other_mentor_profile.user)
    assert SECRET not in client.get(url(world, "shared")).content.decode()
    world.mentee_profile.partnerships.update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(world.mentor)
    assert SECRET not in client.get(url(world, "shared")).content.decode()


def test_sharing_needs_a_current_mentor(world, as_persona):
    entry = entry_of(world)
    world.mentee_profile.partnerships.update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = as_persona("mentee").post(
        url(world, "share", entry.pk), {"shared": "1"}, follow=True
    )
    assert "no mentor to share with" in response.content.decode()
    assert not JournalEntry.objects.get().shared_with_mentor


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "trainer", "researcher"])
def test_no_other_role_reads_a_journal_even_a_shared_entry(world, as_persona, persona):
    entry = entry_of(world)
    services.entry_share_with_mentor(entry=entry, shared=True, actor=world.mentee)
    client = as_persona(persona)
    for name, args in [("index", ()), ("entry", (entry.pk,)), ("shared", ())]:
        response = client.get(url(world, name, *args))
        assert response.status_code == 403
        assert SECRET not in response.content.decode()


def test_another_mentee_never_reaches_an_entry(world, client):
    entry = entry_of(world)
    services.entry_share_with_mentor(entry=entry, shared=True, actor=world.mentee)
    client.force_login(world.other_mentee_profile.user)
    assert client.get(url(world, "entry", entry.pk)).status_code == 404
    assert client.post(url(world, "delete", entry.pk)).status_code == 404
    assert client.post(url(world, "share", entry.pk), {"shared": "0"}).status_code == 404
    assert SECRET not in client.get(url(world, "shared")).content.decode()
    assert SECRET not in client.get(url(world, "index")).content.decode()
    assert JournalEntry.objects.get().shared_with_mentor


def test_the_author_deletes_an_entry(world, as_persona):
    entry = entry_of(world)
    response = as_persona("mentee").post(url(world, "delete", entry.pk))
    assert response.status_code == 302
    assert not JournalEntry.objects.exists()


def test_my_journal_pages_twenty_entries_in_a_few_queries(
    world, as_persona, django_assert_max_num_queries
):
    for day in range(25):
        entry_of(world, written_on=timezone.localdate() - datetime.timedelta(days=day))
    client = as_persona("mentee")
    with django_assert_max_num_queries(12):
        page = client.get(url(world, "index")).content.decode()
    assert page.count("/journal/") >= 20


def test_shared_entries_list_in_a_few_queries(world, as_persona, django_assert_max_num_queries):
    for day in range(25):
        entry = entry_of(world, written_on=timezone.localdate() - datetime.timedelta(days=day))
        services.entry_share_with_mentor(entry=entry, shared=True, actor=world.mentee)
    client = as_persona("mentor")
    with django_assert_max_num_queries(12):
        page = client.get(url(world, "shared")).content.decode()
    assert page.count(SECRET) == 20
