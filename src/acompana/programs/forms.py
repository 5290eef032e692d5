from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import AccessState, Role
from acompana.programs.models import Cohort, validate_time_zone


class MemberFilterForm(forms.Form):
    """Which people of a program to list or to invite."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    state = forms.ChoiceField(
        label=_("Access"), choices=[("", _("All")), *AccessState.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(program=program)  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    """Invite in bulk: everyone without a password, or a role, a cohort, only those never
    invited."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    pending = forms.BooleanField(
        label=_("Only people never invited"),
        required=False,
        help_text=_("Leave it unticked to send a new link to people whose link was not used."),
    )

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(program=program)  # type: ignore[attr-defined]


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["year", "name", "modality", "starts_on", "ends_on", "mentor_capacity"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"name": _("Optional, to tell apart two cohorts of the same year.")}

    def validate_unique(self) -> None:
        pass  # the service checks year and name within the program


class ProgramCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Address"),
        help_text=_("Letters, numbers and hyphens, e.g. mentoria-2027: the program's web address."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text=_("e.g. America/Lima or Asia/Manila (empty: the site's time zone)."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The site's language")), *settings.LANGUAGES],
        required=False,
        help_text=_("For people who have not chosen a language."),
    )
    coordinator = forms.EmailField(
        label=_("Coordinator's email"),
        help_text=_("They get the coordinator role; invite them from the program's people page."),
    )

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug


RESERVED_SLUGS = {"new"}
