"""No private text reaches a page's <title>, which browsers show in tabs, history and bookmarks.

Every free-text private field of the URL-matrix world (notebooks, dialogues, observations,
commitments, diagnoses, applications, reviews, memos, transcripts, group-session notes …)
carries a unique marker; every page each persona may open (a 200 in the URL matrix) is fetched
and its title must hold no marker and stay short.
"""

import datetime
import re
from html import unescape
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from acompana.agreements import services as agreements
from acompana.selection import services as selection
from acompana.training import services as training
from acompana.visits import services as visits
from tests.test_url_matrix import MATRIX, PERSONAS, site_urls, url_of
from tests.url_matrix_world import build

pytestmark = pytest.mark.django_db

# Free text that only some people of the program may read, by model.
PRIVATE_TEXT = {
    "visits.FieldNote": ["context", "events", "interpretation", "notes"],
    "visits.Dialogue": [
        "opening",
        "development",
        "closing",
        "strengths",
        "improvements",
        "questions",
        "summary",
    ],
    "visits.Commitment": ["text"],
    "visits.AccompanimentObservation": [
        "did_well",
        "advice_recording",
        "advice_questions",
        "agreements",
        "mentor_reply",
    ],
    "visits.Diagnosis": ["summary"],
    "selection.Application": ["motivation", "references", "decision_reason"],
    "selection.Review": ["comment"],
    "training.BuddyMeeting": ["topics"],
    "agreements.GoalProgress": ["note"],
    "agreements.Goal": ["success_criteria"],
    "group_sessions.GroupSession": ["notes", "agreements"],
    "group_sessions.InformalMeeting": ["learnt"],
    "research.Document": ["text", "description"],
    "research.Memo": ["text"],
    "research.Participant": ["description"],
    "people.MentorProfile": ["teaching_philosophy"],
    "people.MenteeProfile": ["teaching_philosophy"],
    "circles.PrivateNote": ["text"],
    "circles.Meeting": ["summary", "agreed"],
    "circles.Commitment": ["text"],
    "circles.Goal": ["success_criteria"],
    "circles.GoalProgress": ["note"],
}
MARKER = re.compile(r"Zq\d+qZ")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LONGEST_TITLE = 120


def private_records(world: Any, o: dict[str, Any]) -> None:
    """The private records the URL-matrix world does not make: a notebook, a shared dialogue,
    a diagnosis, a buddy meeting, a goal's progress and a panel review."""
    visit, mentor = o["visit"], world.mentor
    visits.field_note_save(visit=visit, data={"notes": "Notas"}, base_version=0, actor=mentor)
    visits.dialogue_save(visit=visit, data={"summary": "Resumen"}, base_version=0, actor=mentor)
    visits.dialogue_share(visit=visit, shared=True, actor=mentor)
    visits.diagnosis_record(
        mentee=world.mentee_profile,
        mentor=world.mentor_profile,
        made_on=timezone.localdate(),
        strengths=[o["competency"]],
        needs=[],
        summary="Diagnóstico",
        actor=mentor,
    )
    training.buddy_meeting_log(
        pair=o["buddy_pair"],
        met_on=timezone.localdate() - datetime.timedelta(days=1),
        mode="phone",
        topics="Temas",
        duration_minutes=30,
        actor=world.coordinator,
    )
    agreements.goal_progress_record(goal=o["goal"], percent=10, actor=mentor, note="Avance")
    selection.review_save(
        application=o["application"], reviewer=world.coordinator, scores={}, comment="Comentario"
    )


def plant_markers() -> dict[str, str]:
    """Append a unique marker to every private field of every row; the field of each marker."""
    where: dict[str, str] = {}
    for label, fields in PRIVATE_TEXT.items():
        rows = list(apps.get_model(label).objects.all())
        assert rows, f"the world has no {label} to plant a marker in"
        for row in rows:
            for field in fields:
                marker = f"Zq{len(where)}qZ"
                where[marker] = f"{label}.{field}"
                setattr(row, field, f"{getattr(row, field)} {marker}".strip())
            row.save(update_fields=fields)
    return where


def pages_for(persona: str) -> list[str]:
    """The names of the pages (not API endpoints) the persona may GET."""
    column = PERSONAS.index(persona)
    return sorted(
        name for name, row in MATRIX.items() if ":" in name and row.split()[column] == "200"
    )


@pytest.fixture
def planted(world):
    objects = build(world)
    private_records(world, objects)
    return objects, plant_markers()


def test_no_private_text_reaches_the_title_of_any_page(world, planted):
    objects, where = planted
    routes = site_urls()
    leaks, long_titles, seen_in_bodies, pages = [], [], set(), 0
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(world.persona(persona))
        for name in pages_for(persona):
            url = url_of(name, routes[name], objects)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            body = response.content.decode()
            pages += 1
            seen_in_bodies.update(MARKER.findall(body))
            found = TITLE.search(body)
            assert found, f"{name} as {persona} has no <title>"
            title = " ".join(unescape(found.group(1)).split())
            leaks += [
                f"{name} as {persona}: {where[m]} in {title!r}" for m in MARKER.findall(title)
            ]
            if len(title) > LONGEST_TITLE:
                long_titles.append(f"{name} as {persona}: {len(title)} characters: {title!r}")
    # The markers do reach the pages' bodies, so a title that copied them would be caught.
    assert pages > 100
    assert {where[m] for m in seen_in_bodies} >= {
        "visits.FieldNote.notes",
        "visits.Dialogue.summary",
        "visits.AccompanimentObservation.did_well",
        "research.Document.text",
    }
    assert not leaks, "Private text in page titles:\n" + "\n".join(leaks)
    assert not long_titles, "Titles too long:\n" + "\n".join(long_titles)
