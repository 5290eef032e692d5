"""Group-session pages: the permission matrix of every page and form, query budgets, and the
coordinator's journey (schedule a weekly series, take attendance)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from acompana.common.choices import MeetingMode
from acompana.common.models import AuditEntry
from acompana.group_sessions import services
from acompana.group_sessions.models import Attendance, GroupSession, Kind, SessionSeries
from acompana.group_sessions.tests.conftest import at
from acompana.group_sessions.tests.factories import InformalMeetingFactory
from acompana.people.tests.factories import MentorProfileFactory
from acompana.visits import services as visit_services

ALL = ["coordinator", "mentor", "specialist", "mentee", "trainer", "researcher", "outsider"]


def expect(**statuses: int) -> dict[str, int]:
    """Statuses by persona: 403 for members not named, 404 for the outsider."""
    return {p: statuses.get(p, 404 if p == "outsider" else 403) for p in ALL}


@pytest.fixture
def setup(world, cohort, session):
    """The session (facilitated by the specialist, both mentors invited), a series, a case
    added by the coordinator, and an informal meeting of the mentor."""
    made = services.series_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Los viernes",
        weekday=4,
        time=datetime.time(15),
        duration_minutes=120,
        mode=MeetingMode.IN_PERSON,
        starts_on=datetime.date(2026, 5, 1),
        occurrences=2,
        actor=world.coordinator,
    )
    visit = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(datetime.date(2026, 4, 20), 9),
        mode="in_person",
        actor=world.mentor,
    )
    case = services.case_add(session=session, visit=visit, actor=world.coordinator)
    InformalMeetingFactory(
        program=world.program,
        logged_by=world.mentor_profile,
        peers=[world.other_mentor_profile],
        cohort=cohort,
    )
    return {"session": session, "series": made, "case": case, "visit": visit}


def url(name: str, world, setup, **extra) -> str:
    slug = world.program.slug
    args = {
        "list": [slug],
        "session_create": [slug],
        "series_create": [slug],
        "report": [slug],
        "meetings": [slug],
        "network": [slug],
        "series": [slug, setup["series"].pk],
        "detail": [slug, setup["session"].pk],
        "edit": [slug, setup["session"].pk],
        "attendance": [slug, setup["session"].pk],
        "cancel": [slug, setup["session"].pk],
        "case_add": [slug, setup["session"].pk],
        "case_remove": [slug, setup["session"].pk, setup["case"].pk],
    }[name]
    return reverse(f"group_sessions:{name}", args=args)


READS = {
    "list": expect(coordinator=200, mentor=200, specialist=200),
    "detail": expect(coordinator=200, mentor=200, specialist=200),
    "edit": expect(coordinator=200, specialist=200),
    "series": expect(coordinator=200),
    "report": expect(coordinator=200),
    "meetings": expect(coordinator=200, mentor=200),
    "network": expect(coordinator=200),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", list(READS))
def test_who_sees_each_page(world, setup, as_persona, page, persona):
    response = as_persona(persona).get(url(page, world, setup))
    assert response.status_code == READS[page][persona]


WRITES = {
    # Invalid or harmless bodies: the status shows whether the person got past the checks.
    "session_create": ({}, expect(coordinator=200)),
    "series_create": ({}, expect(coordinator=200)),
    "edit": ({}, expect(coordinator=200, specialist=200)),
    "attendance": ({"present": []}, expect(coordinator=302, specialist=302)),
    "cancel": ({}, expect(coordinator=302, specialist=302)),
    "case_add": ({"visit": "0"}, expect(coordinator=302, specialist=302, mentor=302)),
    "case_remove": ({}, expect(coordinator=302, specialist=302)),
    "series": ({"from_date": "2030-01-01"}, expect(coordinator=302)),
    "meetings": ({"topic": ""}, expect(mentor=200)),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_who_may_post_to_each_form(world, setup, as_persona, endpoint, persona):
    data, statuses = WRITES[endpoint]
    response = as_persona(persona).post(url(endpoint, world, setup), data)
    assert response.status_code == statuses[persona]


def test_a_mentor_not_invited_and_a_specialist_of_other_mentors_do_not_see_a_session(
    world, cohort, as_persona
):
    only_other = services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.PEER_EXCHANGE,
        title="Solo el otro mentor",
        starts_at=at(datetime.date(2026, 6, 5)),
        duration_minutes=60,
        mode=MeetingMode.VIDEO,
        mentors=[world.other_mentor_profile],
        actor=world.coordinator,
    )
    address = reverse("group_sessions:detail", args=[world.program.slug, only_other.pk])
    assert as_persona("mentor").get(address).status_code == 404
    assert as_persona("specialist").get(address).status_code == 404
    listing = as_persona("mentor").get(reverse("group_sessions:list", args=[world.program.slug]))
    assert "Solo el otro mentor" not in listing.content.decode()


def test_the_group_never_sees_the_notebook_of_a_case(world, setup, as_persona):
    visit = setup["visit"]
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
    for persona in ("coordinator", "specialist", "mentor"):
        page = as_persona(persona).get(url("detail", world, setup)).content.decode()
        assert "SHARED-SUMMARY" in page
        assert world.mentee_profile.code in page
        assert "NOTEBOOK-SECRET" not in page and "DIALOGUE-PRIVATE" not in page


def test_a_mentor_sees_only_the_informal_meetings_they_took_part_in(world, cohort, as_persona):
    third, fourth = MentorProfileFactory.create_batch(2, program=world.program)
    InformalMeetingFactory(program=world.program, logged_by=third, peers=[fourth], topic="AJENO")
    InformalMeetingFactory(
        program=world.program, logged_by=world.mentor_profile, peers=[third], topic="PROPIO"
    )
    address = reverse("group_sessions:meetings", args=[world.program.slug])
    mine = as_persona("mentor").get(address).content.decode()
    assert "PROPIO" in mine and "AJENO" not in mine
    everything = as_persona("coordinator").get(address).content.decode()
    assert "PROPIO" in everything and "AJENO" in everything


def test_a_mentor_logs_an_informal_meeting_through_the_page(world, as_persona):
    client = as_persona("mentor")
    response = client.post(
        reverse("group_sessions:meetings", args=[world.program.slug]),
        {
            "participants": [world.other_mentor_profile.pk],
            "met_on": "2026-04-03",
            "mode": "phone",
            "topic": "Cómo reprogramar visitas",
            "learnt": "Avisar a la UGEL",
        },
    )
    assert response.status_code == 302
    meeting = world.mentor_profile.informal_meetings.get()
    assert meeting.topic == "Cómo reprogramar visitas"


def test_the_coordinator_schedules_a_weekly_series_and_takes_attendance(world, cohort, as_persona):
    client = as_persona("coordinator")
    slug = world.program.slug
    response = client.post(
        reverse("group_sessions:series_create", args=[slug]),
        {
            "cohort": cohort.pk,
            "kind": "counseling",
            "title": "Consejería semanal",
            "weekday": "2",
            "time": "16:00",
            "duration_minutes": "150",
            "starts_on": "2026-05-01",
            "occurrences": "3",
            "mode": "in_person",
            "facilitator": world.specialist.pk,
            "place": "UGEL",
            "agenda": "",
        },
    )
    series = SessionSeries.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("group_sessions:series", args=[slug, series.pk])
    page = client.get(response["Location"]).content.decode()
    assert page.count("Consejería semanal") >= 3
    first = series.sessions.order_by("starts_at").first()
    response = client.post(
        reverse("group_sessions:attendance", args=[slug, first.pk]),
        {"present": [world.mentor_profile.pk]},
    )
    assert response.status_code == 302
    marks = dict(Attendance.objects.filter(session=first).values_list("mentor", "present"))
    assert marks == {world.mentor_profile.pk: True, world.other_mentor_profile.pk: False}
    detail = client.get(reverse("group_sessions:detail", args=[slug, first.pk])).content.decode()
    assert "1 mentor present." in detail


def test_the_facilitator_edits_notes_and_agreements_of_one_session(world, session, as_persona):
    client = as_persona("specialist")
    address = reverse("group_sessions:edit", args=[world.program.slug, session.pk])
    response = client.post(
        address,
        {
            "kind": "case_review",
            "title": "Revisión de casos",
            "starts_at": "2026-05-08T15:00",
            "duration_minutes": "120",
            "mode": "video",
            "facilitator": world.specialist.pk,
            "place": "",
            "round": "",
            "agenda": "",
            "notes": "Dos casos revisados",
            "agreements": "Compartir el protocolo",
            "invited": [world.mentor_profile.pk],
            "version": "0",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.kind, session.notes, session.agreements) == (
        "case_review",
        "Dos casos revisados",
        "Compartir el protocolo",
    )
    assert list(session.attendances.values_list("mentor", flat=True)) == [world.mentor_profile.pk]


def test_the_series_page_cancels_the_rest(world, setup, as_persona):
    series = setup["series"]
    response = as_persona("coordinator").post(
        url("series", world, setup), {"from_date": "2026-05-02"}
    )
    assert response.status_code == 302
    assert list(series.sessions.order_by("starts_at").values_list("status", flat=True)) == [
        "scheduled",
        "cancelled",
    ]


def _bulk_sessions(world, cohort, count):
    mentors = MentorProfileFactory.create_batch(4, program=world.program)
    for mentor in mentors:
        mentor.cohorts.add(cohort)
    for i in range(count):
        session = services.session_create(
            program=world.program,
            cohort=cohort,
            kind=Kind.COUNSELING,
            title=f"Sesión {i}",
            starts_at=at(datetime.date(2026, 3, 1) + datetime.timedelta(days=7 * i)),
            duration_minutes=60 + i,
            mode=MeetingMode.IN_PERSON,
            facilitator=world.specialist,
            actor=world.coordinator,
        )
        services.attendance_record(
            session=session, present={m.pk for m in mentors[: i % 4 + 1]}, actor=world.coordinator
        )
    return mentors


# Measured with 4 and with 12 sessions: the counts do not grow with the rows. The detail page
# counts its attendance (invited, recorded, present) besides reading one page of it.
BUDGETS = {"list": 12, "report": 18, "meetings": 9, "network": 12, "detail": 11, "edit": 11}


@pytest.mark.parametrize("page", list(BUDGETS))
def test_pages_keep_a_query_budget(
    world, cohort, setup, as_persona, django_assert_max_num_queries, page
):
    mentors = _bulk_sessions(world, cohort, 12)
    for mentor in mentors:
        InformalMeetingFactory(
            program=world.program, logged_by=mentor, peers=mentors[:2], cohort=cohort
        )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(BUDGETS[page]):
        assert client.get(url(page, world, setup)).status_code == 200


def test_the_report_counts_sessions_hours_and_novices_and_exports_them(world, cohort, as_persona):
    novice = MentorProfileFactory(program=world.program, programs_served=1, code="NOV1")
    novice.cohorts.add(cohort)
    session = services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Semana en Lima",
        starts_at=at(datetime.date(2026, 3, 2)),
        duration_minutes=240,
        mode=MeetingMode.IN_PERSON,
        actor=world.coordinator,
    )
    services.attendance_record(
        session=session, present={novice.pk, world.mentor_profile.pk}, actor=world.coordinator
    )
    cancelled = services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Cancelada",
        starts_at=at(datetime.date(2026, 3, 9)),
        duration_minutes=240,
        mode=MeetingMode.IN_PERSON,
        actor=world.coordinator,
    )
    services.session_cancel(session=cancelled, actor=world.coordinator)
    client = as_persona("coordinator")
    address = reverse("group_sessions:report", args=[world.program.slug])
    page = client.get(address, {"cohort": cohort.pk}).content.decode()
    assert "50 %" in page  # one novice among two attendees
    assert "<svg" in page
    csv = client.get(address, {"cohort": cohort.pk, "format": "csv"}).content.decode("utf-8-sig")
    rows = {line.split(",")[0]: line.split(",") for line in csv.strip().splitlines()[1:]}
    assert rows["NOV1"][2:] == ["yes", "1", "1", "240", "4.0"]
    assert rows[world.other_mentor_profile.code][3:5] == ["1", "0"]
    xlsx = client.get(address, {"cohort": cohort.pk, "format": "xlsx", "table": "sessions"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 2  # the header and the session held; the cancelled one is left out
    assert values[1][1] == "Semana en Lima" and values[1][6:8] == [2, 1]
    assert GroupSession.objects.count() == 2


def test_the_network_joins_mentors_who_met_and_colours_novices(world, cohort, as_persona):
    novice = MentorProfileFactory(program=world.program, programs_served=1, code="NOV1")
    novice.cohorts.add(cohort)
    for _ in range(2):
        InformalMeetingFactory(
            program=world.program, logged_by=novice, peers=[world.mentor_profile], cohort=cohort
        )
    page = as_persona("coordinator").get(
        reverse("group_sessions:network", args=[world.program.slug]), {"cohort": cohort.pk}
    )
    html = page.content.decode()
    assert f"{world.mentor_profile.code} and NOV1: 2 meetings" in html or (
        f"NOV1 and {world.mentor_profile.code}: 2 meetings" in html
    )
    assert "#b9770e" in html  # the novice's colour
    assert 'id="pairs"' in html and "Novice mentor" in html


@pytest.mark.parametrize("year", ["99999", "0", "9999", "²"])
def test_the_report_of_an_impossible_year_is_not_found_rather_than_a_server_error(
    world, cohort, session, as_persona, year
):
    address = reverse("group_sessions:report", args=[world.program.slug])
    assert as_persona("coordinator").get(address, {"year": year}).status_code == 404


def test_a_mentor_experienced_today_counts_as_the_novice_they_were_in_their_first_cohort(world):
    from acompana.group_sessions.report import group_report
    from acompana.programs.tests.factories import CohortFactory

    first = CohortFactory(program=world.program, year=2019, name="2019")
    second = CohortFactory(program=world.program, year=2020, name="2020")
    # declared at entry: 2019 is their first program; 2020 adds the completed 2019 cohort
    mentor = MentorProfileFactory(program=world.program, programs_served=1, code="EXP2")
    mentor.cohorts.add(first, second)
    for cohort, day in [(first, datetime.date(2019, 3, 4)), (second, datetime.date(2020, 3, 2))]:
        session = services.session_create(
            program=world.program,
            cohort=cohort,
            kind=Kind.COUNSELING,
            title=f"Semana {cohort.year}",
            starts_at=at(day),
            duration_minutes=240,
            mode=MeetingMode.IN_PERSON,
            actor=world.coordinator,
        )
        services.attendance_record(session=session, present={mentor.pk}, actor=world.coordinator)
    in_2019 = group_report(program=world.program, cohort=first)
    in_2020 = group_report(program=world.program, cohort=second)
    assert [(r.mentor.code, r.novice) for r in in_2019.mentors] == [("EXP2", True)]
    assert [(r.mentor.code, r.novice) for r in in_2020.mentors] == [("EXP2", False)]
    assert (in_2019.novice_share, in_2020.novice_share) == (1.0, 0.0)
    shares = {row.cohort.year: row.novice_share for row in in_2020.cohorts}
    assert (shares[2019], shares[2020]) == (1.0, 0.0)


def test_the_coordinator_schedules_one_session_on_its_own_address(world, cohort, as_persona):
    client = as_persona("coordinator")
    slug = world.program.slug
    response = client.post(
        reverse("group_sessions:session_create", args=[slug]),
        {
            "cohort": cohort.pk,
            "kind": "counseling",
            "title": "Consejería de abril",
            "starts_at": "2026-04-21T16:00",
            "duration_minutes": "90",
            "mode": "in_person",
            "facilitator": "",
            "round": "",
            "place": "UGEL",
            "agenda": "",
        },
    )
    refused = client.post(reverse("group_sessions:session_create", args=[slug]), {"title": ""})

    session = world.program.group_sessions.get(title="Consejería de abril")
    assert response.status_code == 302
    assert response.url == reverse("group_sessions:detail", args=[slug, session.pk])
    assert refused.status_code == 200 and 'id="session-form"' in refused.content.decode()
    assert client.post(reverse("group_sessions:list", args=[slug])).status_code == 405


def test_a_large_cohorts_report_pages_its_mentors_and_charts_their_hours_as_a_histogram(
    world, cohort, session, as_persona, monkeypatch
):
    from acompana.group_sessions import views

    monkeypatch.setattr(views, "CHART_MENTORS", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = as_persona("coordinator")
    address = reverse("group_sessions:report", args=[world.program.slug])
    page = client.get(address, {"cohort": cohort.pk}).content.decode()
    assert "Mentors by hours of group sessions attended" in page
    assert "Hours of group sessions attended per mentor" not in page
    assert "Page 1 of" in page and "the downloads list every one" in page
    csv = client.get(address, {"cohort": cohort.pk, "format": "csv"}).content.decode("utf-8-sig")
    mentors = cohort.mentors.count()
    assert mentors > 1 and len(csv.strip().splitlines()) == 1 + mentors


def test_a_large_network_draws_its_busiest_mentors_and_downloads_every_pair(
    world, cohort, as_persona, monkeypatch
):
    from acompana.group_sessions import views

    monkeypatch.setattr(views, "NETWORK_DRAWN", 2)
    novice = MentorProfileFactory(program=world.program, programs_served=1, code="NOV1")
    novice.cohorts.add(cohort)
    for _ in range(2):
        InformalMeetingFactory(
            program=world.program, logged_by=novice, peers=[world.mentor_profile], cohort=cohort
        )
    InformalMeetingFactory(
        program=world.program, logged_by=novice, peers=[world.other_mentor_profile], cohort=cohort
    )
    client = as_persona("coordinator")
    address = reverse("group_sessions:network", args=[world.program.slug])
    html = client.get(address, {"cohort": cohort.pk}).content.decode()
    assert 'id="network-cap"' in html
    drawn = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "NOV1" in drawn and world.mentor_profile.code in drawn
    assert world.other_mentor_profile.code not in drawn  # one meeting: not among the two busiest
    csv = client.get(address, {"cohort": cohort.pk, "table": "pairs", "format": "csv"})
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 1 + 2
    mentors = client.get(address, {"cohort": cohort.pk, "table": "mentors", "format": "csv"})
    rows = mentors.content.decode("utf-8-sig").strip().splitlines()[1:]
    assert any(r.startswith("NOV1,") and r.endswith(",2,3") for r in rows)


def test_a_mentor_logging_a_meeting_is_offered_a_searched_few_peers_and_may_post_any_peer(
    world, cohort, as_persona, monkeypatch
):
    from acompana.common import narrowing
    from acompana.group_sessions.models import InformalMeeting

    monkeypatch.setattr(narrowing, "CHOICES_SHOWN", 1)
    extra = MentorProfileFactory(program=world.program, code="ZZZ9")
    client = as_persona("mentor")
    address = reverse("group_sessions:meetings", args=[world.program.slug])
    form = client.get(address).content.decode().split('id="meeting-form"', 1)[1]
    assert form.count('name="participants"') == 1
    found = client.get(address, {"q": "ZZZ9"}).content.decode().split('id="meeting-form"', 1)[1]
    assert f'value="{extra.pk}"' in found and found.count('name="participants"') == 1
    client.post(
        address,
        {
            "participants": [extra.pk, world.other_mentor_profile.pk],
            "met_on": "2026-05-04",
            "mode": "in_person",
            "topic": "Planificación",
        },
    )
    meeting = InformalMeeting.objects.get(topic="Planificación")
    assert set(meeting.participants.all()) >= {extra, world.other_mentor_profile}


def test_the_scheduling_forms_offer_a_searched_few_facilitators_and_accept_any_of_them(
    world, cohort, as_persona, monkeypatch
):
    from acompana.common import narrowing

    monkeypatch.setattr(narrowing, "CHOICES_SHOWN", 1)
    client = as_persona("coordinator")
    slug = world.program.slug
    address = reverse("group_sessions:list", args=[slug])
    form = client.get(address).content.decode().split('id="series-form"', 1)[1]
    select = form.split('name="facilitator"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == 2  # "—" and one person
    found = client.get(address, {"q": world.specialist.email}).content.decode()
    assert f'value="{world.specialist.pk}"' in found.split('id="series-form"', 1)[1]
    response = client.post(
        reverse("group_sessions:series_create", args=[slug]),
        {
            "cohort": cohort.pk,
            "kind": "counseling",
            "title": "Consejería semanal",
            "weekday": "2",
            "time": "16:00",
            "duration_minutes": "150",
            "starts_on": "2026-05-01",
            "occurrences": "2",
            "mode": "in_person",
            "facilitator": world.specialist.pk,
            "place": "UGEL",
            "agenda": "",
        },
    )
    assert response.status_code == 302
    sessions = SessionSeries.objects.get().sessions.all()
    assert {s.facilitator for s in sessions} == {world.specialist}


def test_the_facilitator_sets_the_meeting_its_mentors_see_and_others_do_not(
    world, session, as_persona
):
    """The join link and passcode are on the session's page for its invited mentors and staff;
    a mentor manages nothing, and a link that is not https is refused."""
    address = reverse("group_sessions:meeting", args=[world.program.slug, session.pk])
    detail = reverse("group_sessions:detail", args=[world.program.slug, session.pk])
    meeting = {
        "meeting_platform": "zoom",
        "join_url": "https://zoom.us/j/81234567890",
        "meeting_code": "812 3456 7890",
        "passcode": "4821",
        "dial_in": "+51 1 707 5788 (Lima)",
    }
    refused = as_persona("specialist").post(address, {**meeting, "join_url": "http://x.org"})
    assert refused.status_code == 200
    session.refresh_from_db()
    assert session.join_url == ""
    assert as_persona("mentor").post(address, meeting).status_code == 403
    assert as_persona("specialist").post(address, meeting).status_code == 302
    session.refresh_from_db()
    assert (session.meeting_platform, session.passcode) == ("zoom", "4821")
    assert AuditEntry.objects.filter(action="group_sessions.meeting.set").exists()
    page = as_persona("mentor").get(detail).content.decode()
    assert "https://zoom.us/j/81234567890" in page and "4821" in page
    assert address not in page  # the mentor does not manage the session
    assert as_persona("outsider").get(detail).status_code == 404
