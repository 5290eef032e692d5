"""Low-bandwidth alternatives: a mentee with low connectivity is offered a phone visit."""

from django.urls import reverse
from django.utils import timezone

from acompana.common.choices import MeetingMode


def test_a_low_connectivity_mentee_is_offered_a_phone_visit_by_default(as_persona, world):
    world.mentee_profile.connectivity = "low"
    world.mentee_profile.save(update_fields=["connectivity"])
    url = reverse("visits:list", args=[world.program.slug])
    page = as_persona("mentor").get(f"{url}?mentee={world.mentee_profile.pk}")
    form = page.context["form"]
    assert form["mode"].value() == MeetingMode.PHONE
    assert world.mentee_profile.code in str(form.fields["mode"].help_text)


def test_a_well_connected_mentee_gets_no_default_mode(as_persona, world):
    world.mentee_profile.connectivity = "good"
    world.mentee_profile.save(update_fields=["connectivity"])
    url = reverse("visits:list", args=[world.program.slug])
    form = as_persona("mentor").get(f"{url}?mentee={world.mentee_profile.pk}").context["form"]
    assert form["mode"].value() in (None, "")


def test_a_video_visit_keeps_its_join_link_shown_to_the_pair_and_in_the_calendar(as_persona, world):
    import datetime

    from acompana.hub.calendar import visit_event
    from acompana.visits.models import Visit

    url = reverse("visits:list", args=[world.program.slug])
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    data = {
        "mentee": world.mentee_profile.pk,
        "scheduled_at": when,
        "mode": MeetingMode.VIDEO,
        "duration_minutes": 60,
        "meeting_platform": "meet",
        "join_url": "https://meet.google.com/abc-defg-hij",
        "passcode": "",
    }
    bad = as_persona("mentor").post(url, {**data, "join_url": "http://meet.google.com/x"})
    assert bad.status_code == 200 and not Visit.objects.exists()
    response = as_persona("mentor").post(url, data)
    assert response.status_code == 302, response.content
    visit = Visit.objects.get()
    assert visit.join_url == "https://meet.google.com/abc-defg-hij"
    page = as_persona("mentee").get(reverse("visits:detail", args=[world.program.slug, visit.pk]))
    assert "https://meet.google.com/abc-defg-hij" in page.content.decode()
    event = visit_event(visit=visit, base_url="https://acompana.example")
    assert event.url == event.location == "https://meet.google.com/abc-defg-hij"
