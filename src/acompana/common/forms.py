"""Small helpers shared by the forms of every app."""

from typing import Any

from django import forms


def set_choices(form: forms.BaseForm, name: str, choices: list[tuple[Any, Any]]) -> None:
    """Give the choice field ``name`` its choices, read by the view for the person (the field
    is declared without them)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
