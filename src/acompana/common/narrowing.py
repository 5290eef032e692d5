"""Choices among thousands of people, bounded: a select offers at most CHOICES_SHOWN of them,
narrowed on the server by a text search (``?q=``, a code or a name; no JavaScript), plus any
already chosen (the value posted, or the one a link asked for), so that a valid choice still
validates whatever the search."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

CHOICES_SHOWN = 50
SEARCH_PARAM = "q"


@dataclass
class Narrowed:
    rows: list[Any] = field(default_factory=list)
    search: str = ""
    more: bool = False  # more rows match than are offered


def narrowed(
    queryset: QuerySet[Any],
    *,
    search: str,
    fields: Sequence[str],
    keep: Iterable[Any] = (),
    limit: int | None = None,
) -> Narrowed:
    """At most ``limit`` (else CHOICES_SHOWN) rows of ``queryset`` whose ``fields`` contain
    ``search`` (any of them, case-insensitive), in the queryset's order, plus the rows whose
    ids are in ``keep`` (ids outside ``queryset`` are ignored: they stay invalid choices)."""
    limit = limit or CHOICES_SHOWN
    search = search.strip()[:100]
    matches = queryset
    if search:
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__icontains": search})
        matches = matches.filter(found)
    rows = list(matches[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    shown = {row.pk for row in rows}
    wanted = {int(k) for k in keep if str(k).isdigit()} - shown
    if wanted:
        rows += list(queryset.filter(pk__in=wanted))
    return Narrowed(rows=rows, search=search, more=more)
