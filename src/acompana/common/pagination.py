"""Pages of long lists that count at most a few thousand rows.

Counting every row of a national list (a million visits) costs more than showing a page, and
pages far down a list sort and skip everything before them. ``CappedPaginator`` counts up to
``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``) and offers only the pages within
them; ``capped`` tells the template to say that the list goes on (filters, exports and the API
reach the rest). The count ignores the list's order (no sort to count rows).

With ``by_id``, a page reads its rows in one query whose subquery picks the page's ids first
(``WHERE id IN (SELECT id … ORDER BY … LIMIT … OFFSET …)``): when no index gives the list's
order (a specialist's visits, of 200 mentors), the database sorts narrow rows of the table
alone instead of every joined row (profiles, accounts) of the whole list.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: Any, per_page: int, *, cap: int = CAP, by_id: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        # (a list with annotations is paged as usual: they may need the list's joins)
        self.by_id = (
            by_id and isinstance(object_list, QuerySet) and not object_list.query.annotations
        )

    @cached_property
    def _counted(self) -> int:
        listed = self.object_list
        if isinstance(listed, QuerySet):
            if listed._iterable_class is ModelIterable and listed.query.group_by is None:
                # rows, not their annotations (an EXISTS per person on the people page)
                listed = listed.values("pk")
            return listed.order_by()[: self.cap + 1].count()
        return len(self.object_list[: self.cap + 1])

    def page(self, number: Any) -> Page:
        if not self.by_id:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        listed: Any = self.object_list  # a QuerySet (by_id is off otherwise)
        ids = listed.values("pk")[bottom:top]
        # the page's rows by id alone: repeating the list's filters outside the subquery led
        # PostgreSQL to join the whole list again before matching the ids
        rows = listed.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = listed.query.select_related
        rows = rows.prefetch_related(*listed._prefetch_related_lookups)
        return Page(rows.order_by(*listed.query.order_by), number, self)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the pages show."""
        return self._counted > self.cap
