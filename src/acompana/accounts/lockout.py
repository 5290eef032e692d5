from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


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
