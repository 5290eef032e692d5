import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acompana.surveys.models import Distribution, Question, Questionnaire, likert_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionnaireForm(forms.Form):
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_es = forms.CharField(
        label=_("Description (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text_es = forms.CharField(label=_("Question (Spanish)"), max_length=500, required=False)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    min_value = forms.DecimalField(
        label=_("Minimum (numbers)"), required=False, max_digits=9, decimal_places=2
    )
    max_value = forms.DecimalField(
        label=_("Maximum (numbers)"), required=False, max_digits=9, decimal_places=2
    )
    options = forms.CharField(
        label=_("Options (choices): one a line, Spanish | English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text_es": question.text_es,
            "text_en": question.text_en,
            "required": question.required,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "options": "\n".join(f"{o.text_es} | {o.text_en}" for o in question.options.all()),
        }

    def parsed_options(self) -> list[tuple[str, str]]:
        options = []
        for line in self.cleaned_data.get("options", "").splitlines():
            es, _sep, en = line.partition("|")
            if es.strip() or en.strip():
                options.append((es.strip(), en.strip()))
        return options


class DistributionForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    role = forms.ChoiceField(
        label=_("Send to"), choices=[(r.value, r.label) for r in Distribution.ROLES]
    )
    trigger = forms.ChoiceField(label=_("When"), choices=Distribution.Trigger.choices)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def __init__(self, *args: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All cohorts"))] + [
            (c.pk, f"{c} · {c.get_modality_display()}") for c in cohorts
        ]
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + datetime.timedelta(days=14)


def answer_form_class(questionnaire: Questionnaire) -> type[forms.Form]:
    """A form with one field ``q_<id>`` per question, in order, labelled in the active
    language. The service validates again; the form only shapes the input."""
    fields: dict[str, forms.Field] = {}
    for question in questionnaire.questions.all():
        label = question.text
        required = question.required
        field: forms.Field
        if question.kind == Question.Kind.LIKERT:
            field = forms.TypedChoiceField(
                choices=likert_choices(), coerce=int, widget=forms.RadioSelect
            )
        elif question.kind == Question.Kind.SINGLE:
            field = forms.TypedChoiceField(
                choices=[(o.pk, o.text) for o in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
            )
        elif question.kind == Question.Kind.MULTIPLE:
            field = forms.TypedMultipleChoiceField(
                choices=[(o.pk, o.text) for o in question.options.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
            )
        elif question.kind == Question.Kind.NUMBER:
            field = forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=9,
                decimal_places=2,
            )
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
        field.label = label
        field.required = required
        if question.kind in {Question.Kind.NUMBER, Question.Kind.TEXT}:
            field.widget.attrs["aria-label"] = label
        fields[f"q_{question.pk}"] = field

    def answers(self: forms.Form) -> dict[str, Any]:
        return {name[2:]: value for name, value in self.cleaned_data.items()}

    def add_service_errors(self: forms.Form, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            name = f"q_{key}"
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    return type(
        "AnswerForm",
        (forms.Form,),
        {**fields, "answers": answers, "add_service_errors": add_service_errors},
    )
