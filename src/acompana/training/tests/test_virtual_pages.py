"""Virtual delivery on the pages: a trainer forms groups, downloads the Zoom file, uploads a
participants report and confirms; a mentor sees their room and the session's link; the
calendar carries the join link and dial-in, never the passcode."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acompana.hub.calendar import training_session_event
from acompana.training import services, virtual
from acompana.training.models import Attendance, BreakoutGroup
from acompana.training.tests.test_virtual import ZOOM_REPORT
from acompana.training.tests.test_virtual import session as session


def url(name, session, query=""):
    return reverse(f"training:{name}", args=[session.plan.program.slug, session.pk]) + query


@pytest.fixture
def rooms(world, session):
    groups = services.groups_make(
        session=session, min_size=2, max_size=2, seed=1, actor=world.trainer
    )
    virtual.session_meeting_set(
        session=session,
        data={
            "meeting_platform": "zoom",
            "join_url": "https://zoom.us/j/81234567890",
            "meeting_code": "812 3456 7890",
            "passcode": "4821",
            "dial_in": "+51 1 707 5788 (Lima)",
        },
        actor=world.trainer,
    )
    groups[0].join_url = "https://zoom.us/j/81234567890?room=1"
    groups[0].save()
    return groups


def test_the_trainer_downloads_zoom_file_imports_a_report_and_confirms(
    as_persona, world, session, rooms
):
    client = as_persona("trainer")
    page = client.get(url("rooms", session))
    assert page.status_code == 200 and b"zoom-download" in page.content
    response = client.post(url("room_rename", session), {"number": 1, "name": "Sala Cusco"})
    assert response.status_code == 302
    download = client.get(url("rooms_zoom", session))
    text = download.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"] and len(rows) == 5
    assert "Sala Cusco" in {r[0] for r in rows[1:]}

    upload = SimpleUploadedFile("participants.csv", ZOOM_REPORT, content_type="text/csv")
    response = client.post(
        url("attendance_import", session), {"report": upload, "min_minutes": 120}
    )
    assert response.status_code == 302 and response.url == url("attendance_preview", session)
    preview = client.get(response.url)
    assert b"Invitada Especial" in preview.content
    assert not Attendance.objects.filter(session=session).exists()
    [guest] = preview.context["preview"].unmatched
    response = client.post(
        url("attendance_preview", session), {f"assign:{guest.key}": "ignore", "confirm": "1"}
    )
    assert response.status_code == 302
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("mentor__user__email", "status")
    )
    assert statuses["rosa.quispe@example.org"] == "present"
    assert statuses["mentor@example.org"] == "partial"


def test_a_report_of_another_platform_asks_for_its_columns(as_persona, world, session):
    client = as_persona("trainer")
    content = "Participante,Correo,Minutos\nRosa Quíspe,,95\n".encode()
    upload = SimpleUploadedFile("otro.csv", content, content_type="text/csv")
    response = client.post(url("attendance_import", session), {"report": upload, "min_minutes": 60})
    assert response.status_code == 200
    assert response.context["columns"] == ["participante", "correo", "minutos"]
    upload = SimpleUploadedFile("otro.csv", content, content_type="text/csv")
    response = client.post(
        url("attendance_import", session),
        {
            "report": upload,
            "min_minutes": 60,
            "name_column": "participante",
            "duration_column": "minutos",
        },
    )
    assert response.status_code == 302


def test_a_malformed_report_shows_row_errors_and_writes_nothing(as_persona, world, session):
    content = b"Name (Original Name),User Email,Duration (Minutes)\n,,5\nAna,a@x.org,mucho\n"
    upload = SimpleUploadedFile("zoom.csv", content, content_type="text/csv")
    response = as_persona("trainer").post(
        url("attendance_import", session), {"report": upload, "min_minutes": 60}
    )
    assert response.status_code == 200
    assert "Line 2" in response.content.decode() and "Line 3" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_a_mentor_sees_their_room_and_the_sessions_link(as_persona, world, session, rooms):
    group = BreakoutGroup.objects.get(session=session, members=world.mentor_profile)
    page = as_persona("mentor").get(url("session", session)).content.decode()
    assert group.room_name in page
    assert "https://zoom.us/j/81234567890" in page and "4821" in page
    if group.join_url:
        assert group.join_url.replace("&", "&amp;") in page or group.join_url in page


def test_the_rooms_pages_are_for_the_sessions_managers_only(as_persona, world, session, rooms):
    for name in ("rooms", "rooms_zoom", "rooms_sheet", "rooms_email", "attendance_import"):
        assert as_persona("mentor").get(url(name, session)).status_code == 403
        assert as_persona("outsider").get(url(name, session)).status_code == 404


def test_the_facilitator_sheet_has_one_page_per_room_with_the_activity(
    as_persona, world, session, rooms
):
    page = as_persona("trainer").get(url("rooms_sheet", session)).content.decode()
    assert page.count('class="card room-sheet"') == len(rooms)
    assert "Juego de roles" in page


def test_the_room_email_asks_first_then_sends(as_persona, world, session, rooms, mailoutbox):
    client = as_persona("trainer")
    assert client.get(url("rooms_email", session)).context["recipients"] == 4
    assert not mailoutbox
    client.post(url("rooms_email", session))
    assert len(mailoutbox) == 4


def test_the_calendar_event_carries_the_join_link_and_dial_in_never_the_passcode(
    world, session, rooms
):
    session.refresh_from_db()
    event = training_session_event(session=session, base_url="https://acompana.example")
    assert event.url == "https://zoom.us/j/81234567890"
    assert event.location == "https://zoom.us/j/81234567890"
    assert "+51 1 707 5788" in event.description and "812 3456 7890" in event.description
    assert "4821" not in event.description


def test_the_meeting_form_refuses_a_link_that_is_not_https(as_persona, world, session):
    client = as_persona("trainer")
    response = client.post(
        url("session_meeting", session), {"meeting_platform": "zoom", "join_url": "http://x.org"}
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.join_url == ""
    response = client.post(
        url("session_meeting", session),
        {"meeting_platform": "meet", "join_url": "https://meet.google.com/abc-defg-hij"},
    )
    assert response.status_code == 302


def test_the_programs_jitsi_server_is_offered_for_the_rooms(as_persona, world, session, rooms):
    program = session.plan.program
    page = as_persona("trainer").get(url("rooms", session)).content.decode()
    assert 'value="https://meet.example.org"' not in page
    program.jitsi_url = "https://meet.example.org"
    program.save()
    page = as_persona("trainer").get(url("rooms", session)).content.decode()
    assert 'value="https://meet.example.org"' in page
    response = as_persona("trainer").post(url("rooms_jitsi", session), {"base": program.jitsi_url})
    assert response.status_code == 302
    links = [group.join_url for group in BreakoutGroup.objects.filter(session=session)]
    assert links and all(link.startswith("https://meet.example.org/") for link in links)
    assert len(set(links)) == len(links)
