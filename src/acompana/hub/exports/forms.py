"""Filters of the lists that had none a download could reuse (visits, pairs, commitments,
training attendance, agreements, coverage). Field names are the list pages' query names."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.agreements.models import Agreement
from acompana.common.choices import MeetingMode
from acompana.common.ids import MAX_ID
from acompana.visits.models import Commitment, Visit


class _ProgramForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ChoiceField)
        cohort.choices = [("", "—"), *((c.pk, str(c)) for c in program.cohorts.all())]
        if "region" in self.fields:
            region = self.fields["region"]
            assert isinstance(region, forms.ChoiceField)
            region.choices = [("", "—"), *((r.pk, r.name) for r in program.regions.all())]


class CohortFilterForm(_ProgramForm):
    pass


class PairFilterForm(_ProgramForm):
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    mentor = forms.CharField(label=_("Mentor code"), required=False, max_length=40)
    history = forms.BooleanField(label=_("Include ended pairs"), required=False)


class VisitFilterForm(_ProgramForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Visit.Status.choices]
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", "—"), *MeetingMode.choices]
    )
    round = forms.IntegerField(label=_("Round"), required=False, min_value=1, max_value=MAX_ID)
    mentor = forms.CharField(label=_("Mentor code"), required=False, max_length=40)


class CommitmentFilterForm(_ProgramForm):
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Commitment.Status.choices]
    )
    mentor = forms.CharField(label=_("Mentor code"), required=False, max_length=40)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class AttendanceFilterForm(_ProgramForm):
    plan = forms.IntegerField(
        label=_("Training plan"), required=False, min_value=1, max_value=MAX_ID
    )
    session = forms.IntegerField(label=_("Session"), required=False, min_value=1, max_value=MAX_ID)


class AgreementFilterForm(_ProgramForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Agreement.Status.choices]
    )
