"""Virtual delivery over the API: the meeting, rooms (list, rename, Zoom export) and the
attendance import (preview writes nothing; confirm all or nothing)."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from acompana.api.testing import BASE
from acompana.training import services
from acompana.training.models import Attendance
from acompana.training.tests.test_virtual import ZOOM_REPORT
from acompana.training.tests.test_virtual import session as session


def at(session, rest):
    return f"{BASE}/training/sessions/{session.pk}/{rest}"


@pytest.fixture
def rooms(world, session):
    return services.groups_make(
        session=session, min_size=2, max_size=2, seed=1, actor=world.trainer
    )


def test_the_meeting_is_set_by_the_trainer_and_read_by_the_mentor(api_as, world, session):
    body = {"meeting_platform": "teams", "join_url": "https://teams.microsoft.com/l/x"}
    assert api_as("mentor").post(at(session, "meeting/update/"), body).status_code == 403
    assert api_as("trainer").post(at(session, "meeting/update/"), body).status_code == 200
    bad = {"join_url": "http://teams.microsoft.com/l/x"}
    assert api_as("trainer").post(at(session, "meeting/update/"), bad).status_code == 400
    read = api_as("mentor").get(at(session, "meeting/")).json()
    assert read["join_url"] == "https://teams.microsoft.com/l/x"
    assert api_as("outsider").get(at(session, "meeting/")).status_code == 404


def test_rooms_are_listed_renamed_and_exported_for_zoom(api_as, world, session, rooms):
    client = api_as("trainer")
    listed = client.get(at(session, "rooms/")).json()
    assert len(listed) == 2 and sum(len(r["members"]) for r in listed) == 4
    renamed = client.post(at(session, "rooms/rename/"), {"group": 2, "name": "Sala Puno"})
    assert renamed.status_code == 200 and renamed.json()[1]["name"] == "Sala Puno"
    mine = api_as("mentor").get(at(session, "rooms/")).json()
    assert len(mine) == 1
    export = client.get(at(session, "rooms/zoom/")).json()
    rows = list(csv.reader(io.StringIO(export["csv"].removeprefix("\ufeff"))))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"] and export["participants"] == 4
    assert api_as("mentor").get(at(session, "rooms/zoom/")).status_code == 403


def test_the_import_previews_without_writing_then_confirms(api_as, world, session):
    client = api_as("trainer")

    def upload(**extra):
        report = SimpleUploadedFile("participants.csv", ZOOM_REPORT, content_type="text/csv")
        return {"report": report, "min_minutes": 120, **extra}

    preview = client.post(at(session, "attendance/import/preview/"), upload(), format="multipart")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["format"] == "zoom" and body["counts"]["present"] == 2
    [guest] = body["unmatched"]
    assert not Attendance.objects.filter(session=session).exists()
    refused = client.post(at(session, "attendance/import/confirm/"), upload(), format="multipart")
    assert refused.status_code == 400
    assert not Attendance.objects.filter(session=session).exists()
    done = client.post(
        at(session, "attendance/import/confirm/"),
        upload(assignments=json.dumps({guest["key"]: None}), expected_version=0),
        format="multipart",
    )
    assert done.status_code == 200, done.content
    assert Attendance.objects.filter(session=session, status="present").count() == 2
    assert (
        api_as("mentor")
        .post(at(session, "attendance/import/preview/"), upload(), format="multipart")
        .status_code
        == 403
    )
