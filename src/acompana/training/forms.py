from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.forms import choose_latest, id_list, set_choices
from acompana.training.models import Discipline, TrainingSession
from acompana.training.selectors import SHEET_MAX_POSTED

SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class PlanForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    induction = forms.BooleanField(label=_("Induction"), required=False, initial=True)
    days_before_field_work = forms.IntegerField(
        label=_("Days before field work"), min_value=0, max_value=365, initial=14
    )

    def __init__(self, *args: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "cohort", [(c.pk, str(c)) for c in cohorts])
        choose_latest(self, "cohort")


class SessionForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Plan"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    module = forms.ChoiceField(label=_("Module"), choices=TrainingSession.Module.choices)
    modality = forms.ChoiceField(label=_("Modality"), choices=TrainingSession.Modality.choices)
    track = forms.ChoiceField(label=_("Track"), choices=TrainingSession.Track.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=1440, initial=180
    )
    trainer = forms.TypedChoiceField(
        label=_("Trainer"), coerce=int, required=False, empty_value=None
    )
    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, plans: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "plan", [(p.pk, str(p)) for p in plans])
        choose_latest(self, "plan")
        set_choices(self, "trainer", [("", "—")] + [(u.pk, str(u)) for u in trainers])


class AttendanceForm(forms.Form):
    """One page of the attendance sheet: ``mentors`` are the mentors the page showed (ids,
    comma-separated), ``present`` those ticked, ``version`` the session's attendance version
    when the page was drawn. A post without ``mentors`` records the whole session."""

    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    mentors = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mentors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mentors is None:  # bound to a post: the mentors it names (the service checks them)
            if "mentors" in self.data:
                ids = _ids(self.data.get("mentors", "")) or []
            else:
                posted = self.data.getlist("present") if hasattr(self.data, "getlist") else []
                ids = [int(v) for v in posted if str(v).isascii() and str(v).isdigit()]
            set_choices(self, "present", [(pk, str(pk)) for pk in ids])
        else:
            set_choices(self, "present", [(m.pk, f"{m.code} · {m.user}") for m in mentors])

    def clean_mentors(self) -> list[int] | None:
        if "mentors" not in self.data:
            return None
        ids = _ids(self.cleaned_data.get("mentors", ""))
        if ids is None:
            raise forms.ValidationError(_("The list of mentors is not valid."))
        return ids


def _ids(text: str) -> list[int] | None:
    """The ids of a comma-separated list (at most SHEET_MAX_POSTED), or None if not one."""
    return id_list(text, limit=SHEET_MAX_POSTED)


class MarkAllPresentForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class GroupsForm(forms.Form):
    min_size = forms.IntegerField(label=_("Smallest group"), min_value=1, max_value=50, initial=4)
    max_size = forms.IntegerField(label=_("Largest group"), min_value=1, max_value=50, initial=6)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and high < low:
            raise forms.ValidationError(_("The largest group cannot be smaller than the smallest."))
        return data


class MoveForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Mentor"), coerce=int)
    group = forms.IntegerField(label=_("To group (number)"), min_value=1, max_value=32767)

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "member", [(m.pk, f"{m.code} · {m.user}") for m in mentors])


class FeedbackForm(forms.Form):
    clarity = forms.TypedChoiceField(label=_("Clarity"), choices=SCORE_CHOICES, coerce=int)
    usefulness = forms.TypedChoiceField(label=_("Usefulness"), choices=SCORE_CHOICES, coerce=int)
    pace = forms.TypedChoiceField(label=_("Pace"), choices=SCORE_CHOICES, coerce=int)
    participation = forms.TypedChoiceField(
        label=_("Participation"), choices=SCORE_CHOICES, coerce=int
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReadinessSignForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.IntegerField(widget=forms.HiddenInput)
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=2000)


class BuddyMeetingForm(forms.Form):
    pair = forms.TypedChoiceField(label=_("Buddy pair"), coerce=int)
    met_on = forms.DateField(label=_("Met on"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=30
    )
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "pair", [(p.pk, str(p)) for p in pairs])


class ReadinessItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)


class ReadinessModulesForm(forms.Form):
    modules = forms.MultipleChoiceField(
        label=_("Signed from the attendance of"),
        help_text=_(
            "Signed automatically for a mentor present at every induction session of these "
            "modules. None: signed by a trainer or coordinator."
        ),
        choices=TrainingSession.Module.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReadinessGateForm(forms.Form):
    readiness_gate = forms.BooleanField(required=False)


class SpecialistAssignForm(forms.Form):
    specialist = forms.TypedChoiceField(label=_("Specialist"), coerce=int)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)
    discipline = forms.ChoiceField(label=_("Discipline"), choices=Discipline.choices)
    other = forms.CharField(
        label=_("Other discipline"),
        required=False,
        max_length=100,
        help_text=_("Only when the discipline is “Other”."),
    )

    def __init__(self, *args: Any, specialists: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "specialist", [(u.pk, str(u)) for u in specialists])
        set_choices(self, "mentor", [(m.pk, f"{m.code} · {m.user}") for m in mentors])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("discipline") == Discipline.OTHER:
            if not data.get("other", "").strip():
                self.add_error("other", _("Say which discipline."))
            else:
                data["discipline"] = data["other"].strip()
        return data
