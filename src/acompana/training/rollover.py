"""Training's part of a cohort's rollover: the training plans (sessions without attendance)
and the readiness checklist, with dates moved to the new year."""

from typing import Any

from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, shift_datetime, shift_text
from acompana.programs.models import Cohort
from acompana.training.models import ReadinessItem, TrainingPlan, TrainingSession

# Every other field of an item (its title, position, the modules that sign it from attendance)
# is copied as it is.
_NOT_COPIED = {"id", "cohort", "created", "modified", "created_at", "updated_at"}


def _item_copy(item: ReadinessItem, target: Cohort) -> ReadinessItem:
    values = {
        f.attname: getattr(item, f.attname)
        for f in ReadinessItem._meta.concrete_fields
        if f.name not in _NOT_COPIED
    }
    return ReadinessItem(cohort=target, **values)


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """Copy ``source``'s training plans with their sessions (no attendance, feedback or
    groups) and its active readiness items into ``target``; returns what was created."""
    created: list[Copied] = []
    plans = TrainingPlan.objects.filter(cohort=source).prefetch_related("sessions")
    for plan in plans.order_by("pk"):
        new = TrainingPlan.objects.create(
            program=plan.program,
            cohort=target,
            title=shift_text(plan.title, source.year, years),
            induction=plan.induction,
            days_before_field_work=plan.days_before_field_work,
        )
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(
                plan=new,
                title=shift_text(session.title, source.year, years),
                module=session.module,
                modality=session.modality,
                track=session.track,
                starts_at=shift_datetime(session.starts_at, years),
                duration_minutes=session.duration_minutes,
                trainer=session.trainer,
                materials=session.materials,
            )
            for session in plan.sessions.order_by("starts_at", "pk")
        )
        audit.log(
            "training.plan.copied",
            actor=actor,
            target=new,
            data={"from": plan.pk, "sessions": len(sessions)},
        )
        text = _("%(title)s (%(count)d sessions)") % {"title": new.title, "count": len(sessions)}
        created.append((_("Training plan"), text))
    items = ReadinessItem.objects.filter(cohort=source, active=True).order_by("position", "pk")
    copies = ReadinessItem.objects.bulk_create(_item_copy(item, target) for item in items)
    if copies:
        audit.log(
            "training.readiness.copied",
            actor=actor,
            target=target,
            data={"from": source.pk, "items": len(copies)},
        )
    created += [(_("Readiness item"), item.title) for item in copies]
    return created
