from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth.models import EVIDENCE_MAX, NOTE_MAX, Moment, StrandRating
from acompana.programs.models import Cohort
from acompana.visits.models import Visit


class StartForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cycle"), queryset=Cohort.objects.none())
    moment = forms.ChoiceField(label=_("Moment"), choices=Moment.choices)
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.none(),
        help_text=_(
            "The end of a cycle uses the framework of its start. Only frameworks with career "
            "stages are listed."
        ),
    )

    def __init__(self, *args: Any, cohorts: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts  # type: ignore[attr-defined]
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]


def stage_field(name: str) -> str:
    return f"stage-{name}"


def note_field(name: str) -> str:
    return f"note-{name}"


class SelfAssessmentForm(forms.Form):
    """One stage select and one optional note per strand of the framework."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        strands: list[Competency],
        stages: list[CareerStage],
        ratings: dict[int, StrandRating],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.strands = strands
        choices = [("", _("Not placed yet"))] + [(str(s.pk), s.display_name) for s in stages]
        for strand in strands:
            rating = ratings.get(strand.pk)
            self.fields[stage_field(str(strand.pk))] = forms.TypedChoiceField(
                label=f"{strand.code} {strand.display_name}",
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=rating.stage_id if rating else None,
            )
            self.fields[note_field(str(strand.pk))] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=NOTE_MAX,
                initial=rating.note if rating else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self) -> list[dict[str, Any]]:
        """The strands by domain, each with its two bound fields, for the template."""
        groups: list[dict[str, Any]] = []
        for strand in self.strands:
            if not groups or groups[-1]["domain"] != strand.domain:
                groups.append({"domain": strand.domain, "rows": []})
            groups[-1]["rows"].append(
                {
                    "strand": strand,
                    "stage": self[stage_field(str(strand.pk))],
                    "note": self[note_field(str(strand.pk))],
                }
            )
        return groups

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            s.pk: (data.get(stage_field(str(s.pk))), data.get(note_field(str(s.pk)), "").strip())
            for s in self.strands
        }


class EvidenceForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Strand"), queryset=Competency.objects.none())
    text = forms.CharField(
        label=_("Evidence"),
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you saw or heard that shows where the mentee stands on this strand."),
    )
    visit = forms.ModelChoiceField(label=_("Visit"), queryset=Visit.objects.none(), required=False)

    def __init__(self, *args: Any, strands: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = strands  # type: ignore[attr-defined]
        self.fields["visit"].queryset = visits  # type: ignore[attr-defined]
        self.fields["visit"].label_from_instance = visit_label  # type: ignore[attr-defined]


def visit_label(visit: Visit) -> str:
    return formats.date_format(timezone.localtime(visit.scheduled_at), "SHORT_DATE_FORMAT")
