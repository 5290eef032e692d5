from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from acompana.costs.models import BudgetCategory, ExpenseCategory, TimeCategory
from acompana.costs.receipts import validate_receipt

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VISIT_CHOICES = 100  # the latest visits offered for linking (plus the one already linked)


class TimeLogForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=TimeCategory.choices)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("24"),
    )
    visit = forms.TypedChoiceField(label=_("Visit"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["visit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("(none)"))] + [
            (v.pk, f"{v.scheduled_at:%Y-%m-%d} · {v.mentee.code} · {v.mentee.user}") for v in visits
        ]


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=ExpenseCategory.choices)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    description = forms.CharField(label=_("Description"), max_length=500)
    receipt = forms.FileField(
        label=_("Receipt (PDF, JPEG or PNG, up to 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_receipt(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("receipt")
        if not upload:
            return None
        validate_receipt(upload)
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason (required to reject)"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CurrencyForm(forms.Form):
    currency = forms.CharField(label=_("Currency (ISO 4217)"), min_length=3, max_length=3)


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        cohort = self.fields["cohort"]
        assert isinstance(year, forms.ChoiceField) and isinstance(cohort, forms.ChoiceField)
        year.choices = [(y, str(y)) for y in reversed(years)]
        cohort.choices = [("", _("All cohorts"))] + [(c.pk, str(c)) for c in cohorts]


class TeacherRateForm(forms.Form):
    rate = forms.DecimalField(
        label=_("Teacher hour rate"),
        help_text=_("What an hour of a teacher's protected time is valued at in the cost report."),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
    )


class TermForm(forms.Form):
    start = forms.DateField(label=_("Term starts"), widget=DATE)
    end = forms.DateField(label=_("Term ends"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366):
            raise forms.ValidationError(
                _("Choose a term of at most a year that ends after it starts.")
            )
        return data


class ProtectedTimeForm(forms.Form):
    teacher = forms.ChoiceField(label=_("Teacher"))
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        help_text=_("Either hours per week or a total for the term."),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
    )
    total_hours = forms.DecimalField(
        label=_("Total hours in the term"),
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("2000"),
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teacher"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "")] + [
            (t.code, f"{t.user} · {t.school.name}" if t.school else str(t.user)) for t in teachers
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weekly, total = data.get("hours_per_week"), data.get("total_hours")
        if (weekly is None) == (total is None) and not self.has_error("hours_per_week"):
            self.add_error(
                "hours_per_week", _("Give either hours per week or a total for the term.")
            )
        return data
