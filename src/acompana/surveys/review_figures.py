"""Figures of the survey module that a cohort's design review cites as evidence."""

from collections.abc import Collection
from typing import Any

from django.db.models import Count, Q

from acompana.programs.models import Cohort, Program
from acompana.surveys.models import Questionnaire, Response


def questionnaire_response_counts(
    *, program: Program, ids: Collection[int], cohort: Cohort | None = None
) -> dict[int, dict[str, Any]]:
    """For each questionnaire of ``program`` among ``ids``: its title, its responses and
    those of ``cohort``, in two queries. Used as evidence of a design review."""
    questionnaires = {
        q.pk: q for q in Questionnaire.objects.filter(program=program, pk__in=ids).order_by()
    }
    cohort_filter = Q(cohort=cohort) if cohort is not None else Q(pk__in=[])
    counts: dict[int, dict[str, int]] = {
        pk: {"total": total, "in_cohort": in_cohort}
        for pk, total, in_cohort in Response.objects.filter(
            distribution__questionnaire__in=list(questionnaires)
        )
        .values("distribution__questionnaire")
        .annotate(total=Count("pk"), in_cohort=Count("pk", filter=cohort_filter))
        .values_list("distribution__questionnaire", "total", "in_cohort")
        .order_by()
    }
    return {
        pk: {
            "title": q.title,
            "total": counts.get(pk, {}).get("total", 0),
            "in_cohort": counts.get(pk, {}).get("in_cohort", 0),
        }
        for pk, q in questionnaires.items()
    }
