"""Pages of long lists that count at most a few thousand rows.

Counting every row of a national list (a million visits) costs more than showing a page, and
pages far down a list sort and skip everything before them. ``CappedPaginator`` counts up to
``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``) and offers only the pages within
them; ``capped`` tells the template to say that the list goes on (filters, exports and the API
reach the rest).
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int = CAP, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        rows: Any = self.object_list[: self.cap + 1]
        return rows.count() if isinstance(rows, QuerySet) else len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the pages show."""
        return self._counted > self.cap
