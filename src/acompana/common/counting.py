"""Counts of related rows as correlated subqueries.

``annotate(n=Count("relation"))`` joins and groups every row of the list before a page is cut
from it (and two such counts multiply the joined rows); a correlated subquery is computed only
for the rows shown, and an index on the pointing column serves it.
"""

from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, Subquery
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
