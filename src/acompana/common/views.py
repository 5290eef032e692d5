"""Small helpers shared by the pages of every app."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def validation_failed(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's refusal to the person, in plain words, on the next page."""
    messages.error(request, " ".join(exc.messages))
