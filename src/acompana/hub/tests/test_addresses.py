"""Pages that moved to the hub (and Table 3, now in people) keep their addresses."""

from django.urls import resolve, reverse

from acompana.hub import calendar_views, views
from acompana.people import views as people_views


def test_the_gathered_pages_keep_their_addresses_and_are_served_by_the_hub():
    slug = "test-program"
    expected = {
        ("hub:home", ()): ("/", views.home),
        ("hub:mentor", (slug, "T0001")): (f"/p/{slug}/mentors/T0001/", views.mentor_detail),
        ("hub:mentee", (slug, "M00001")): (f"/p/{slug}/mentees/M00001/", views.mentee_detail),
        ("calendar:settings", ()): ("/calendar/", calendar_views.calendar_settings),
        ("calendar:visit", (slug, 7)): (f"/p/{slug}/visits/7/visit.ics", calendar_views.visit_ics),
        ("people:mentor_experience", (slug,)): (
            f"/p/{slug}/reports/mentor-experience/",
            people_views.mentor_experience,
        ),
    }
    for (name, args), (path, view) in expected.items():
        assert reverse(name, args=args) == path
        assert resolve(path).func == view


def test_the_calendar_feed_keeps_its_address():
    token = "a" * 43
    assert reverse("calendar:feed", args=[token]) == f"/calendar/{token}.ics"
    assert resolve(f"/calendar/{token}.ics").func == calendar_views.calendar_feed
