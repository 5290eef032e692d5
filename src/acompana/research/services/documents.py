"""Documents of a study: pasted, uploaded (TXT/DOCX) or pseudonymized from field work."""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import (
    Document,
    Interview,
    Participant,
    Study,
)
from acompana.research.pseudonymize import program_replacements, pseudonymize, visit_part_text
from acompana.research.services._common import (
    _member,
    _same_study,
)
from acompana.research.text_extract import MAX_UPLOAD_BYTES, clean_text, extract_text

# --- Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    study: Study,
    actor: Any,
    name: str,
    text: str,
    kind: str,
    participant: Participant | None = None,
    interview: Interview | None = None,
    description: str = "",
    source_visit: Any = None,
) -> Document:
    """A typed or pasted text; newlines are normalized to ``\\n`` before it is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A document needs a name.")})
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    _same_study(study, participant, interview)
    text = clean_text(text or "")
    if not text.strip():
        raise ValidationError({"text": _("The document has no text.")})
    if interview is not None:
        if Document.objects.filter(interview=interview).exists():
            raise ValidationError({"interview": _("This interview already has a transcript.")})
        if participant is None:
            participant = interview.participant
        elif participant.pk != interview.participant_id:
            raise ValidationError({"participant": _("The interview is with another participant.")})
    document = Document.objects.create(
        study=study,
        name=name,
        kind=kind,
        text=text,
        participant=participant,
        interview=interview,
        description=description,
        source_visit=source_visit,
        created_by=_member(actor, study),
    )
    audit.log(
        "research.document.add",
        actor=actor,
        target=document,
        program=study.program,
        data={"kind": kind, "length": len(text)},
    )
    return document


def document_upload(
    *,
    study: Study,
    actor: Any,
    upload: Any,
    name: str = "",
    kind: str,
    participant: Participant | None = None,
    interview: Interview | None = None,
) -> Document:
    """A transcript uploaded as TXT (UTF-8, UTF-16, Windows-1252) or DOCX."""
    filename = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is too large (%(size)s MB); the limit is 5 MB.")
                % {"size": floatformat(size / 1024 / 1024, 1)}
            }
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        text = extract_text(data=data, filename=filename)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    return document_add(
        study=study,
        actor=actor,
        name=name.strip() or PurePath(filename).stem or _("Document"),
        text=text,
        kind=kind,
        participant=participant,
        interview=interview,
    )


@transaction.atomic
def document_from_visit(*, study: Study, actor: Any, visit: Any, part: str) -> Document:
    """A visit's field-notebook entry (``part="notebook"``) or reflective dialogue
    (``"dialogue"``) as a document, with the names of people and schools replaced by code
    names. Only when a coordinator allowed field-work documents for the study."""
    if not study.fieldwork_documents_allowed:
        raise ValidationError(
            _("A coordinator has not allowed field notebooks and dialogues in this study.")
        )
    if visit.program_id != study.program_id:
        raise ValidationError(_("The visit is not part of the study's program."))
    if part not in ("notebook", "dialogue"):
        raise ValidationError({"part": _("Choose the field notebook or the dialogue.")})
    kind = Document.Kind.NOTEBOOK if part == "notebook" else Document.Kind.DIALOGUE
    if Document.objects.filter(study=study, source_visit=visit, kind=kind).exists():
        raise ValidationError(_("This part of the visit is already in the study."))
    text = visit_part_text(visit=visit, part=part)
    if not text.strip():
        raise ValidationError(_("This part of the visit has no text yet."))
    text = pseudonymize(text, program_replacements(program=study.program, visit=visit))
    participant = (
        Participant.objects.filter(study=study, identity__mentor=visit.mentor).first()
        or Participant.objects.filter(study=study, code_name=visit.mentor.code).first()
    )
    label = _("Field notebook") if part == "notebook" else _("Reflective dialogue")
    name = f"{label} {visit.mentor.code} → {visit.mentee.code} {visit.scheduled_at:%Y-%m-%d}"
    return document_add(
        study=study,
        actor=actor,
        name=name,
        text=text,
        kind=kind,
        participant=participant,
        source_visit=visit,
    )
