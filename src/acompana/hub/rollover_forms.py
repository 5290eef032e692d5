"""The form of a cohort's rollover: the new cohort's name and year and who returns."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.people.rollover import returning_mentees, returning_mentors
from acompana.programs.models import Cohort


class RolloverForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new cohort"),
        max_length=200,
        help_text=_("Its year alone (e.g. 2022) leaves the name empty, as the year shows it."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    mentors = forms.TypedMultipleChoiceField(
        label=_("Returning mentors"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each keeps the capacity of their profile."),
    )
    mentees = forms.TypedMultipleChoiceField(
        label=_("Returning mentees"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    continue_partnerships = forms.BooleanField(
        label=_("Continue the partnerships of returning pairs"),
        required=False,
        help_text=_(
            "The last partnership of each returning pair goes on: one still open stays as it is "
            "(a matching run of the new cohort keeps it), one that ended starts again in the new "
            "cohort on its first day."
        ),
    )

    def __init__(self, *args: Any, source: Cohort, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"name": str(source.year + 1), "year": source.year + 1})
        super().__init__(*args, **kwargs)
        mentors: Any = self.fields["mentors"]
        mentors.choices = [
            (
                m.pk,
                _("%(code)s · %(name)s (capacity %(capacity)d)")
                % {"code": m.code, "name": m.user.get_full_name(), "capacity": m.capacity},
            )
            for m in returning_mentors(cohort=source)
        ]
        mentees: Any = self.fields["mentees"]
        mentees.choices = [
            (m.pk, f"{m.code} · {m.user.get_full_name()}") for m in returning_mentees(cohort=source)
        ]
