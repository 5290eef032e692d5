"""Forms of the research pages. Choices are filled by the views from permission-checked reads."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acompana.common.forms import set_choices
from acompana.research.models import Code, Document, Interview, Variable
from acompana.research.templatetags.research_tags import attribute_label

COLOR = r"^#[0-9A-Fa-f]{6}$"


def _optional(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", "—"), *choices]


class SeenField(forms.DateTimeField):
    """When the record was last saved as the editor saw it (``updated_at``, ISO format), for
    the optimistic check that stops two editors overwriting each other."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.datetime) else value

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise forms.ValidationError(_("Reload the page and try again.")) from None


class StudyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    questions = forms.CharField(
        label=_("Research questions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    method = forms.CharField(
        label=_("Method"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ethics_reference = forms.CharField(
        label=_("Ethics approval reference"), max_length=200, required=False
    )
    consent_text = forms.CharField(
        label=_("Consent text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StudyCreateForm(StudyForm):
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=80,
        help_text=_("Letters, numbers and hyphens, e.g. formacion-mentores."),
    )
    with_demo_codebook = forms.BooleanField(
        label=_("Start from the demo codebook (Table 2 of the Peru study)"), required=False
    )
    enrol_mentors = forms.BooleanField(
        label=_("Enrol the program's mentors as participants by their codes"), required=False
    )


class MemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Researcher"), coerce=int)
    code_name = forms.CharField(
        label=_("Coder code name"), max_length=40, help_text=_("e.g. R2; shown in exports.")
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [(u.pk, str(u)) for u in users])


class ParticipantEnrolForm(forms.Form):
    code_name = forms.CharField(label=_("Code name"), max_length=40)
    consent_date = forms.DateField(
        label=_("Consent date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_version = forms.CharField(label=_("Consent version"), max_length=40, required=False)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int, required=False, empty_value=None)
    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, mentors: Any = None, mentees: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Who the person is may only be chosen by someone allowed to see identities.
        if mentors is None:
            del self.fields["mentor"]
            del self.fields["mentee"]
        else:
            set_choices(
                self, "mentor", _optional([(m.pk, f"{m.code} · {m.user}") for m in mentors])
            )
            set_choices(
                self, "mentee", _optional([(m.pk, f"{m.code} · {m.user}") for m in mentees])
            )


class ParticipantForm(forms.Form):
    """Code name, consent and one field per study attribute, typed by the attribute."""

    code_name = forms.CharField(label=_("Code name"), max_length=40)
    consent_date = forms.DateField(
        label=_("Consent date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_version = forms.CharField(label=_("Consent version"), max_length=40, required=False)
    seen = SeenField()

    def __init__(self, *args: Any, variables: list[Variable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.variables = variables
        for i, variable in enumerate(variables):
            self.fields[f"attr_{i}"] = self._field(variable)

    @staticmethod
    def _field(variable: Variable) -> forms.Field:
        label = attribute_label(variable.name)
        if variable.type == Variable.Type.BOOLEAN:
            return forms.NullBooleanField(
                label=label,
                required=False,
                widget=forms.Select(
                    choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]
                ),
            )
        if variable.type == Variable.Type.INTEGER:
            return forms.IntegerField(label=label, required=False)
        if variable.type == Variable.Type.FLOAT:
            return forms.FloatField(label=label, required=False)
        if variable.type == Variable.Type.DATE:
            return forms.DateField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        return forms.CharField(label=label, required=False, max_length=500)

    def attributes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, variable in enumerate(self.variables):
            value = self.cleaned_data.get(f"attr_{i}")
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            out[variable.name] = value
        return out


def parse_sections(text: str) -> list[dict[str, Any]]:
    """Sections from plain text: a line starting with ``#`` opens a section, every other
    non-empty line is an open question of the current section."""
    sections: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            sections.append({"title": line.lstrip("#").strip(), "questions": []})
        else:
            if not sections:
                sections.append({"title": "", "questions": []})
            sections[-1]["questions"].append(line)
    return sections


def format_sections(sections: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for section in sections:
        lines.append(f"# {section.get('title', '')}")
        lines.extend(str(q) for q in section.get("questions", []))
        lines.append("")
    return "\n".join(lines).strip()


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    sections = forms.CharField(
        label=_("Sections and questions"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Start each section with a line beginning with #; write one open question a line."
        ),
    )
    seen = SeenField()

    def clean_sections(self) -> list[dict[str, Any]]:
        sections = parse_sections(self.cleaned_data["sections"])
        if not any(s["questions"] for s in sections):
            raise forms.ValidationError(_("Write at least one question."))
        return sections


class InterviewForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("Participant"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=Interview.Mode.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, required=False
    )
    interviewer = forms.TypedChoiceField(
        label=_("Interviewer"), coerce=int, required=False, empty_value=None
    )
    guide = forms.TypedChoiceField(label=_("Guide"), coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, participants: Any, members: Any, guides: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "participant", [(p.pk, p.code_name) for p in participants])
        set_choices(self, "interviewer", _optional([(m.pk, m.code_name) for m in members]))
        set_choices(self, "guide", _optional([(g.pk, g.title) for g in guides]))


class _DocumentFields(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.TRANSCRIPT
    )
    participant = forms.TypedChoiceField(
        label=_("Participant"), coerce=int, required=False, empty_value=None
    )
    interview = forms.TypedChoiceField(
        label=_("Interview"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, participants: Any, interviews: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "participant", _optional([(p.pk, p.code_name) for p in participants]))
        set_choices(
            self,
            "interview",
            _optional([(i.pk, f"{i.participant.code_name} · {i.held_on}") for i in interviews]),
        )


class DocumentUploadForm(_DocumentFields):
    upload = forms.FileField(label=_("File (TXT or DOCX)"))
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("The file name if empty.")
    )


class DocumentTypeForm(_DocumentFields):
    name = forms.CharField(label=_("Name"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))


class VisitDocumentForm(forms.Form):
    visit = forms.TypedChoiceField(label=_("Visit"), coerce=int)
    part = forms.ChoiceField(
        label=_("Part"),
        choices=[("notebook", _("Field notebook entry")), ("dialogue", _("Reflective dialogue"))],
    )

    def __init__(self, *args: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Visits are named by date and code names only: never by who took part.
        set_choices(
            self,
            "visit",
            [
                (v.pk, f"{v.scheduled_at:%Y-%m-%d} · {v.mentor.code} → {v.mentee.code}")
                for v in visits
            ],
        )


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.TypedChoiceField(label=_("Inside"), coerce=int, required=False, empty_value=None)
    is_codable = forms.BooleanField(
        label=_("Codable (leave unticked for a category)"), required=False, initial=True
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=Code.Origin.choices)
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    color = forms.RegexField(
        label=_("Colour"),
        regex=COLOR,
        initial="#4A6FA5",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    seen = SeenField()

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "parent", _optional(tree_choices(codes)))


def tree_choices(rows: Any) -> list[tuple[int, str]]:
    """(pk, indented name) for a ``code_tree`` list."""
    return [(row.code.pk, "— " * row.depth + row.code.name) for row in rows]


class CodeMoveForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Move inside"), coerce=int, required=False, empty_value=None
    )
    position = forms.IntegerField(
        label=pgettext_lazy("order among codes", "Position"), min_value=0, required=False
    )

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "parent", [("", _("(top level)")), *tree_choices(codes)])


class CodeMergeForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "target", tree_choices(codes))


class CodeSplitForm(forms.Form):
    new_name = forms.CharField(label=_("Name of the new code"), max_length=200)
    segments = forms.TypedMultipleChoiceField(
        label=_("Segments that move to it"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, segments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["segments"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(s.pk, f"{s.document.name}: “{s.passage[:80]}”") for s in segments]


class CodingForm(forms.Form):
    """The passage to code and the codes to apply.

    With JavaScript the selection's offsets arrive in ``start``/``end`` with
    ``offset_unit=utf16``. Without it, the person quotes the passage exactly (and says which
    occurrence when it appears more than once) or types code point positions.
    """

    codes = forms.TypedMultipleChoiceField(
        label=_("Codes to apply"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    quote = forms.CharField(
        label=_("Passage, copied exactly from the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    occurrence = forms.IntegerField(
        label=_("Occurrence"),
        min_value=1,
        initial=1,
        required=False,
        help_text=_("When the passage appears more than once: 1 for the first, 2 for the second."),
    )
    start = forms.IntegerField(label=_("Start"), min_value=0, required=False)
    end = forms.IntegerField(label=_("End"), min_value=0, required=False)
    offset_unit = forms.ChoiceField(
        choices=[("code_points", "code_points"), ("utf16", "utf16")],
        required=False,
        widget=forms.HiddenInput,
        initial="code_points",
    )

    def __init__(self, *args: Any, codes: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        field = self.fields["codes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(row.code.pk, row.code.name) for row in codes if row.code.is_codable]

    def clean(self) -> dict[str, Any]:
        from acompana_core.qualitative import utf16_to_code_points

        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        quote = data.get("quote") or ""
        if start is not None and end is not None:
            if data.get("offset_unit") == "utf16":
                try:
                    start = utf16_to_code_points(self.text, start)
                    end = utf16_to_code_points(self.text, end)
                except ValueError as exc:
                    raise forms.ValidationError(
                        _("The selection does not match the text; select it again.")
                    ) from exc
        elif quote.strip():
            quote = quote.replace("\r\n", "\n")
            which = data.get("occurrence") or 1
            start = -1
            for _i in range(which):
                start = self.text.find(quote, start + 1)
                if start < 0:
                    raise forms.ValidationError(
                        _("That passage is not in the text (occurrence %(n)d).") % {"n": which}
                    )
            end = start + len(quote)
        else:
            raise forms.ValidationError(_("Select a passage of the text first."))
        if not 0 <= start < end <= len(self.text):
            raise forms.ValidationError(_("The passage must be a non-empty part of the text."))
        data["start"], data["end"] = start, end
        return data


class MemoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}))
    segment = forms.TypedChoiceField(label=_("About"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, segments: Any = None, whole: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if segments is None:
            del self.fields["segment"]
        else:
            set_choices(
                self,
                "segment",
                [
                    ("", whole),
                    *[(s.pk, f"{s.start}-{s.end}: “{s.passage[:60]}”") for s in segments],
                ],
            )


class AgreementForm(forms.Form):
    coder_a = forms.TypedChoiceField(label=_("First coder"), coerce=int)
    coder_b = forms.TypedChoiceField(label=_("Second coder"), coerce=int)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.code_name) for m in members]
        set_choices(self, "coder_a", choices)
        set_choices(self, "coder_b", choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("coder_a") and data.get("coder_a") == data.get("coder_b"):
            raise forms.ValidationError(_("Choose two different coders."))
        return data


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("REFI-QDA file (.qdpx project or .qdc codebook)"))
    my_coder = forms.CharField(
        label=_("Your coder name in the file (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "The codings of this coder of the file become yours. The other coders of the file "
            "are imported as coders without an account, never as another member."
        ),
    )
