"""Small helpers shared by the pages of every app.

A page's action calls one service. The service refuses with a ``ValidationError`` whose words
are meant for the person; ``run_service`` shows them (or the success message) on the next page
and says which it was, so the view only chooses where to go; ``service_result`` gives the record
the service made instead. ``submit_form`` does the same for an action that starts from a form,
passing the form's cleaned data to the call; ``with_records`` turns the record numbers such a
form sends into the records the person was offered.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

T = TypeVar("T")
Success = str | Callable[[T], str] | None  # the message of a success, or None for no message


def validation_failed(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's refusal to the person, in plain words, on the next page."""
    messages.error(request, " ".join(exc.messages))


def form_errors(form: forms.BaseForm) -> str:
    """Every error of a form as one sentence, for a page that shows the form elsewhere."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _attempt(
    request: HttpRequest, call: Callable[[], T], success: Success[T]
) -> tuple[bool, T | None]:
    try:
        result = call()
    except ValidationError as exc:
        validation_failed(request, exc)
        return False, None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True, result


def run_service(request: HttpRequest, call: Callable[[], T], success: Success[T]) -> bool:
    """Run one service call: its refusal becomes the page's error message (False), otherwise
    ``success`` (a text, or a function of what the service returned) is shown (True)."""
    return _attempt(request, call, success)[0]


def service_result(request: HttpRequest, call: Callable[[], T], success: Success[T]) -> T | None:
    """As ``run_service``, for a service that returns the record it made: the record, or None
    when the service refused."""
    return _attempt(request, call, success)[1]


def submit_form(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[..., object],
    success: Success[Any],
    invalid: str | Callable[[forms.BaseForm], str] | None = None,
) -> bool:
    """Validate ``form`` and run ``call`` with its cleaned data as keyword arguments (the form's
    fields are named as the service's arguments), as ``run_service`` does. An invalid form gives
    False; ``invalid`` (a text, or ``form_errors``) is then shown as the error, for pages that
    redirect instead of showing the form again with its errors."""
    if not form.is_valid():
        if invalid is not None:
            messages.error(request, invalid(form) if callable(invalid) else invalid)
        return False
    return run_service(request, lambda: call(**form.cleaned_data), success)


def with_records(call: Callable[..., T], **choices: Any) -> Callable[..., T]:
    """``call`` taking, for each argument named in ``choices``, the record among
    ``choices[name]`` (a queryset, or a list of records) whose primary key a form sent in its
    place: 404 when it is not among them; None (or no such argument) stays so."""

    def call_with_records(**data: Any) -> T:
        for name, records in choices.items():
            if data.get(name) is not None:
                data[name] = _record(records, data[name])
        return call(**data)

    return call_with_records


def _record(records: Any, pk: object) -> Model:
    if isinstance(records, list | tuple):
        found = next((record for record in records if record.pk == pk), None)
        if found is None:
            raise Http404
        return found
    return get_object_or_404(records, pk=pk)
