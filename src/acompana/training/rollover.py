"""Training's part of a cohort's rollover: the training plans (sessions without attendance)
and the readiness checklist, with dates moved to the new year."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, shift_datetime, shift_text
from acompana.programs.models import Cohort
from acompana.training.models import ReadinessItem, TrainingPlan, TrainingSession
from acompana_core.design_diff import Item

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


def cohort_design(*, cohort: Cohort) -> list[Item]:
    """What the rollover copies of ``cohort``, as plain data for the year-over-year diff: each
    plan, its sessions (local wall-clock times) and the active readiness items."""
    design: list[Item] = []
    plans = TrainingPlan.objects.filter(cohort=cohort).order_by("pk")
    sessions = (
        TrainingSession.objects.filter(plan__cohort=cohort)
        .select_related("trainer")
        .order_by("starts_at", "pk")
    )
    by_plan: dict[int, list[TrainingSession]] = {}
    for session in sessions:
        by_plan.setdefault(session.plan_id, []).append(session)
    for plan in plans:
        design.append(
            Item(
                "plan",
                plan.title,
                {
                    "title": plan.title,
                    "induction": plan.induction,
                    "days_before_field_work": plan.days_before_field_work,
                },
            )
        )
        for session in by_plan.get(plan.pk, []):
            trainer = session.trainer.get_full_name() if session.trainer else ""
            design.append(
                Item(
                    "session",
                    session.title,
                    {
                        "title": session.title,
                        "module": session.get_module_display(),
                        "modality": session.get_modality_display(),
                        "track": session.get_track_display(),
                        "starts_at": timezone.localtime(session.starts_at).replace(tzinfo=None),
                        "duration_minutes": session.duration_minutes,
                        "trainer": trainer,
                    },
                    group=plan.title,
                )
            )
    items = ReadinessItem.objects.filter(cohort=cohort, active=True).order_by("position", "pk")
    for item in items:
        design.append(
            Item(
                "readiness",
                item.title,
                {
                    "title": item.title,
                    "position": item.position,
                    "modules": tuple(item.module_labels),
                },
            )
        )
    return design
