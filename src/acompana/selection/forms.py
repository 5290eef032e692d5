import itertools
import os
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from acompana.common.shipped import in_reader_language
from acompana.selection.models import Application, Evidence
from acompana_core.rubrics import Rubric

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024

# Extension -> the first bytes a file of that type starts with. A DOCX is a ZIP archive.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
}


def validate_evidence(upload: UploadedFile) -> None:
    """At most 5 MB, and a PDF, JPEG, PNG or DOCX by its extension AND its first bytes."""
    name = upload.name or ""
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise forms.ValidationError(
            _("“%(name)s” is larger than 5 MB."), params={"name": name}, code="too_big"
        )
    extension = os.path.splitext(name)[1].lower()
    signatures = SIGNATURES.get(extension)
    if signatures is None:
        raise forms.ValidationError(
            _("“%(name)s”: only PDF, JPEG, PNG or DOCX files are accepted."),
            params={"name": name},
            code="type",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise forms.ValidationError(
            _("“%(name)s” is not really a %(type)s file."),
            params={"name": name, "type": extension[1:].upper()},
            code="content",
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single(item, initial) for item in files if item]
        if not cleaned and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class CallForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ChoiceField)
        cohort.choices = [(c.pk, str(c)) for c in program.cohorts.order_by("-year")]


class ApplicationForm(forms.ModelForm):
    languages_text = forms.CharField(
        label=_("Languages (separated by commas)"), max_length=200, required=False
    )
    evidence_kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    evidence_files = MultipleFileField(
        label=_("Evidence files (PDF, JPEG, PNG or DOCX, up to 5 MB each)")
    )

    class Meta:
        model = Application
        fields = [
            "highest_degree", "teaching_years", "management_years", "accompaniment_experience",
            "technical_assistance", "programs_served", "region", "motivation", "references",
        ]  # fmt: skip
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 8}),
            "references": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_languages_text(self) -> list[str]:
        text = self.cleaned_data["languages_text"]
        return [part.strip() for part in text.split(",") if part.strip()]

    def clean_evidence_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["evidence_files"]
        errors: list[forms.ValidationError] = []
        for upload in files:
            try:
                validate_evidence(upload)
            except forms.ValidationError as exc:
                errors.append(exc)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def application_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = self.cleaned_data["languages_text"]
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, rubric: Rubric, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.panel_codes = []
        for criterion in rubric.criteria:
            if criterion.kind != "panel":
                continue
            self.panel_codes.append(criterion.code)
            self.fields[f"score_{criterion.code}"] = forms.FloatField(
                label=f"{in_reader_language(criterion.label)} (0-{criterion.panel_max:g})",
                min_value=0,
                max_value=criterion.panel_max,
                required=False,
            )

    def scores(self) -> dict[str, float | None]:
        return {code: self.cleaned_data.get(f"score_{code}") for code in self.panel_codes}


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Application.Status.ADMITTED, _("Admit")),
            (Application.Status.WAITLISTED, _("Waitlist")),
            (Application.Status.DECLINED, _("Decline")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


# Editing a call's rubric ---------------------------------------------------------------------

KIND_CHOICES = [
    ("bands", _("Bands of a number")),
    ("choice", _("Points per option")),
    ("boolean", _("Yes or no")),
    ("panel", _("Panel score")),
]


def _number(text: str, where: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise forms.ValidationError(
            _("%(where)s: “%(text)s” is not a number."), params={"where": where, "text": text}
        ) from None


def _lines(text: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()
    ]


class CriterionForm(forms.Form):
    """One criterion of a rubric. Bands are written one per line as ``label | from | points``
    (each band runs up to the next one's start; the last is open-ended); options as
    ``option | points``."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Documentary criteria use the profile field's code, e.g. teaching_years."),
    )
    label = forms.CharField(label=_("Name"), max_length=120)
    weight = forms.FloatField(label=_("Weight"), min_value=0)
    kind = forms.ChoiceField(label=_("Scale"), choices=KIND_CHOICES)
    bands = forms.CharField(
        label=_("Bands: label | from | points, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    options = forms.CharField(
        label=_("Options: option | points, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    yes_points = forms.FloatField(label=_("Points for yes"), min_value=0, required=False)
    no_points = forms.FloatField(label=_("Points for no"), min_value=0, required=False)
    panel_max = forms.FloatField(label=_("Panel scale maximum"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "bands":
            data["parsed_bands"] = self._bands(data.get("bands", ""))
        elif kind == "choice":
            data["parsed_options"] = self._options(data.get("options", ""))
        elif kind == "panel" and not data.get("panel_max"):
            self.add_error("panel_max", _("A panel score needs the top of its scale."))
        return data

    def _bands(self, text: str) -> list[dict[str, Any]]:
        rows = _lines(text)
        if not rows or any(len(row) != 3 for row in rows):
            raise forms.ValidationError(_("Write each band as: label | from | points."))
        bands = [
            {
                "label": label,
                "minimum": _number(start, label),
                "maximum": None,
                "points": _number(points, label),
            }
            for label, start, points in rows
        ]
        for band, following in itertools.pairwise(bands):
            band["maximum"] = following["minimum"]
        return bands

    def _options(self, text: str) -> dict[str, float]:
        rows = _lines(text)
        if not rows or any(len(row) != 2 for row in rows):
            raise forms.ValidationError(_("Write each option as: option | points."))
        return {option: _number(points, option) for option, points in rows}

    def criterion_json(self) -> dict[str, Any]:
        """The criterion in the form ``rubric_to_json`` stores."""
        data = self.cleaned_data
        item: dict[str, Any] = {
            "code": data["code"],
            "label": data["label"],
            "weight": data["weight"],
            "kind": data["kind"],
        }
        if data["kind"] == "bands":
            item["bands"] = data["parsed_bands"]
        elif data["kind"] == "choice":
            item["options"] = data["parsed_options"]
        elif data["kind"] == "boolean":
            yes, no = data.get("yes_points"), data.get("no_points")
            item["yes_points"] = 1.0 if yes is None else yes
            item["no_points"] = 0.0 if no is None else no
        else:
            item["panel_max"] = data["panel_max"]
        return item


def criterion_initial(item: dict[str, Any]) -> dict[str, Any]:
    """The form values that show a stored criterion."""

    def number(value: Any) -> str:
        return f"{value:g}" if isinstance(value, int | float) else str(value)

    initial = {key: item.get(key) for key in ("code", "label", "weight", "kind")}
    initial["label"] = in_reader_language(item.get("label"))
    initial["bands"] = "\n".join(
        f"{in_reader_language(b['label'])} | {number(b['minimum'])} | {number(b['points'])}"
        for b in item.get("bands", [])
    )
    initial["options"] = "\n".join(
        f"{option} | {number(points)}" for option, points in item.get("options", {}).items()
    )
    initial["yes_points"] = item.get("yes_points")
    initial["no_points"] = item.get("no_points")
    initial["panel_max"] = item.get("panel_max")
    return initial


# The coordinators' list of applications -------------------------------------------------------


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Application.Status.choices]
    )
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None)
    no_management = forms.BooleanField(label=_("No management experience"), required=False)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        call = self.fields["call"]
        assert isinstance(cohort, forms.ChoiceField) and isinstance(call, forms.ChoiceField)
        cohort.choices = [("", "—"), *((c.pk, str(c)) for c in program.cohorts.order_by("-year"))]
        call.choices = [("", "—"), *((c.pk, c.title) for c in program.selection_calls.all())]
