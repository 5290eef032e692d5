"""Writing a cohort's design review: review points with their evidence, added, edited
(versioned: an edit made on an older version is refused) and deleted, each audited."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.hub.review.evidence import Ref, evidence_check
from acompana.programs.models import Cohort, ReviewEvidence, ReviewPoint

MAX_TEXT = 4000
MAX_POINTS = 200  # per cohort


def _clean(*, kind: str, area: str, text: str, evidence: Sequence[Ref], cohort: Cohort) -> str:
    if kind not in ReviewPoint.Kind.values:
        raise ValidationError({"kind": _("Choose learned or change.")})
    if area not in ReviewPoint.Area.values:
        raise ValidationError({"area": _("Choose an area.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the point.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("Keep the point under %(count)d characters.") % {"count": MAX_TEXT}}
        )
    try:
        evidence_check(cohort=cohort, refs=list(dict.fromkeys(evidence)))
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    return text


def _evidence_save(point: ReviewPoint, evidence: Sequence[Ref]) -> None:
    ReviewEvidence.objects.filter(point=point).delete()
    ReviewEvidence.objects.bulk_create(
        ReviewEvidence(point=point, kind=kind, object_id=object_id)
        for kind, object_id in dict.fromkeys(evidence)
    )


@transaction.atomic
def review_point_create(
    *,
    cohort: Cohort,
    kind: str,
    area: str,
    text: str,
    evidence: Sequence[Ref] = (),
    actor: Any,
) -> ReviewPoint:
    """Add a point to ``cohort``'s design review, linked to ``evidence`` (each a reference to
    an object of the cohort's program; anything else is refused)."""
    text = _clean(kind=kind, area=area, text=text, evidence=evidence, cohort=cohort)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one count at a time
    if ReviewPoint.objects.filter(cohort=cohort).count() >= MAX_POINTS:
        raise ValidationError(_("A review holds at most %(count)d points.") % {"count": MAX_POINTS})
    point = ReviewPoint.objects.create(cohort=cohort, kind=kind, area=area, text=text, author=actor)
    _evidence_save(point, evidence)
    audit.log(
        "hub.review.point_added",
        actor=actor,
        target=point,
        program=cohort.program,
        data={"cohort": cohort.pk, "kind": kind, "area": area, "evidence": len(set(evidence))},
    )
    return point


def _locked(point: ReviewPoint, expected_version: int | None) -> ReviewPoint:
    locked = ReviewPoint.objects.select_for_update().filter(pk=point.pk).first()
    if locked is None:
        raise ValidationError(_("This point was deleted meanwhile."), code="gone")
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Someone saved this point since you opened it. Reload it and edit again."),
            code="stale",
        )
    return locked


@transaction.atomic
def review_point_update(
    *,
    point: ReviewPoint,
    kind: str,
    area: str,
    text: str,
    evidence: Sequence[Ref] = (),
    expected_version: int | None,
    actor: Any,
) -> ReviewPoint:
    """Edit a point; with ``expected_version``, refuse if someone saved it since."""
    cohort = point.cohort
    text = _clean(kind=kind, area=area, text=text, evidence=evidence, cohort=cohort)
    locked = _locked(point, expected_version)
    before = {"kind": locked.kind, "area": locked.area, "text": locked.text}
    point.kind, point.area, point.text = kind, area, text
    point.version = locked.version + 1
    point.save(update_fields=["kind", "area", "text", "version", "updated_at"])
    _evidence_save(point, evidence)
    changed = [name for name, value in before.items() if getattr(point, name) != value]
    audit.log(
        "hub.review.point_edited",
        actor=actor,
        target=point,
        program=cohort.program,
        data={"cohort": cohort.pk, "changed": changed, "version": point.version},
    )
    return point


@transaction.atomic
def review_point_delete(*, point: ReviewPoint, expected_version: int | None, actor: Any) -> None:
    """Delete a point and its evidence links; the audit log keeps its text."""
    locked = _locked(point, expected_version)
    cohort = point.cohort
    data = {
        "cohort": cohort.pk,
        "point": locked.pk,
        "kind": locked.kind,
        "area": locked.area,
        "text": locked.text[:500],
    }
    locked.delete()
    audit.log("hub.review.point_deleted", actor=actor, target=cohort, data=data)
