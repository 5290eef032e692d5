from typing import Any

from django.db import transaction

from acompana.common import audit
from acompana.frameworks.models import FrameworkItem

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
