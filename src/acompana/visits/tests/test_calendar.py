"""Calendar feeds (ICS): what each person's feed holds, how it is written, and who may fetch it."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.accounts.models import CalendarFeed
from acompana.common.models import AuditEntry
from acompana.hub.calendar import calendar_feed_token, user_calendar, visit_calendar
from acompana.visits import services
from acompana.visits.models import Visit

LIMA = ZoneInfo("America/Lima")
NOTEBOOK = "Observé tensiones con la UGEL; no compartir"
DIALOGUE = "Le cuesta delegar en el equipo directivo"
SUMMARY = "Acordamos observar aulas de 3.° grado"


def next_year(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=LIMA)


def schedule(world, when: datetime.datetime, *, other: bool = False, place: str = "") -> Visit:
    mentor = world.other_mentor_profile if other else world.mentor_profile
    mentee = world.other_mentee_profile if other else world.mentee_profile
    return services.visit_schedule(
        mentor=mentor,
        mentee=mentee,
        scheduled_at=when,
        mode="in_person",
        place=place,
        actor=mentor.user,
    )


@pytest.fixture
def named(world):
    """The pair with accented names and school, as in the field."""
    mentee_user = world.mentee_profile.user
    mentee_user.first_name, mentee_user.last_name = "José", "Ñahui"
    mentee_user.save()
    school = world.mentee_profile.school
    school.name = "I.E. Túpac Amaru"
    school.save()
    mentor_user = world.mentor_profile.user
    mentor_user.first_name, mentor_user.last_name = "Rosa", "Quispe"
    mentor_user.save()
    return world


@pytest.fixture
def visit(named):
    return schedule(named, next_year(5, 4, 9, 30), place="Jr. Perú 123, Huancané; aula 2")


def parse(cal: icalendar.Calendar) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(cal.to_ical())


def uids(cal: icalendar.Calendar) -> set[str]:
    return {str(e["UID"]) for e in cal.events}


def feed_url(user) -> str:
    return reverse("calendar:feed", args=[calendar_feed_token(user=user).token])


# --- What a calendar says --------------------------------------------------------------------


def test_a_feed_parses_back_with_version_prodid_name_and_time_zone(world, visit):
    cal = parse(user_calendar(user=world.mentor))
    assert str(cal["VERSION"]) == "2.0"
    assert "Acompaña" in str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"])
    assert str(cal["X-WR-TIMEZONE"]) == "America/Lima"
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    assert len(cal.events) == 1


def test_event_uids_are_stable_across_two_generations(world, visit):
    schedule(world, next_year(6, 1, 10))
    first = uids(parse(user_calendar(user=world.mentor)))
    second = uids(parse(user_calendar(user=world.mentor)))
    assert first == second
    assert f"visit-{visit.pk}@acompana" in first
    assert uids(parse(visit_calendar(visit=visit))) == {f"visit-{visit.pk}@acompana"}


def test_dtstart_has_the_program_time_zone_and_local_time_and_the_calendar_its_vtimezone(
    world, visit
):
    text = user_calendar(user=world.mentor).to_ical().decode()
    assert "DTSTART;TZID=America/Lima:" in text
    event = parse(user_calendar(user=world.mentor)).events[0]
    assert event["DTSTART"].params["TZID"] == "America/Lima"
    assert event.start.replace(tzinfo=None) == visit.scheduled_at.astimezone(LIMA).replace(
        tzinfo=None
    )
    assert (event.start.hour, event.start.minute) == (9, 30)
    assert event.end - event.start == datetime.timedelta(minutes=90)
    assert "America/Lima" in {
        tz.tz_name for tz in parse(user_calendar(user=world.mentor)).timezones
    }


def test_accented_text_and_special_characters_round_trip(named, visit):
    event = parse(user_calendar(user=named.mentor)).events[0]
    assert str(event["SUMMARY"]) == "Visit: José Ñahui — I.E. Túpac Amaru"
    assert str(event["LOCATION"]) == "Jr. Perú 123, Huancané; aula 2"
    assert "Mode: In person" in str(event["DESCRIPTION"])
    assert f"/p/{named.program.slug}/visits/{visit.pk}/" in str(event["DESCRIPTION"])


def test_the_mentee_sees_the_visit_titled_with_their_mentor(named, visit):
    event = parse(user_calendar(user=named.mentee)).events[0]
    assert str(event["SUMMARY"]) == "Mentoring visit: Rosa Quispe"


def test_the_feed_is_written_in_the_owners_language(named, visit):
    named.mentor.preferred_language = "es"
    named.mentor.save()
    description = str(parse(user_calendar(user=named.mentor)).events[0]["DESCRIPTION"])
    assert "Presencial" in description  # the mode, from the Spanish catalog


def test_a_cancelled_visit_stays_with_status_cancelled_and_a_higher_sequence(world, visit):
    before = parse(user_calendar(user=world.mentor)).events[0]
    assert str(before["STATUS"]) == "CONFIRMED"
    services.visit_status_change(
        visit=visit,
        status=Visit.Status.RESCHEDULED,
        reason="connectivity",
        new_time=next_year(5, 6, 15),
        actor=world.mentor,
    )
    moved = parse(user_calendar(user=world.mentor)).events[0]
    assert int(moved["SEQUENCE"]) > int(before["SEQUENCE"])
    assert moved.start.day == 6
    services.visit_status_change(
        visit=visit, status=Visit.Status.CANCELLED, reason="strike", actor=world.mentor
    )
    cancelled = parse(visit_calendar(visit=Visit.objects.get(pk=visit.pk), user=world.mentor))
    event = cancelled.events[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > int(moved["SEQUENCE"])
    assert str(event["SUMMARY"]).startswith("Cancelled: ")


# --- Who sees what ---------------------------------------------------------------------------


def test_a_mentees_feed_holds_only_their_visits_and_never_notebook_or_dialogue_text(
    world, visit, as_persona
):
    other = schedule(world, next_year(5, 5, 11), other=True)
    services.field_note_save(
        visit=visit, data={"events": NOTEBOOK}, base_version=0, actor=world.mentor
    )
    services.dialogue_save(
        visit=visit,
        data={"improvements": DIALOGUE, "summary": SUMMARY},
        base_version=0,
        actor=world.mentor,
    )
    services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    body = as_persona("mentee").get(feed_url(world.mentee)).content.decode()
    cal = icalendar.Calendar.from_ical(body)
    assert uids(cal) == {f"visit-{visit.pk}@acompana"}
    assert f"visit-{other.pk}@acompana" not in body
    for text in (NOTEBOOK, DIALOGUE, SUMMARY):
        assert text not in body
        assert text not in str(cal.events[0].get("DESCRIPTION"))
    # Nor in the mentor's own feed: calendars are shown on phones and shared screens.
    mentor_body = user_calendar(user=world.mentor).to_ical().decode()
    assert all(text not in mentor_body for text in (NOTEBOOK, DIALOGUE, SUMMARY))


def test_the_specialists_feed_holds_only_the_visits_of_the_mentors_they_accompany(world, visit):
    schedule(world, next_year(5, 5, 11), other=True)
    assert uids(user_calendar(user=world.specialist)) == {f"visit-{visit.pk}@acompana"}


def test_the_coordinator_sees_every_visit_and_trainers_researchers_and_outsiders_none(world, visit):
    other = schedule(world, next_year(5, 5, 11), other=True)
    assert uids(user_calendar(user=world.coordinator)) == {
        f"visit-{visit.pk}@acompana",
        f"visit-{other.pk}@acompana",
    }
    for persona in ("trainer", "researcher", "outsider"):
        assert uids(user_calendar(user=world.persona(persona))) == set()


def test_visits_long_past_leave_the_feed(world, visit):
    old = schedule(world, timezone.now() - datetime.timedelta(days=400))
    recent = schedule(world, timezone.now() - datetime.timedelta(days=20))
    feed = uids(user_calendar(user=world.mentor))
    assert f"visit-{recent.pk}@acompana" in feed
    assert f"visit-{old.pk}@acompana" not in feed


def test_visits_over_two_years_ahead_stay_out_of_the_feed_until_they_come_closer(world, visit):
    far = schedule(world, timezone.now() + datetime.timedelta(days=800))
    feed = uids(user_calendar(user=world.mentor))
    assert f"visit-{visit.pk}@acompana" in feed
    assert f"visit-{far.pk}@acompana" not in feed


# --- The feed address ------------------------------------------------------------------------


def test_the_feed_is_served_as_private_text_calendar_without_signing_in(world, visit, client):
    response = client.get(feed_url(world.mentor))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert icalendar.Calendar.from_ical(response.content).events


def test_an_unknown_token_gets_404(world, client):
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404


def test_a_rotated_token_gets_404_and_the_new_one_works(world, visit, client, as_persona):
    old = feed_url(world.mentor)
    response = as_persona("mentor").post(reverse("calendar:settings"))
    assert response.status_code == 302
    client.logout()
    new = reverse("calendar:feed", args=[CalendarFeed.objects.get(user=world.mentor).token])
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert AuditEntry.objects.filter(action="calendar.feed.rotated").count() == 1


def test_an_inactive_persons_feed_gets_404(world, visit, client):
    url = feed_url(world.mentor)
    world.mentor.is_active = False
    world.mentor.save()
    assert client.get(url).status_code == 404


def test_the_calendar_page_creates_then_shows_the_address_with_instructions(world, as_persona):
    client = as_persona("mentee")
    page = client.get(reverse("calendar:settings")).content.decode()
    assert 'value="create"' in page
    assert not CalendarFeed.objects.filter(user=world.mentee).exists()
    client.post(reverse("calendar:settings"))
    token = CalendarFeed.objects.get(user=world.mentee).token
    page = client.get(reverse("calendar:settings")).content.decode()
    assert f"http://testserver/calendar/{token}.ics" in page
    assert f"webcal://testserver/calendar/{token}.ics" in page
    assert 'value="rotate"' in page
    # Nothing of its own to run: the only script is the site-wide progressive enhancement.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/acompana/site.js" defer>']
    assert "style=" not in page
    assert AuditEntry.objects.filter(action="calendar.feed.created").count() == 1


def test_the_calendar_page_needs_signing_in(db, client):
    response = client.get(reverse("calendar:settings"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- One visit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 200),
        ("mentee", 200),
        ("specialist", 200),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_each_persona_may_download_a_visit_only_if_they_may_see_it(
    world, visit, as_persona, persona, status
):
    url = reverse("calendar:visit", args=[world.program.slug, visit.pk])
    response = as_persona(persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        assert uids(icalendar.Calendar.from_ical(response.content)) == {
            f"visit-{visit.pk}@acompana"
        }


def test_another_mentor_cannot_download_the_visit(world, visit, client):
    client.force_login(world.other_mentor_profile.user)
    url = reverse("calendar:visit", args=[world.program.slug, visit.pk])
    assert client.get(url).status_code == 404


# --- Cost ------------------------------------------------------------------------------------


def test_the_feed_of_thirty_visits_takes_a_fixed_handful_of_queries(
    world, client, django_assert_max_num_queries
):
    first = next_year(3, 1, 9)
    visits = [schedule(world, first + datetime.timedelta(days=i)) for i in range(30)]
    for visit in visits[:5]:
        services.visit_status_change(
            visit=visit, status=Visit.Status.CANCELLED, reason="strike", actor=world.mentor
        )
    url = feed_url(world.mentor)
    coordinator_url = feed_url(world.coordinator)
    # Five for the visits, one each for the group and training sessions providers.
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert len(icalendar.Calendar.from_ical(response.content).events) == 30
    with django_assert_max_num_queries(7):
        response = client.get(coordinator_url)
    assert len(icalendar.Calendar.from_ical(response.content).events) == 30
