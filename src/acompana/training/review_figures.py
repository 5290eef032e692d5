"""Figures of the training module that a cohort's design review cites as evidence."""

from collections.abc import Collection
from typing import Any

from django.db.models import Avg, Count

from acompana.programs.models import Program
from acompana.training.models import Feedback, TrainingPlan, TrainingSession
from acompana.training.selectors import SCORES


def feedback_by_modality(*, program: Program, plan_ids: Collection[int]) -> dict[int, Any]:
    """For each plan of ``program`` among ``plan_ids``: its title and, per session modality,
    the answers and their average score (1 to 5, the mean of the four scores), in two queries
    whatever the number of plans. Used as evidence of a design review."""
    plans = dict(
        TrainingPlan.objects.filter(program=program, pk__in=plan_ids).values_list("pk", "title")
    )
    out: dict[int, Any] = {pk: {"title": title, "modalities": []} for pk, title in plans.items()}
    labels = dict(TrainingSession.Modality.choices)
    averages = {name: Avg(name) for name in SCORES}
    rows = (
        Feedback.objects.filter(session__plan__in=list(plans))
        .values("session__plan", "session__modality")
        .annotate(count=Count("pk"), **averages)
        .order_by("session__plan", "session__modality")
    )
    for values in rows:
        row: dict[str, Any] = dict(values)
        scores = [row[name] for name in SCORES]
        out[row["session__plan"]]["modalities"].append(
            {
                "label": str(labels.get(row["session__modality"], row["session__modality"])),
                "count": row["count"],
                "overall": sum(scores) / len(scores),
            }
        )
    return out
