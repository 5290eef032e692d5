"""The form that starts a forming run: cohort, type of circle, size bounds and, for each
attribute, group or balance with a weight (0 ignores it)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.circles.forming import DEFAULT_CRITERIA
from acompana.circles.forming_models import FormingAttribute, FormingMode
from acompana.circles.models import Kind
from acompana.programs.models import Cohort, Program


class FormingRunForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), label=_("Cohort"))
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Type of circle"))
    min_size = forms.IntegerField(min_value=1, max_value=10, initial=4, label=_("Smallest circle"))
    max_size = forms.IntegerField(min_value=1, max_value=10, initial=6, label=_("Largest circle"))

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_field = self.fields["cohort"]
        assert isinstance(cohort_field, forms.ModelChoiceField)
        cohort_field.queryset = Cohort.objects.filter(program=program).order_by("-year", "name")
        defaults = {c["attribute"]: c for c in DEFAULT_CRITERIA}
        for value, label in FormingAttribute.choices:
            default = defaults.get(value, {"mode": FormingMode.GROUP, "weight": 0})
            self.fields[f"mode_{value}"] = forms.ChoiceField(
                choices=FormingMode.choices, initial=default["mode"], label=label
            )
            self.fields[f"weight_{value}"] = forms.IntegerField(
                min_value=0, max_value=10, initial=default["weight"], label=_("Weight")
            )

    def criteria_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"mode_{v}"], self[f"weight_{v}"]) for v in FormingAttribute.values]

    def criteria(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"attribute": v, "mode": data[f"mode_{v}"], "weight": data[f"weight_{v}"]}
            for v in FormingAttribute.values
            if data[f"weight_{v}"]
        ]
