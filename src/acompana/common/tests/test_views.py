"""The helpers the pages' actions share: a service's refusal becomes the page's message, a
form's data reaches the service as keyword arguments, record numbers become records."""

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from acompana.accounts.models import User
from acompana.common.views import (
    form_errors,
    run_service,
    service_result,
    submit_form,
    with_records,
)


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _shown(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(**_kwargs: Any) -> None:
    raise ValidationError("The round is closed.")


class _NoteForm(forms.Form):
    title = forms.CharField()
    hours = forms.IntegerField()


def test_a_service_that_succeeds_shows_the_success_message_and_says_so():
    request = _request()
    assert run_service(request, lambda: 3, "Saved.") is True
    assert _shown(request) == [("success", "Saved.")]


def test_the_success_message_can_be_made_from_what_the_service_returned():
    request = _request()
    assert run_service(request, lambda: 3, lambda n: f"{n} sessions cancelled.") is True
    assert _shown(request) == [("success", "3 sessions cancelled.")]


def test_a_refusal_becomes_the_error_message_and_no_success_is_shown():
    request = _request()
    assert run_service(request, _refuse, "Saved.") is False
    assert _shown(request) == [("error", "The round is closed.")]


def test_service_result_gives_the_record_made_or_none_when_refused():
    request = _request()
    assert service_result(request, lambda: "plan", None) == "plan"
    assert service_result(request, _refuse, None) is None
    assert _shown(request) == [("error", "The round is closed.")]


def test_a_valid_form_calls_the_service_with_its_fields_as_keyword_arguments():
    request = _request()
    received: dict[str, Any] = {}
    form = _NoteForm({"title": "Visita", "hours": "2"})
    assert submit_form(request, form, lambda **data: received.update(data), "Saved.") is True
    assert received == {"title": "Visita", "hours": 2}


def test_an_invalid_form_calls_nothing_and_shows_the_text_asked_for():
    request = _request()
    called = []
    form = _NoteForm({"title": "Visita", "hours": "many"})
    done = submit_form(request, form, lambda **data: called.append(data), "Saved.", "Check it.")
    assert done is False and called == []
    assert _shown(request) == [("error", "Check it.")]


def test_an_invalid_form_can_show_its_own_errors_as_one_sentence():
    request = _request()
    form = _NoteForm({"title": "", "hours": "2"})
    submit_form(request, form, lambda **data: None, "Saved.", form_errors)
    assert _shown(request) == [("error", "This field is required.")]


@pytest.mark.django_db
def test_record_numbers_become_the_records_offered_and_none_stays_none():
    ana = User.objects.create_user(email="ana@example.org")
    call = with_records(lambda **data: data, user=User.objects.all())
    assert call(user=ana.pk, note="x") == {"user": ana, "note": "x"}
    assert call(user=None, note="x") == {"user": None, "note": "x"}
    listed = with_records(lambda **data: data, user=[ana])
    assert listed(user=ana.pk) == {"user": ana}


@pytest.mark.django_db
def test_a_record_number_outside_those_offered_is_a_404():
    ana = User.objects.create_user(email="ana@example.org")
    with pytest.raises(Http404):
        with_records(lambda **data: data, user=User.objects.exclude(pk=ana.pk))(user=ana.pk)
    with pytest.raises(Http404):
        with_records(lambda **data: data, user=[])(user=ana.pk)
