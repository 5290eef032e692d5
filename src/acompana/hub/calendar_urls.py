from django.urls import path, re_path

from acompana.hub import calendar_views

app_name = "calendar"
urlpatterns = [
    path("calendar/", calendar_views.calendar_settings, name="settings"),
    # secrets.token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$",
        calendar_views.calendar_feed,
        name="feed",
    ),
    path(
        "p/<slug:slug>/visits/<int:pk>/visit.ics",
        calendar_views.visit_ics,
        name="visit",
    ),
]
