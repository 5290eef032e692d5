from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.frameworks.models import (
    INDICATOR_MAX,
    CareerStage,
    StageIndicator,
    Verification,
)
from acompana.frameworks.services import EDITABLE_FIELDS


def item_form_class(model):
    return forms.modelform_factory(model, fields=EDITABLE_FIELDS)


class IndicatorsForm(forms.Form):
    """One indicator (Spanish, English, verification mark) per career stage of the framework."""

    def __init__(
        self,
        *args: Any,
        stages: list[CareerStage],
        indicators: dict[int, StageIndicator],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stages = stages
        for stage in stages:
            current = indicators.get(stage.pk)
            self.fields[f"text-{stage.pk}"] = forms.CharField(
                label=f"{stage.code} · {stage.display_name}",
                required=False,
                max_length=INDICATOR_MAX,
                initial=current.text if current else "",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Leave it empty to have no indicator at this stage."),
            )
            self.fields[f"text_en-{stage.pk}"] = forms.CharField(
                label=_("In English (optional)"),
                required=False,
                max_length=INDICATOR_MAX,
                initial=current.text_en if current else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"verification-{stage.pk}"] = forms.ChoiceField(
                label=_("Verification"),
                choices=Verification.choices,
                initial=current.verification if current else Verification.UNCONFIRMED,
            )

    def values(self) -> dict[int, tuple[str, str, str]]:
        data = self.cleaned_data
        return {
            s.pk: (
                data.get(f"text-{s.pk}", ""),
                data.get(f"text_en-{s.pk}", ""),
                data.get(f"verification-{s.pk}", Verification.UNCONFIRMED),
            )
            for s in self.stages
        }
