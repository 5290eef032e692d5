from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.journal.models import TEXT_MAX, TITLE_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VISIT_CHOICES = 100  # the latest visits offered for linking (plus the one already linked)


class EntryForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("What happened, what you noticed, what you will try"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    strand = forms.TypedChoiceField(label=_("Strand"), coerce=int, required=False, empty_value=None)
    visit = forms.TypedChoiceField(label=_("Visit"), coerce=int, required=False, empty_value=None)
    circle_meeting = forms.TypedChoiceField(
        label=_("Circle meeting"), coerce=int, required=False, empty_value=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, strands: Any, visits: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strand, visit = self.fields["strand"], self.fields["visit"]
        meeting = self.fields["circle_meeting"]
        assert isinstance(strand, forms.ChoiceField) and isinstance(visit, forms.ChoiceField)
        assert isinstance(meeting, forms.ChoiceField)
        meeting.choices = [("", _("(none)"))] + [
            (m.pk, f"{m.starts_at:%Y-%m-%d} · {m.circle.name}") for m in meetings
        ]
        if not meeting.choices[1:]:
            del self.fields["circle_meeting"]
        strand.choices = [("", _("(none)"))] + [(c.pk, str(c)) for c in strands]
        visit.choices = [("", _("(none)"))] + [
            (v.pk, f"{v.scheduled_at:%Y-%m-%d} · {v.mentor.user}") for v in visits
        ]
        if not strand.choices[1:]:
            del self.fields["strand"]
        if not visit.choices[1:]:
            del self.fields["visit"]
