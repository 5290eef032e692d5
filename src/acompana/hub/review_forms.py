"""The form of a design-review point: kind, area, text and the evidence it links."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.hub.review.evidence import Figure, Ref, parse_ref
from acompana.hub.review.services import MAX_TEXT
from acompana.programs.models import ReviewPoint


class ReviewPointForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReviewPoint.Kind.choices, widget=forms.RadioSelect
    )
    area = forms.ChoiceField(label=_("Area"), choices=ReviewPoint.Area.choices)
    text = forms.CharField(
        label=_("Point"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the year showed, or what changes next year and why."),
    )
    evidence = forms.MultipleChoiceField(
        label=_("Evidence"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What in the app supports the point (up to 10)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self, *args: Any, options: list[Figure], extra: list[Figure] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        shown = {f.value: f for f in [*options, *(extra or [])]}
        cast(forms.ChoiceField, self.fields["evidence"]).choices = [
            (value, f"{f.kind_label} — {f.text}") for value, f in shown.items()
        ]

    def refs(self) -> list[Ref]:
        return [parse_ref(value) for value in self.cleaned_data["evidence"]]
