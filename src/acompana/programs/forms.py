from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import AccessState, Role
from acompana.programs.models import Cohort


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
