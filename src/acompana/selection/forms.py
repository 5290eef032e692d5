import os
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

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
            "motivation": forms.Textarea(attrs={"rows": 5}),
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
                label=f"{criterion.label} (0-{criterion.panel_max:g})",
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
