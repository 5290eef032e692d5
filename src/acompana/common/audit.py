"""The audit log: every service records its domain actions here with a dotted code."""

from typing import Any

from django.db import models

from acompana.common.models import AuditEntry


def log(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    program: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record ``action`` (e.g. ``"people.import.mentors"``) done by ``actor`` on ``target``."""
    if program is None and target is not None:
        program = getattr(target, "program", None)
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        program=program,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )
