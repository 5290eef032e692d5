"""A program's time zone and language, applied to the requests that open it.

A page or API call that loads a program through ``get_program_for_user`` shows dates and times in
the program's time zone and reads the times typed in forms there; people who have not chosen a
language (no saved preference, no choice in the language switch) see the program's language.
Nothing is read for it: the program the view loads anyway carries both. The middleware marks
the request and restores the site's time zone when it ends.
"""

import contextvars
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from acompana.programs.models import Program

# None outside a request (commands, tasks: nothing is switched); else whether the person chose
# a language of their own.
_language_chosen: contextvars.ContextVar[bool | None] = contextvars.ContextVar(
    "program_language_chosen", default=None
)


def apply(program: Program) -> None:
    """Switch the current request to ``program``'s time zone and, for people without a language
    of their own, its language."""
    chosen = _language_chosen.get()
    if chosen is None:
        return
    if program.time_zone:
        timezone.activate(zoneinfo.ZoneInfo(program.time_zone))
    if program.language and not chosen:
        translation.activate(program.language)


class ProgramLocaleMiddleware:
    """Lets ``apply`` switch the request to its program's time zone and language, and switches
    back to the site's time zone when the request ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = settings.LANGUAGE_COOKIE_NAME in request.COOKIES or bool(
            user is not None and user.is_authenticated and user.preferred_language
        )
        token = _language_chosen.set(chosen)
        try:
            return self.get_response(request)
        finally:
            _language_chosen.reset(token)
            timezone.deactivate()
