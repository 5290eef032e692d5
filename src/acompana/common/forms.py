"""Small helpers shared by the forms of every app."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.common.ids import MAX_ID
from acompana.common.meetings import MAX_DIAL_IN_CHARS, Platform, validate_join_url


def set_choices(form: forms.BaseForm, name: str, choices: list[tuple[Any, Any]]) -> None:
    """Give the choice field ``name`` its choices, read by the view for the person (the field
    is declared without them)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def choose_latest(form: forms.BaseForm, name: str) -> None:
    """Start the choice field ``name`` on its last choice: cohorts and plans are listed oldest
    first, and a new session or plan is mostly for the latest (a program whose records end in
    2021 offers 2021, not 2019). A value the form was given (an edit) stays."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    choices = list(field.choices)  # type: ignore[arg-type]  # set by set_choices: a list
    if choices:
        field.initial = choices[-1][0]


def id_list(text: str, *, limit: int) -> list[int] | None:
    """The ids of a comma-separated list (at most ``limit`` of them, each a valid primary
    key), or None if the text is not one: the mentors a page of an attendance sheet showed."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if len(parts) > limit or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    ids = [int(p) for p in parts]
    return ids if all(0 < pk <= MAX_ID for pk in ids) else None


class MeetingJoinForm(forms.Form):
    """How participants join a meeting held at a distance (``common.meetings``)."""

    meeting_platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", "—"), *Platform.choices], required=False
    )
    join_url = forms.URLField(
        label=_("Join link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_join_url],
        help_text=_("The https address participants open to join."),
    )
    meeting_code = forms.CharField(label=_("Meeting ID"), required=False, max_length=100)
    passcode = forms.CharField(label=_("Passcode"), required=False, max_length=100)
    dial_in = forms.CharField(
        label=_("Dial-in numbers"),
        required=False,
        max_length=MAX_DIAL_IN_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One number a line, with its country or city."),
    )
