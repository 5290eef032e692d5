"""A study as a REFI-QDA project (files are imported by ``qda_import``).

Export (``study_project``) maps the study onto ``acompana_core.qda``:

* coders are Users named by their code name; categories are Codes with ``is_codable=False``;
* documents are TextSources, segments Selections with one coding per code, coded by the
  segment's coder;
* participants are Cases named by code name, with typed VariableValues and SourceRefs to
  their documents; attributes are Variables;
* memos are Notes: attached to their code, document or segment, in the project's NoteRefs
  when about the study, linked (``Link``) when about a participant;
* a code's origin travels in a Set named "Emergent codes" that holds the emergent codes (an a
  priori code is any code outside it); a document's kind in Sets named "Document kind:
  transcript", "Document kind: notebook"... Both survive ``.qdc`` codebooks (the emergent set
  holds only codes) and tools that keep sets.

Nothing in the file names a real person: participants and coders appear by code name, and
identities are never read.

"""

import datetime
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    Segment,
    Study,
    StudyMember,
    Variable,
)
from acompana_core import qda

ORIGIN = "Acompaña"
EMERGENT_SET = "Emergent codes"
KIND_SET_PREFIX = "Document kind: "
BATCH = 500  # rows per bulk query on import (within SQLite's limit of variables)
MEMO_FIELDS = ("title", "text", "code", "document", "segment", "participant")


# --- Export -----------------------------------------------------------------------------------


def _typed(value: Any, type_: str) -> Any:
    """A stored attribute value as the Python value of its REFI-QDA type, or None."""
    if value is None or value == "":
        return None
    try:
        if type_ == Variable.Type.BOOLEAN:
            return value if isinstance(value, bool) else None
        if type_ == Variable.Type.INTEGER:
            return int(value) if not isinstance(value, bool) else None
        if type_ == Variable.Type.FLOAT:
            number = float(value)
            return number if number == number and abs(number) != float("inf") else None
        if type_ == Variable.Type.DATE:
            return datetime.date.fromisoformat(str(value))
        if type_ == Variable.Type.DATETIME:
            return datetime.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return str(value)


def _code_tree(
    codes: list[Code], notes_of: dict[tuple[str, int], list[str]]
) -> tuple[qda.Code, ...]:
    """The roots of the code tree (``codes`` in order), each code with its notes."""
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def build(code: Code) -> qda.Code:
        return qda.Code(
            guid=code.guid,
            name=code.name,
            is_codable=code.is_codable,
            color=code.color or None,
            description=code.definition or None,
            children=tuple(build(child) for child in children.get(code.pk, [])),
            notes=tuple(notes_of.get(("code", code.pk), [])),
        )

    return tuple(build(code) for code in children.get(None, []))


def _emergent_set(study: Study, codes: list[Code]) -> list[qda.Set]:
    """The "Emergent codes" set, when some code is emergent."""
    emergent = [c.guid for c in codes if c.origin == Code.Origin.EMERGENT]
    if not emergent:
        return []
    return [
        qda.Set(
            guid=qda.stable_guid("acompana:emergent-codes", study.guid),
            name=EMERGENT_SET,
            description="Codes that emerged from the data (the others are a priori).",
            codes=tuple(emergent),
        )
    ]


def study_codebook(study: Study) -> qda.Codebook:
    """The study's code tree as a ``qda.Codebook``: what ``study_project(study).codebook()``
    gives, from the codes and their memos only."""
    codes = list(Code.objects.filter(study=study).order_by("order", "name", "pk"))
    notes_of: dict[tuple[str, int], list[str]] = {}
    for code_id, guid in (
        Memo.objects.filter(
            study=study, segment__isnull=True, document__isnull=True, code__isnull=False
        )
        .order_by("created_at", "pk")
        .values_list("code_id", "guid")
    ):
        notes_of.setdefault(("code", code_id), []).append(guid)
    return qda.Codebook(
        codes=_code_tree(codes, notes_of), sets=tuple(_emergent_set(study, codes)), origin=ORIGIN
    )


def study_project(study: Study) -> qda.Project:
    """The study as a ``qda.Project`` (pseudonymous: code names only)."""
    members = list(StudyMember.objects.filter(study=study).order_by("code_name", "pk"))
    member_guid = {m.pk: m.guid for m in members}
    codes = list(Code.objects.filter(study=study).order_by("order", "name", "pk"))
    documents = list(Document.objects.filter(study=study).order_by("name", "pk"))
    participants = list(Participant.objects.filter(study=study).order_by("code_name", "pk"))
    variables = list(Variable.objects.filter(study=study).order_by("order", "name", "pk"))
    segments = list(
        Segment.objects.filter(document__study=study)
        .prefetch_related("codes")
        .order_by("document", "start", "end", "pk")
    )
    memos = list(Memo.objects.filter(study=study).order_by("created_at", "pk"))

    notes_of: dict[tuple[str, int], list[str]] = {}
    note_refs: list[str] = []
    notes = []
    participant_guid = {p.pk: p.guid for p in participants}
    for memo in memos:
        targets: tuple[str, ...] = ()
        if memo.segment_id:
            notes_of.setdefault(("segment", memo.segment_id), []).append(memo.guid)
        elif memo.document_id:
            notes_of.setdefault(("document", memo.document_id), []).append(memo.guid)
        elif memo.code_id:
            notes_of.setdefault(("code", memo.code_id), []).append(memo.guid)
        elif memo.participant_id:
            targets = (participant_guid[memo.participant_id],)
        else:
            note_refs.append(memo.guid)
        notes.append(
            qda.Note(
                guid=memo.guid,
                name=memo.title,
                text=memo.text,
                targets=targets,
                creating_user=member_guid.get(memo.author_id) if memo.author_id else None,
            )
        )

    code_guid = {code.pk: code.guid for code in codes}
    selections: dict[int, list[qda.Selection]] = {}
    for segment in segments:
        selections.setdefault(segment.document_id, []).append(
            qda.Selection(
                guid=segment.guid,
                start=segment.start,
                end=segment.end,
                codings=tuple(sorted(code_guid[c.pk] for c in segment.codes.all())),
                coder=member_guid.get(segment.coder_id) if segment.coder_id else None,
                notes=tuple(notes_of.get(("segment", segment.pk), [])),
            )
        )
    sources = [
        qda.TextSource(
            guid=document.guid,
            name=document.name,
            text=document.text,
            selections=tuple(selections.get(document.pk, [])),
            notes=tuple(notes_of.get(("document", document.pk), [])),
            creating_user=member_guid.get(document.created_by_id)
            if document.created_by_id
            else None,
            description=document.description or None,
        )
        for document in documents
    ]
    qda_variables = [
        qda.Variable(
            guid=v.guid,
            name=v.name,
            type=qda.VariableType(v.type),
            description=v.description or None,
        )
        for v in variables
    ]
    by_name = {v.name: v for v in variables}
    cases = []
    for participant in participants:
        values = []
        for name, raw in sorted(participant.attributes.items()):
            variable = by_name.get(name)
            value = _typed(raw, variable.type) if variable else None
            if variable is not None and value is not None:
                values.append(qda.VariableValue(variable=variable.guid, value=value))
        cases.append(
            qda.Case(
                guid=participant.guid,
                name=participant.code_name,
                variable_values=tuple(values),
                sources=tuple(d.guid for d in documents if d.participant_id == participant.pk),
                description=participant.description or None,
            )
        )
    sets = _emergent_set(study, codes)
    for kind in Document.Kind.values:
        of_kind = [d.guid for d in documents if d.kind == kind]
        if of_kind:
            sets.append(
                qda.Set(
                    guid=qda.stable_guid("acompana:document-kind", study.guid, kind),
                    name=f"{KIND_SET_PREFIX}{kind}",
                    sources=tuple(of_kind),
                )
            )
    lead = next((m for m in members if m.is_lead), None)
    description = "\n\n".join(t for t in (study.questions, study.method) if t) or None
    return qda.Project(
        name=study.title,
        origin=ORIGIN,
        creation_datetime=study.created_at.replace(microsecond=0),
        users=tuple(qda.User(guid=m.guid, name=m.code_name) for m in members),
        codes=_code_tree(codes, notes_of),
        sources=tuple(sources),
        cases=tuple(cases),
        variables=tuple(qda_variables),
        notes=tuple(notes),
        sets=tuple(sets),
        description=description,
        creating_user=lead.guid if lead else None,
        note_refs=tuple(note_refs),
    )


def study_export_qdpx(*, study: Study, actor: Any) -> bytes:
    """The study as a ``.qdpx`` archive (validated against the REFI-QDA schema)."""
    message = _("The study cannot be exported: %(problems)s")
    return _export(qda.write_qdpx, study_project(study), message, study, actor, "qdpx")


def study_export_qdc(*, study: Study, actor: Any) -> bytes:
    """The study's code tree as a ``.qdc`` codebook."""
    message = _("The codebook cannot be exported: %(problems)s")
    return _export(qda.write_qdc, study_codebook(study), message, study, actor, "qdc")


def _export(write: Any, document: Any, message: str, study: Study, actor: Any, kind: str) -> bytes:
    """``document`` written by ``write``; the writer's problems (the first ten) refuse it."""
    buffer = io.BytesIO()
    try:
        write(document, buffer)
    except qda.QdaExportError as exc:
        raise ValidationError(message % {"problems": "; ".join(exc.problems[:10])}) from exc
    audit.log(f"research.study.export_{kind}", actor=actor, target=study)
    return buffer.getvalue()
