from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import Membership, Role
from acompana.health.selectors import Filters


class HealthFilterForm(forms.Form):
    """Cohort, region, mentor's code and (for coordinators) specialist."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    mentor = forms.CharField(label=_("Mentor's code"), required=False, max_length=40)
    specialist = forms.TypedChoiceField(
        label=_("Specialist"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, program: Any, coordinator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "cohort", _("All cohorts"), [(c.pk, str(c)) for c in program.cohorts.order_by("year")]
        )
        self._choices("region", _("All regions"), [(r.pk, r.name) for r in program.regions.all()])
        if coordinator:
            specialists = (
                Membership.objects.filter(program=program, role=Role.SPECIALIST)
                .select_related("user")
                .order_by("user__last_name", "user__first_name")[:500]
            )
            self._choices(
                "specialist",
                _("All specialists"),
                [(m.user_id, m.user.get_full_name() or m.user.email) for m in specialists],
            )
        else:
            del self.fields["specialist"]

    def _choices(self, name: str, everyone: Any, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everyone), *choices]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            cohort=data["cohort"],
            region=data["region"],
            mentor=data["mentor"].strip(),
            specialist=data.get("specialist"),
        )


class DigestPreferenceForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly health digest"),
        required=False,
        help_text=_(
            "Coordinators and specialists: once a week, the pairs newly without a recent visit, "
            "the commitments newly overdue and the mentees waiting."
        ),
    )


class HealthSettingsForm(forms.Form):
    inactive_days = forms.IntegerField(
        label=_("Days without a visit"),
        min_value=1,
        max_value=365,
        help_text=_("A pair with no visit done in more than this many days needs attention."),
    )
    low_response_percent = forms.IntegerField(
        label=_("Low response (percent)"),
        min_value=1,
        max_value=100,
        help_text=_("A survey answered by fewer than this share of those invited needs attention."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
