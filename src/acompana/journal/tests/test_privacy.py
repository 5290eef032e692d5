"""Nothing of a journal leaves its own pages: every page, download and endpoint each persona
may open (a 200 in the URL matrix) is fetched with markers planted in every journal entry's
title and text; a marker shows only on the author's journal and, for an entry shared with the
mentor, on the mentor's "shared with me" page and endpoint. Never in a page title, an export,
the research module, the audit log or an email."""

import io
import re
import zipfile
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from tests.test_url_matrix import MATRIX, PERSONAS, site_urls, url_of
from tests.url_matrix_world import build

from acompana.journal import services
from acompana.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"Jq(\d+)[a-z]qJ")
# Where each kind of entry may show its words, by persona: the author's own journal; the
# mentor reads the entries shared with them.
AUTHOR_PLACES = {
    "journal:index",
    "journal:entry",
    "journal:new",
    "journal-entry-list",
    "journal-entry-detail",
}
MENTOR_PLACES = {"journal:shared", "journal-shared-list"}


def body_of(response: Any) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if content[:2] == b"PK":  # a zip (xlsx, qdpx): every member's text
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b" ".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def planted(world):
    objects = build(world)
    shared = objects["journal_entry"]  # shared with the mentor by the world
    private = services.entry_create(
        mentee=world.mentee_profile,
        written_on=shared.written_on,
        title="Privada",
        text="Solo mía",
        actor=world.mentee,
    )
    circle = services.entry_create(
        mentee=world.mentee_profile,
        written_on=shared.written_on,
        title="Del círculo",
        text="Para el círculo",
        actor=world.mentee,
    )
    services.entry_share_with_circle(entry=circle, circle=objects["circle"], actor=world.mentee)
    kinds = {shared.pk: "s", private.pk: "p", circle.pk: "c"}
    for entry in JournalEntry.objects.all():
        kind = kinds[entry.pk]
        entry.title = f"{entry.title} Jq{entry.pk}{kind}qJ"
        entry.text = f"{entry.text} Jq{entry.pk}{kind}qJ"
        entry.save(update_fields=["title", "text"])
    return objects


def allowed(persona: str, name: str, kind: str) -> bool:
    if persona == "mentee":
        return name in AUTHOR_PLACES
    if persona == "mentor":
        return name in MENTOR_PLACES and kind in ("s", "c")  # the world circle is theirs
    return False


def test_journal_words_appear_only_where_the_author_put_them(world, planted):
    routes = site_urls()
    leaks, checked = [], 0
    seen: set[tuple[str, str]] = set()
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(world.persona(persona))
        column = PERSONAS.index(persona)
        for name, row in sorted(MATRIX.items()):
            if row.split()[column] != "200":
                continue
            response = client.get(url_of(name, routes[name], planted))
            if response.status_code != 200:
                continue
            checked += 1
            body = body_of(response)
            for marker in MARKER.finditer(body):
                kind = marker.group(0)[-3]
                seen.add((persona, name))
                if not allowed(persona, name, kind):
                    leaks.append(f"{persona} reads a {kind} entry on {name}")
            title = re.search(r"<title>(.*?)</title>", body, re.S)
            if title and MARKER.search(title.group(1)):
                leaks.append(f"{persona}: journal words in the title of {name}")
    assert checked > 200
    # The markers do reach the places they belong to, so a leak would be caught.
    assert {("mentee", "journal:index"), ("mentor", "journal:shared")} <= seen
    assert not leaks, "\n".join(sorted(set(leaks)))
    assert not any(MARKER.search(str(m.subject) + str(m.body)) for m in mail.outbox)
