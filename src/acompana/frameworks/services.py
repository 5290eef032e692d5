from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.frameworks.models import (
    INDICATOR_MAX,
    CareerStage,
    Competency,
    FrameworkItem,
    StageIndicator,
    Verification,
)

EDITABLE_FIELDS = ("code", "name", "name_en", "statement", "verification")


@transaction.atomic
def framework_item_update(*, item: FrameworkItem, actor: Any, **values: Any) -> FrameworkItem:
    """Edit a domain, competency or performance; the old wording is kept in the audit log."""
    before = {f: getattr(item, f) for f in EDITABLE_FIELDS}
    changed = [f for f in EDITABLE_FIELDS if f in values and values[f] != before[f]]
    for field in changed:
        setattr(item, field, values[field])
    if changed:
        item.save(update_fields=changed)
        audit.log(
            "frameworks.item.updated",
            actor=actor,
            target=item,
            data={
                "before": {f: before[f] for f in changed},
                "after": {f: values[f] for f in changed},
            },
        )
    return item


IndicatorValues = dict[int, tuple[str, str, str]]
"""Career stage id → (text, English text, verification mark); an empty text removes it."""


@transaction.atomic
def stage_indicators_update(
    *, competency: Competency, values: IndicatorValues, actor: Any
) -> list[StageIndicator]:
    """Set what ``competency`` (a strand) looks like at each career stage of its framework, all
    or nothing; the old wording is kept in the audit log."""
    stages = {
        s.pk: s for s in CareerStage.objects.filter(framework_id=competency.domain.framework_id)
    }
    for stage_id, (text, text_en, mark) in values.items():
        if stage_id not in stages:
            raise ValidationError(_("A career stage is not of this framework."))
        if len(text) > INDICATOR_MAX or len(text_en) > INDICATOR_MAX:
            raise ValidationError(
                _("An indicator may have at most %(max)d characters.") % {"max": INDICATOR_MAX}
            )
        if mark not in Verification.values:
            raise ValidationError(_("Choose a verification mark."))
    existing = {i.stage_id: i for i in StageIndicator.objects.filter(competency=competency)}
    before = {sid: (i.text, i.text_en, i.verification) for sid, i in existing.items()}
    changed: dict[int, tuple[str, str, str]] = {}
    for stage_id, (text, text_en, mark) in values.items():
        text, text_en = text.strip(), text_en.strip()
        indicator = existing.get(stage_id)
        if not text:
            if indicator is not None:
                indicator.delete()
                changed[stage_id] = ("", "", "")
            continue
        if indicator is None:
            StageIndicator.objects.create(
                competency=competency,
                stage_id=stage_id,
                text=text,
                text_en=text_en,
                verification=mark,
            )
            changed[stage_id] = (text, text_en, mark)
        elif (indicator.text, indicator.text_en, indicator.verification) != (text, text_en, mark):
            indicator.text, indicator.text_en, indicator.verification = text, text_en, mark
            indicator.save(update_fields=["text", "text_en", "verification"])
            changed[stage_id] = (text, text_en, mark)
    if changed:
        audit.log(
            "frameworks.indicators.updated",
            actor=actor,
            target=competency,
            data={
                "before": {str(k): list(before.get(k, ("", "", ""))) for k in changed},
                "after": {str(k): list(v) for k, v in changed.items()},
            },
        )
    return list(StageIndicator.objects.filter(competency=competency).select_related("stage"))
