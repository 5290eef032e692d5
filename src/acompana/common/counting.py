"""Counts of related rows as correlated subqueries.

``annotate(n=Count("relation"))`` joins and groups every row of the list before a page is cut
from it (and two such counts multiply the joined rows); a correlated subquery is computed only
for the rows shown, and an index on the pointing column serves it.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(model: type[Model], field: str, **filters: Any) -> Coalesce:
    """How many rows of ``model`` (matching ``filters``) point at the outer row through
    ``field``."""
    rows = (
        model._default_manager.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class CappedCount:
    """A count that stopped at ``cap``: ``value`` is exact unless ``more`` (then there are more
    than ``value`` rows). False when there is no row, so templates test it like a number."""

    value: int
    more: bool

    def __bool__(self) -> bool:
        return self.value > 0


def capped_count(queryset: QuerySet[Any], cap: int = 1000) -> CappedCount:
    """How many rows ``queryset`` has, reading at most ``cap + 1`` of them
    (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, no order): a figure of a national program
    (tens of thousands of mentees waiting) costs the same as a small one's."""
    counted = queryset.order_by()[: cap + 1].count()
    return CappedCount(value=min(counted, cap), more=counted > cap)
