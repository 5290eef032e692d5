from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.forms import choose_latest, id_list, set_choices
from acompana.group_sessions.models import Kind, Weekday
from acompana.group_sessions.selectors import SHEET_MAX_POSTED

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
    """One page of a session's attendance: ``mentors`` are the mentors the page showed (ids,
    comma-separated), ``present`` those ticked, ``was_present`` and ``was_absent`` those the
    page showed as present and absent (the others were not taken yet), to refuse a page that
    someone else recorded meanwhile. A post without ``mentors`` records the whole session."""

    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    mentors = forms.CharField(required=False, widget=forms.HiddenInput)
    was_present = forms.CharField(required=False, widget=forms.HiddenInput)
    was_absent = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the mentors the post names (the service checks they are invited)
        if "mentors" in self.data:
            ids = id_list(self.data.get("mentors", ""), limit=SHEET_MAX_POSTED) or []
        else:
            posted = self.data.getlist("present") if hasattr(self.data, "getlist") else []
            ids = [int(v) for v in posted if str(v).isascii() and str(v).isdigit()]
        set_choices(self, "present", [(pk, str(pk)) for pk in ids])

    def _ids(self, name: str) -> list[int]:
        ids = id_list(self.cleaned_data.get(name, ""), limit=SHEET_MAX_POSTED)
        if ids is None:
            raise forms.ValidationError(_("The list of mentors is not valid."))
        return ids

    def clean_mentors(self) -> list[int] | None:
        return self._ids("mentors") if "mentors" in self.data else None

    def clean_was_present(self) -> list[int]:
        return self._ids("was_present")

    def clean_was_absent(self) -> list[int]:
        return self._ids("was_absent")

    def shown(self) -> dict[int, bool | None] | None:
        """What the page showed for each of its mentors, or None for a post without
        ``mentors``."""
        data = self.cleaned_data
        if data.get("mentors") is None:
            return None
        shown: dict[int, bool | None] = dict.fromkeys(data["mentors"])
        shown.update(dict.fromkeys(data["was_present"], True))
        shown.update(dict.fromkeys(data["was_absent"], False))
        return shown


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
