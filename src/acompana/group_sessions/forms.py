from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.forms import choose_latest, set_choices
from acompana.group_sessions.models import Kind, Weekday

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _mentor_label(m: Any) -> str:
    return f"{m.code} · {m.user}"


class _SessionFields(forms.Form):
    """What a session and a series share."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=120
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    facilitator = forms.TypedChoiceField(
        label=_("Facilitator"), coerce=int, required=False, empty_value=None
    )
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cohorts: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "cohort", [(c.pk, str(c)) for c in cohorts])
        choose_latest(self, "cohort")
        set_choices(self, "facilitator", [("", "—")] + [(u.pk, str(u)) for u in facilitators])


class SessionForm(_SessionFields):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    round = forms.TypedChoiceField(
        label=_("Round (for a protocol briefing)"), coerce=int, required=False, empty_value=None
    )

    field_order = ["cohort", "kind", "title", "starts_at", "duration_minutes", "mode"]

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "round", [("", "—")] + [(r.pk, f"{r} ({r.cohort})") for r in rounds])


class SeriesForm(_SessionFields):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    occurrences = forms.IntegerField(
        label=_("Number of sessions"), required=False, min_value=1, max_value=104
    )

    field_order = [
        "cohort",
        "kind",
        "title",
        "weekday",
        "time",
        "duration_minutes",
        "starts_on",
        "ends_on",
        "occurrences",
        "mode",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("ends_on") is None) == (data.get("occurrences") is None):
            raise forms.ValidationError(
                _("Give either an end date or a number of sessions, not both.")
            )
        return data


class SessionEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    facilitator = forms.TypedChoiceField(
        label=_("Facilitator"), coerce=int, required=False, empty_value=None
    )
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False, empty_value=None)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.CharField(
        label=_("Agreements reached"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    invited = forms.TypedMultipleChoiceField(
        label=_("Invited mentors"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, facilitators: Any, rounds: Any, mentors: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "facilitator", [("", "—")] + [(u.pk, str(u)) for u in facilitators])
        set_choices(self, "round", [("", "—")] + [(r.pk, str(r)) for r in rounds])
        set_choices(self, "invited", [(m.pk, _mentor_label(m)) for m in mentors])


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "present", [(m.pk, _mentor_label(m)) for m in mentors])


class CaseForm(forms.Form):
    visit = forms.TypedChoiceField(label=_("Visit to discuss"), coerce=int)

    def __init__(self, *args: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "visit",
            [
                (
                    v.pk,
                    " · ".join(
                        part
                        for part in (
                            v.mentor.code,
                            v.mentee.code,
                            v.mentee.school.name if v.mentee.school else "",
                            f"{v.scheduled_at:%Y-%m-%d}",
                            str(v.round) if v.round else "",
                        )
                        if part
                    ),
                )
                for v in visits
            ],
        )


class CancelRestForm(forms.Form):
    from_date = forms.DateField(
        label=_("Cancel the sessions from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MeetingForm(forms.Form):
    participants = forms.TypedMultipleChoiceField(
        label=_("Peers you met"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    met_on = forms.DateField(label=_("Met on"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    learnt = forms.CharField(
        label=_("What was learnt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, peers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "participants", [(m.pk, _mentor_label(m)) for m in peers])
