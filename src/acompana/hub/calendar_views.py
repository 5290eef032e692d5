"""Calendar pages: the private feed (no sign-in, the token is the key), the page that shows and
revokes its address, and the download of one visit."""

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from acompana.hub.calendar import (
    calendar_feed_for_user,
    calendar_feed_owner,
    calendar_feed_token,
    user_calendar,
    visit_calendar,
)
from acompana.programs.selectors import get_program_for_user
from acompana.visits.selectors import get_visit_for_user


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics_response(cal: icalendar.Calendar, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal data: browsers may keep it, shared caches and proxies must not.
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed calendar apps subscribe to. Unknown or rotated tokens get 404."""
    owner = calendar_feed_owner(token=token)
    if owner is None:
        raise Http404
    cal = user_calendar(user=owner, base_url=_base_url(request))
    return _ics_response(cal, filename="acompana.ics", attachment=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The user's feed address, how to subscribe, and a button to create or replace it."""
    feed = calendar_feed_for_user(user=request.user)
    if request.method == "POST":
        calendar_feed_token(user=request.user, rotate=feed is not None)
        if feed is None:
            messages.success(request, _("Your calendar address is ready."))
        else:
            messages.success(
                request, _("Your calendar address was replaced; the old one no longer works.")
            )
        return redirect("calendar:settings")
    feed_url = webcal_url = ""
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("calendar:feed", args=[feed.token]))
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request,
        "hub/calendar/settings.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "time_zone": settings.TIME_ZONE,
        },
    )


@login_required
@require_safe
def visit_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One visit as an .ics file, for anyone who may see the visit."""
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk)
    cal = visit_calendar(visit=visit, user=request.user, base_url=_base_url(request))
    return _ics_response(cal, filename=f"visit-{visit.pk}.ics", attachment=True)
