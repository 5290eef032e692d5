from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.meetings import Platform, validate_join_url
from acompana.visits.models import (
    AccompanimentObservation,
    Commitment,
    Dialogue,
    FieldNote,
    Instrument,
    StatusChange,
    Visit,
)
from acompana.visits.selectors import low_connectivity
from acompana.visits.services import DIALOGUE_FIELDS, NOTE_FIELDS


class ScheduleForm(forms.Form):
    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=int)
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False, empty_value=None)
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    place = forms.CharField(label=_("Place or link"), required=False, max_length=300)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=600, initial=90
    )
    # A visit held at a distance (common.meetings): shown to the pair and staff only.
    meeting_platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", "—"), *Platform.choices], required=False
    )
    join_url = forms.URLField(
        label=_("Join link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_join_url],
        help_text=_("The https address participants open to join."),
    )
    passcode = forms.CharField(label=_("Passcode"), required=False, max_length=100)

    MEETING = ("meeting_platform", "join_url", "passcode")

    def __init__(self, *args, partners, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        mentee, round_ = self.fields["mentee"], self.fields["round"]
        assert isinstance(mentee, forms.ChoiceField) and isinstance(round_, forms.ChoiceField)
        mentee.choices = [(m.pk, f"{m.code} · {m.user}") for m in partners]
        round_.choices = [("", _("No round"))] + [(r.pk, str(r)) for r in rounds]
        # Low-bandwidth alternatives: a mentee with low or no connectivity is offered a
        # phone call by default (messaging is the other choice).
        low = [m for m in partners if low_connectivity(m)]
        chosen = [m for m in partners if str(m.pk) == str(self.initial.get("mentee", ""))]
        first = (chosen or partners)[0] if (chosen or len(partners) == 1) else None
        if not self.is_bound and first is not None and low_connectivity(first):
            self.initial.setdefault("mode", MeetingMode.PHONE)
        if low:
            self.fields["mode"].help_text = _(
                "Low connectivity: %(codes)s. A phone call or messaging may work better."
            ) % {"codes": ", ".join(m.code for m in low[:20])}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Visit.Status.choices)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *StatusChange.Reason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    new_time = forms.DateTimeField(
        label=_("New date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class _Versioned(forms.ModelForm):
    """The version the texts were read at: a save over a change made since is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _texts_form(model: type[Model], fields: tuple[str, ...]) -> type[forms.ModelForm]:
    """The form of a visit's texts written on a phone: a big area for each, and its version."""
    areas: dict[str, type[forms.Widget] | forms.Widget] = {
        name: forms.Textarea(attrs={"rows": 8}) for name in fields
    }
    return forms.modelform_factory(model, form=_Versioned, fields=fields, widgets=areas)


NotebookForm = _texts_form(FieldNote, NOTE_FIELDS)
DialogueForm = _texts_form(Dialogue, DIALOGUE_FIELDS)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}


class ObservationForm(forms.ModelForm):
    class Meta:
        model = AccompanimentObservation
        fields = ["did_well", "advice_recording", "advice_questions", "agreements"]
        widgets = {f: forms.Textarea(attrs={"rows": 8}) for f in fields}


class DiagnosisForm(forms.Form):
    made_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    strengths: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Strengths"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Needs"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("strengths", "needs"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = competencies


class RoundForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    protocol = forms.TypedChoiceField(
        label=_("Protocol"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, program: Any, protocols: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort, protocol = self.fields["cohort"], self.fields["protocol"]
        assert isinstance(cohort, forms.ChoiceField) and isinstance(protocol, forms.ChoiceField)
        cohort.choices = [(c.pk, str(c)) for c in program.cohorts.order_by("-year")]
        protocol.choices = [("", "—")] + [(p.pk, str(p)) for p in protocols]


class ProtocolForm(forms.Form):
    """One step per line: "Title | guidance" (the guidance is optional)."""

    steps = forms.CharField(
        label=_("Steps, one per line: title | guidance"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def clean_steps(self) -> list[tuple[str, str]]:
        steps = []
        for line in self.cleaned_data["steps"].splitlines():
            if not line.strip():
                continue
            title, _sep, guidance = line.partition("|")
            if not title.strip():
                raise forms.ValidationError(_("Each step needs a title before the “|”."))
            steps.append((title.strip()[:200], guidance.strip()))
        if not steps:
            raise forms.ValidationError(_("A protocol needs at least one step."))
        return steps


class InstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument.Kind.choices)
    levels = forms.CharField(
        label=_("Levels of a rubric, lowest first, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    items = forms.CharField(
        label=_("Items, one per line: code | title | descriptor of each level separated by ;"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_levels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["levels"].splitlines() if line.strip()]

    def clean_items(self) -> list[tuple[str, str, list[str]]]:
        items = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("“%(line)s”: write the code and the title separated by “|”.")
                    % {"line": line.strip()}
                )
            descriptors = [d.strip() for d in parts[2].split(";")] if len(parts) > 2 else []
            items.append((parts[0][:20], parts[1][:300], descriptors))
        return items


class OverdueFilterForm(forms.Form):
    """The filters of the overdue commitments list (coordinators and specialists)."""

    mentor = forms.CharField(label=_("Mentor's code"), required=False, max_length=40)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("All regions"))] + [(r.pk, r.name) for r in program.regions.all()]

    def filters(self) -> dict[str, Any]:
        """The valid filters, as keyword arguments of ``commitment_list_overdue``."""
        if not self.is_valid():
            return {}
        return {
            "mentor_code": self.cleaned_data["mentor"].strip(),
            "region": self.cleaned_data["region"],
        }
