from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acompana.agreements.models import (
    AgreementTemplate,
    AgreementVersion,
    PartnershipChange,
    Party,
)
from acompana.common.choices import MeetingMode

TEXTAREA = forms.Textarea(attrs={"rows": 8})


class AgreementTextsForm(forms.Form):
    """The texts of a template or of an agreement version."""

    mentor_duties = forms.CharField(
        label=AgreementVersion._meta.get_field("mentor_duties").verbose_name, widget=TEXTAREA
    )
    mentee_duties = forms.CharField(
        label=AgreementVersion._meta.get_field("mentee_duties").verbose_name, widget=TEXTAREA
    )
    leadership_duties = forms.CharField(
        label=AgreementVersion._meta.get_field("leadership_duties").verbose_name, widget=TEXTAREA
    )
    cadence = forms.CharField(label=_("Meeting cadence"), max_length=255)
    modes = forms.MultipleChoiceField(
        label=_("Meeting modes"),
        choices=MeetingMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    confidentiality = forms.CharField(label=_("Confidentiality terms"), widget=TEXTAREA)


class TemplateForm(AgreementTextsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    # When the edited template was last saved: a save from an older form is refused.
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["name", "language"]

    @classmethod
    def initial_from(cls, template: AgreementTemplate) -> dict[str, Any]:
        initial = {name: getattr(template, name) for name in cls.base_fields if name != "stamp"}
        return {**initial, "stamp": template_stamp(template)}


def template_stamp(template: AgreementTemplate) -> str:
    return template.updated_at.isoformat()


class IssueForm(forms.Form):
    partnership = forms.TypedChoiceField(label=_("Mentor and mentee"), coerce=int)
    template = forms.TypedChoiceField(label=_("Template"), coerce=int)
    issue = forms.BooleanField(
        label=_("Issue now and ask the three parties to acknowledge it"),
        required=False,
        initial=True,
        help_text=_("Leave unticked to keep it as a draft you can still edit."),
    )

    def __init__(self, *args: Any, partnerships: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partnership"]).choices = [
            (p.pk, f"{p.mentor.code} {p.mentor.user} → {p.mentee.code} {p.mentee.user}")
            for p in partnerships
        ]
        cast(forms.ChoiceField, self.fields["template"]).choices = [
            (t.pk, t.name) for t in templates
        ]


class VersionForm(AgreementTextsForm):
    """Renegotiation: the texts of a new version, from the current one."""

    change_note = forms.CharField(
        label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    issue = forms.BooleanField(
        label=_("Issue now and ask the three parties to acknowledge it"),
        required=False,
        initial=True,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class AcknowledgeForm(forms.Form):
    party = forms.ChoiceField(choices=Party.choices, widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.HiddenInput)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=255)
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    success_criteria = forms.CharField(
        label=_("Success criteria"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["competency"]).choices = [("", "—")] + [
            (c.pk, f"{c.code} · {c.name}") for c in competencies
        ]


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recorded_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=PartnershipChange.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(
        label=_("Effective on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    new_mentor = forms.TypedChoiceField(
        label=_("New mentor (to reassign)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["new_mentor"]).choices = [("", "—")] + [
            (m.pk, f"{m.code} · {m.user}") for m in mentors
        ]


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from acompana.agreements.models import Agreement

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            *list(Agreement.Status.choices),
        ]
