from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.matching.models import DEFAULT_CRITERIA, MUST, Criterion, MatchRun

WEIGHT_CHOICES = [(str(n), str(n)) for n in range(11)] + [(MUST, _("must"))]


class MatchRunForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    kind = forms.ChoiceField(label=_("Who is matched"), choices=MatchRun.Kind.choices)
    objective = forms.ChoiceField(label=_("Objective"), choices=MatchRun.Objective.choices)
    max_km = forms.IntegerField(
        label=_("Longest travel for in-person visits (km)"),
        min_value=1,
        max_value=1000,
        initial=60,
    )
    candidates = forms.IntegerField(
        label=_("Candidates per mentee (empty: all)"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_(
            "The best ones among the mentors of their region (among everyone when the region "
            "has too few). Empty: every allowed pair, or 100 per person in cohorts of more "
            "than 5 million pairs."
        ),
    )

    def __init__(self, *args, program, initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ChoiceField)
        cohort.choices = [
            (c.pk, f"{c} · {c.get_modality_display()}") for c in program.cohorts.all()
        ]
        weights = initial_weights or DEFAULT_CRITERIA
        for criterion in Criterion:
            self.fields[f"w_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label,
                choices=WEIGHT_CHOICES,
                initial=str(weights.get(criterion.value, 0)),
            )

    def weight_fields(self):
        return [self[f"w_{c.value}"] for c in Criterion]

    def criteria(self) -> dict[str, int | str]:
        return {
            c.value: (
                MUST
                if self.cleaned_data[f"w_{c.value}"] == MUST
                else int(self.cleaned_data[f"w_{c.value}"])
            )
            for c in Criterion
        }

    def options(self) -> dict[str, int]:
        options = {"max_km": self.cleaned_data["max_km"]}
        if self.cleaned_data.get("candidates"):
            options["candidates"] = self.cleaned_data["candidates"]
        return options


class SwapForm(forms.Form):
    """Two ticked pairs (checkboxes named ``pick``) whose mentors are exchanged."""

    pick = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["pick"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p, p) for p in run.proposals.values_list("pk", flat=True)]

    def clean_pick(self):
        picked = self.cleaned_data["pick"]
        if len(picked) != 2:
            raise forms.ValidationError(_("Tick exactly two pairs to swap."))
        return picked


class ReviewFilterForm(forms.Form):
    """Which pairs of a run the review page lists: of a region, of a mentor."""

    region = forms.TypedChoiceField(label=_("Region"), coerce=int, required=False)
    mentor = forms.CharField(label=_("Mentor code"), max_length=40, required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("All regions"))] + [
            (r.pk, r.name) for r in program.regions.order_by("name")
        ]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out: the whole run is listed)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"region": data.get("region") or None, "mentor": data.get("mentor") or None}
