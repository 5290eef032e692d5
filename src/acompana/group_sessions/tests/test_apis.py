"""Group sessions, weekly series and informal meetings over the API: the permission matrix of
every endpoint, the privacy of cases, series generation and attendance."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acompana.api.testing import BASE
from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import Attendance, GroupSession, InformalMeeting, Kind
from acompana.visits import services as visit_services

LIMA = ZoneInfo("America/Lima")
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}
SESSION_READ = DENIED | {"coordinator": 200, "mentor": 200, "specialist": 200}
SESSION_MANAGE = DENIED | {"coordinator": 200, "specialist": 200}
COORDINATOR_CREATES = DENIED | {"coordinator": 201}
MEETINGS_READ = DENIED | {"coordinator": 200, "mentor": 200}
MENTOR_LOGS = DENIED | {"mentor": 201}

SESSIONS = f"{BASE}/group-sessions/"
SERIES = f"{BASE}/group-session-series/"
MEETINGS = f"{BASE}/informal-meetings/"


def at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LIMA)


@pytest.fixture
def cohort(world):
    return world.mentor_profile.cohorts.get()


@pytest.fixture
def session(world, cohort):
    """Facilitated by the specialist; both mentors invited."""
    return services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Consejería grupal",
        starts_at=at(datetime.date(2026, 5, 8)),
        duration_minutes=180,
        mode=MeetingMode.IN_PERSON,
        facilitator=world.specialist,
        actor=world.coordinator,
    )


def new_session(world, cohort) -> dict:
    return {
        "cohort": cohort.pk,
        "kind": "protocol_briefing",
        "title": "Protocolo de la ronda 2",
        "starts_at": "2026-06-01T09:00:00-05:00",
        "duration_minutes": 90,
        "mode": "video",
        "facilitator": world.coordinator.pk,
        "place": "https://meet.example.org/r2",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_lists_group_sessions(world, session, api_as, persona):
    response = api_as(persona).get(SESSIONS)
    assert response.status_code == SESSION_READ[persona]
    if response.status_code == 200:
        assert [s["id"] for s in response.json()["results"]] == [session.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_a_group_session(world, session, api_as, persona):
    response = api_as(persona).get(f"{SESSIONS}{session.pk}/")
    assert response.status_code == SESSION_READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_schedules_a_group_session(world, cohort, api_as, persona):
    response = api_as(persona).post(SESSIONS, new_session(world, cohort), format="json")
    assert response.status_code == COORDINATOR_CREATES[persona], response.content
    created = GroupSession.objects.filter(title="Protocolo de la ronda 2")
    assert created.exists() == (persona == "coordinator")
    if persona == "coordinator":
        body = response.json()
        assert {a["mentor"] for a in body["attendance"]} == {
            world.mentor_profile.pk,
            world.other_mentor_profile.pk,
        }


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_edits_a_group_session(world, session, api_as, persona):
    response = api_as(persona).patch(
        f"{SESSIONS}{session.pk}/",
        {"notes": "Dos casos revisados", "agreements": "Compartir protocolo", "version": 0},
        format="json",
    )
    assert response.status_code == SESSION_MANAGE[persona], response.content
    session.refresh_from_db()
    assert (session.notes == "Dos casos revisados") == (response.status_code == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_takes_attendance(world, session, api_as, persona):
    response = api_as(persona).post(
        f"{SESSIONS}{session.pk}/attendance/",
        {"present": [world.mentor_profile.pk]},
        format="json",
    )
    assert response.status_code == SESSION_MANAGE[persona], response.content
    marks = dict(Attendance.objects.filter(session=session).values_list("mentor", "present"))
    if response.status_code == 200:
        assert marks == {world.mentor_profile.pk: True, world.other_mentor_profile.pk: False}
        assert {r["mentor"]: r["present"] for r in response.json()} == marks
    else:
        assert set(marks.values()) == {None}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_schedules_a_weekly_series(world, cohort, api_as, persona):
    body = {
        **new_session(world, cohort),
        "weekday": 4,
        "time": "15:00",
        "starts_on": "2026-05-04",
        "occurrences": 3,
    }
    response = api_as(persona).post(SERIES, body, format="json")
    assert response.status_code == COORDINATOR_CREATES[persona], response.content
    if persona == "coordinator":
        sessions = GroupSession.objects.filter(pk__in=response.json()["sessions"])
        assert sorted(s.starts_at.astimezone(LIMA).date() for s in sessions) == [
            datetime.date(2026, 5, 8),
            datetime.date(2026, 5, 15),
            datetime.date(2026, 5, 22),
        ]
    else:
        assert not GroupSession.objects.exists()


def test_a_series_with_both_an_end_date_and_occurrences_is_refused(world, cohort, api_as):
    body = {
        **new_session(world, cohort),
        "weekday": 4,
        "time": "15:00",
        "starts_on": "2026-05-04",
        "ends_on": "2026-06-04",
        "occurrences": 3,
    }
    response = api_as("coordinator").post(SERIES, body, format="json")
    assert response.status_code == 400
    assert not GroupSession.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"starts_on": "2026-05-04", "ends_on": "9999-12-31"},
        {"starts_on": "9999-12-30", "occurrences": 2},
        {"starts_on": "0001-01-01", "occurrences": 2},
    ],
)
def test_a_series_at_the_ends_of_the_calendar_is_refused_not_a_server_error(
    world, cohort, api_as, dates
):
    body = {**new_session(world, cohort), "weekday": 4, "time": "15:00", **dates}
    response = api_as("coordinator").post(SERIES, body, format="json")
    assert response.status_code == 400, response.content
    assert not GroupSession.objects.exists()


@pytest.fixture
def meeting(world, cohort):
    return services.informal_meeting_log(
        program=world.program,
        logged_by=world.other_mentor_profile,
        participants=[world.mentor_profile],
        met_on=datetime.date(2026, 4, 2),
        mode=MeetingMode.PHONE,
        topic="Cuaderno de campo",
        actor=world.other_mentor_profile.user,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_lists_informal_meetings(world, meeting, api_as, persona):
    response = api_as(persona).get(MEETINGS)
    assert response.status_code == MEETINGS_READ[persona]
    if response.status_code == 200:
        (row,) = response.json()["results"]
        assert row["participants"] == sorted(
            [world.mentor_profile.pk, world.other_mentor_profile.pk]
        )


def test_a_mentor_lists_only_the_meetings_they_took_part_in(world, meeting, api_as):
    services.informal_meeting_log(
        program=world.program,
        logged_by=world.other_mentor_profile,
        participants=[world.other_mentor_profile, world.mentor_profile],
        met_on=datetime.date(2026, 4, 3),
        mode=MeetingMode.PHONE,
        topic="Con el mentor",
        actor=world.other_mentor_profile.user,
    )
    meeting.participants.remove(world.mentor_profile)
    topics = [m["topic"] for m in api_as("mentor").get(MEETINGS).json()["results"]]
    assert topics == ["Con el mentor"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_logs_an_informal_meeting(world, api_as, persona):
    body = {
        "participants": [world.other_mentor_profile.pk],
        "met_on": "2026-04-05",
        "mode": "video",
        "topic": "Preguntas reflexivas",
        "learnt": "Partir de las fortalezas",
    }
    response = api_as(persona).post(MEETINGS, body, format="json")
    assert response.status_code == MENTOR_LOGS[persona], response.content
    assert InformalMeeting.objects.exists() == (persona == "mentor")


def test_anonymous_callers_get_401(api, session):
    assert api.get(SESSIONS).status_code == 401
    assert api.get(MEETINGS).status_code == 401


def test_a_session_read_over_the_api_never_carries_the_notebook(world, session, api_as):
    visit = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(datetime.date(2026, 4, 20), 9),
        mode="in_person",
        actor=world.mentor,
    )
    visit_services.field_note_save(
        visit=visit,
        data={"context": "NOTEBOOK-SECRET", "events": "", "interpretation": "", "notes": ""},
        base_version=0,
        actor=world.mentor,
    )
    visit_services.dialogue_save(
        visit=visit,
        data={"strengths": "DIALOGUE-PRIVATE", "summary": "SHARED-SUMMARY"},
        base_version=0,
        actor=world.mentor,
    )
    visit_services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    services.case_add(session=session, visit=visit, actor=world.mentor)
    for persona in ("coordinator", "mentor", "specialist"):
        response = api_as(persona).get(f"{SESSIONS}{session.pk}/")
        text = response.content.decode()
        assert "NOTEBOOK-SECRET" not in text and "DIALOGUE-PRIVATE" not in text
        (case,) = response.json()["cases"]
        assert case["shared_summary"] == "SHARED-SUMMARY"
        assert case["mentee_code"] == world.mentee_profile.code


def test_an_edit_from_a_stale_version_is_refused(world, session, api_as):
    client = api_as("coordinator")
    address = f"{SESSIONS}{session.pk}/"
    assert client.patch(address, {"title": "A", "version": 0}, format="json").status_code == 200
    response = client.patch(address, {"title": "B", "version": 0}, format="json")
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.title == "A"


def test_the_session_list_takes_a_fixed_number_of_queries(world, cohort, api_as):
    client = api_as("mentor")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SESSIONS).status_code == 200
        return len(captured.captured_queries)

    services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Una",
        starts_at=at(datetime.date(2026, 5, 8)),
        duration_minutes=60,
        mode=MeetingMode.VIDEO,
        actor=world.coordinator,
    )
    few = count()
    for i in range(5):
        services.session_create(
            program=world.program,
            cohort=cohort,
            kind=Kind.COUNSELING,
            title=f"Más {i}",
            starts_at=at(datetime.date(2026, 6, 1 + i)),
            duration_minutes=60,
            mode=MeetingMode.VIDEO,
            facilitator=world.specialist,
            actor=world.coordinator,
        )
    assert count() == few


def test_the_sessions_meeting_over_the_api(world, session, api_as):
    """The facilitator sets the meeting; the invited mentor reads it; a mentor cannot change
    it; a link that is not https is refused."""
    base = f"/api/v1/programs/{world.program.slug}/group-sessions/{session.pk}/meeting/"
    meeting = {"meeting_platform": "meet", "join_url": "https://meet.google.com/abc-defg-hij"}
    assert api_as("mentor").post(base + "update/", meeting, format="json").status_code == 403
    refused = api_as("specialist").post(
        base + "update/", {"join_url": "javascript:alert(1)"}, format="json"
    )
    assert refused.status_code == 400
    saved = api_as("specialist").post(base + "update/", meeting, format="json")
    assert saved.status_code == 200, saved.json()
    read = api_as("mentor").get(base)
    assert read.status_code == 200
    assert read.json()["join_url"] == "https://meet.google.com/abc-defg-hij"
    assert api_as("outsider").get(base).status_code == 404
