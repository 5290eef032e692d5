"""Forms of the circle pages: a circle, a meeting to plan, a meeting's record (attendance,
shared record, commitments, my private note), a goal and a progress update."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.circles.models import Circle, Kind, Meeting
from acompana.circles.services import MAX_TEXT
from acompana.common.choices import MeetingMode

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COMMITMENT_ROWS = 3  # blank commitment rows on the record form


def _person(profile: Any) -> str:
    return f"{profile.code} · {profile.user}"


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    cohort: Any = forms.ModelChoiceField(label=_("Cohort"), queryset=None)
    mentor: Any = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=None,
        required=False,
        help_text=_("Only for a mentoring circle."),
    )
    mentees: Any = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Mentoring circle: 3 to 8 teachers; peer circle: 3 to 10; reciprocal coaching: 2."
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Circle.Status.choices)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, cohorts: Any, mentors: Any, mentees: Any, editing: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["cohort"].queryset = cohorts
        fields["mentor"].queryset = mentors
        fields["mentor"].label_from_instance = _person
        fields["mentees"].queryset = mentees
        fields["mentees"].label_from_instance = _person
        if editing:
            del self.fields["kind"], self.fields["cohort"]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=90
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    facilitator: Any = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=None,
        required=False,
        help_text=_("The member whose turn it is to facilitate."),
    )

    def __init__(self, *args: Any, circle: Circle, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if circle.kind == Kind.MENTORING:
            del self.fields["facilitator"]
        else:
            field: Any = self.fields["facilitator"]
            field.queryset = members
            field.label_from_instance = _person
            field.required = True


class RecordForm(forms.Form):
    """The shared record of a meeting, attendance and new commitments, all saved together."""

    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=1440,
        help_text=_("How long the meeting lasted: its hours count for each member present."),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        required=False,
        help_text=_("Only when the meeting was cancelled."),
    )
    present: Any = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Seen by the members, the mentor, the coordinators and the specialist."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    agreed = forms.CharField(
        label=_("What was agreed"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        field.queryset = members
        field.label_from_instance = _person
        for i in range(COMMITMENT_ROWS):
            who = forms.ModelChoiceField(
                label=_("Commitment %(n)d: member") % {"n": i + 1},
                queryset=members,
                required=False,
            )
            who.label_from_instance = _person  # type: ignore[method-assign,assignment]
            self.fields[f"c{i}_mentee"] = who
            self.fields[f"c{i}_text"] = forms.CharField(
                label=_("Commitment %(n)d") % {"n": i + 1}, max_length=500, required=False
            )
            self.fields[f"c{i}_due_on"] = forms.DateField(
                label=_("Commitment %(n)d: due on") % {"n": i + 1},
                required=False,
                widget=DATE_WIDGET,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(COMMITMENT_ROWS):
            who, text = data.get(f"c{i}_mentee"), (data.get(f"c{i}_text") or "").strip()
            if bool(who) != bool(text):
                self.add_error(f"c{i}_text", _("Give both the member and the commitment."))
        return data

    def commitments(self) -> list[tuple[int, str, Any]]:
        data = self.cleaned_data
        return [
            (data[f"c{i}_mentee"].pk, data[f"c{i}_text"], data[f"c{i}_due_on"])
            for i in range(COMMITMENT_ROWS)
            if data.get(f"c{i}_mentee") and data.get(f"c{i}_text")
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("My private note"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Only you see it: not the other members, the mentor or the coordinators."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=255)
    success_criteria = forms.CharField(
        label=_("Success criteria"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competency: Any = forms.ModelChoiceField(label=_("Strand"), queryset=None, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, strands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["competency"]
        field.queryset = strands


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("done", _("Done")), ("dropped", _("Dropped")), ("open", _("Open"))]
    )
