from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def normalize_email(value: str | None) -> str | None:
    """An email as sign-in compares it: no surrounding spaces, lower case."""
    return value.strip().lower() if isinstance(value, str) else value


def lockout_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The username the lockout counts: the email as sign-in compares it.

    Sign-in ignores the email's case, so the lockout must too: otherwise every spelling of
    the same address ("Mentor@Example.org", "MENTOR@example.org", ...) gets its own count.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field) or data.get("email")
    return normalize_email(value)


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Too many failed sign-ins: the API's error format for API calls, a page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "code": "locked_out",
                    "message": "Too many failed attempts; try again in an hour.",
                }
            },
            status=429,
        )
    return render(request, "accounts/locked_out.html", status=429)
