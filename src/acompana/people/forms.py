from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from acompana.people.models import MenteeProfile

EXPERIENCE_CHOICES = [
    ("", _("Any experience")),
    ("novice", _("Novice (first program)")),
    ("experienced", _("Experienced (two or more programs)")),
    ("management", _("Has held a management position")),
    ("no_management", _("No management experience")),
]
IMPORT_KINDS = [("mentors", _("Mentors")), ("mentees", _("Mentees")), ("schools", _("Schools"))]


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        region, cohort = self.fields["region"], self.fields["cohort"]
        assert isinstance(region, forms.ChoiceField) and isinstance(cohort, forms.ChoiceField)
        region.choices = [("", _("All regions"))] + [(r.pk, r.name) for r in program.regions.all()]
        cohort.choices = [("", _("All cohorts"))] + [(c.pk, str(c)) for c in program.cohorts.all()]


DECLARED = "declared"


class AsOfCohortForm(forms.Form):
    """Table 3 as of a cohort (the programs each mentor had served in that cohort's year): by
    default the program's latest cohort, or the numbers declared at entry."""

    cohort = forms.ChoiceField(label=_("Programs served as of"), required=False)

    def __init__(self, *args, program, latest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohorts = {c.pk: c for c in program.cohorts.all()}
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ChoiceField)
        default = (
            _("The latest cohort (%(cohort)s)") % {"cohort": latest}
            if latest is not None
            else _("Declared at entry (no cohorts yet)")
        )
        cohort.choices = [("", default), (DECLARED, _("Declared at entry"))] + [
            (str(pk), str(c)) for pk, c in self.cohorts.items()
        ]

    def as_of(self):
        """(cohort, declared): the cohort chosen (None: the latest) or the declared numbers;
        an unknown choice shows the default."""
        value = self.cleaned_data.get("cohort", "") if self.is_valid() else ""
        if value == DECLARED:
            return None, True
        return (self.cohorts.get(int(value)) if value else None), False


class MentorFilterForm(PeopleFilterForm):
    experience = forms.ChoiceField(
        label=_("Experience"), required=False, choices=EXPERIENCE_CHOICES
    )


class MenteeFilterForm(PeopleFilterForm):
    position = forms.ChoiceField(
        label=_("Position"),
        required=False,
        choices=[("", _("Any position")), *MenteeProfile.Position.choices],
    )
    waiting = forms.BooleanField(
        label=_("Only those waiting for a mentor"),
        required=False,
        help_text=_("In a cohort and without a current partnership."),
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=IMPORT_KINDS)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_FILE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; one import reads at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload
