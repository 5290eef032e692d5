"""Coding passages of documents, and memos."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    Segment,
    Study,
)
from acompana.research.permissions import can_manage_study
from acompana.research.services._common import (
    _member,
    _same_study,
)

# --- Coding and memos -------------------------------------------------------------------------


@transaction.atomic
def segment_code(
    *, document: Document, actor: Any, start: int, end: int, codes: Iterable[Code]
) -> Segment:
    """Code ``document.text[start:end]`` (code points, end-exclusive) with ``codes``. The
    actor's membership is the coder; a segment of theirs with exactly that span gets the codes
    added instead of a second segment."""
    codes = list(codes)
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")})
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ValidationError(_("The positions must be whole numbers.")) from None
    if not 0 <= start < end <= len(document.text):
        raise ValidationError(
            _("The selection %(start)s-%(end)s is not inside the text (0-%(length)s).")
            % {"start": start, "end": end, "length": len(document.text)}
        )
    for code in codes:
        if code.study_id != document.study_id:
            raise ValidationError(
                {"codes": _("%(code)s is not a code of this study.") % {"code": code}}
            )
        if not code.is_codable:
            raise ValidationError(
                {"codes": _("%(code)s is a category; choose one of its codes.") % {"code": code}}
            )
    coder = _member(actor, document.study)
    segment = Segment.objects.filter(document=document, coder=coder, start=start, end=end).first()
    created = segment is None
    if segment is None:
        segment = Segment.objects.create(document=document, start=start, end=end, coder=coder)
    segment.codes.add(*codes)
    audit.log(
        "research.segment.code",
        actor=actor,
        target=segment,
        program=document.study.program,
        data={"codes": [code.pk for code in codes], "created": created},
    )
    return segment


@transaction.atomic
def segment_uncode(*, segment: Segment, actor: Any, code: Code) -> Segment | None:
    """Remove ``code`` from the segment; a segment left without codes is deleted (its memos
    stay, on the document). Returns the segment, or None when it was deleted."""
    study = segment.document.study
    if actor is not None and not can_manage_study(actor, study):
        member = _member(actor, study)
        if member is None or segment.coder_id != member.pk:
            raise PermissionDenied(_("Only the coder or a lead researcher can remove this coding."))
    if not segment.codes.filter(pk=code.pk).exists():
        raise ValidationError(
            {"code": _("The segment is not coded with %(code)s.") % {"code": code}}
        )
    segment.codes.remove(code)
    data = {"code": code.pk, "start": segment.start, "end": segment.end}
    if segment.codes.exists():
        audit.log(
            "research.segment.uncode", actor=actor, target=segment, program=study.program, data=data
        )
        return segment
    Memo.objects.filter(segment=segment).update(segment=None, document=segment.document)
    audit.log(
        "research.segment.delete",
        actor=actor,
        target=segment.document,
        program=study.program,
        data=data,
    )
    segment.delete()
    return None


@transaction.atomic
def memo_write(
    *,
    study: Study,
    actor: Any,
    title: str,
    text: str,
    code: Code | None = None,
    document: Document | None = None,
    segment: Segment | None = None,
    participant: Participant | None = None,
) -> Memo:
    """An analytic memo on the study, or on one code, document, segment or participant."""
    targets = [t for t in (code, document, segment, participant) if t is not None]
    if len(targets) > 1:
        raise ValidationError(
            _("A memo is about one thing: a code, a document, a segment or a participant.")
        )
    _same_study(study, code, document, participant)
    if segment is not None and segment.document.study_id != study.pk:
        raise ValidationError(_("%(row)s is not part of this study.") % {"row": segment})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A memo needs some text.")})
    title = title.strip() or text.splitlines()[0][:80]
    memo = Memo.objects.create(
        study=study,
        title=title[:200],
        text=text,
        author=_member(actor, study),
        code=code,
        document=document,
        segment=segment,
        participant=participant,
    )
    audit.log("research.memo.write", actor=actor, target=memo, program=study.program)
    return memo
