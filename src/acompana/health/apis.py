"""The health lists over the API, read from the selectors the health page uses.

``GET programs/{slug}/health/``: each list's capped count; ``GET programs/{slug}/health/{list}/``:
one list's rows a page at a time, with the page's columns. Both take the page's filters
(``cohort``, ``region``, ``mentor``, ``specialist``). Same rules as the page: coordinators see the
whole program, specialists their mentors' pairs, mentors their own; other members get 403,
people outside the program 404; the waiting and low-response lists are for coordinators.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import reads
from acompana.common.pagination import CappedPaginator
from acompana.health import rows as columns
from acompana.health.selectors import (
    LISTS,
    Filters,
    ScopedHealth,
    health_counts,
    health_rows,
    health_scope,
)

CELL = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
MAX_PAGE_SIZE = 500


@extend_schema_field({"type": "array", "items": {"type": "array", "items": CELL}})
class HealthRowsField(serializers.ListField):
    """Rows of cells, in the order of the columns (dates as YYYY-MM-DD)."""


class HealthQuerySerializer(serializers.Serializer):
    cohort = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    region = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    mentor = serializers.CharField(required=False, max_length=40, help_text="A mentor's code.")
    specialist = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="A specialist's user id."
    )


class HealthPageQuerySerializer(HealthQuerySerializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


class HealthCountSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The list's name in its address.")
    title = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True, help_text="Rows, at most 1000.")
    more = serializers.BooleanField(read_only=True, help_text="More rows than ``count``.")


class HealthListSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True, help_text="Rows, at most 10,000.")
    more = serializers.BooleanField(read_only=True, help_text="More rows than ``count``.")
    page = serializers.IntegerField(read_only=True)
    pages = serializers.IntegerField(read_only=True)
    columns = serializers.ListField(child=serializers.CharField(), read_only=True)
    rows = HealthRowsField(read_only=True)


LIST_NAME = OpenApiParameter(
    "id", str, OpenApiParameter.PATH, enum=sorted(LISTS), description="The list."
)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return str(value)


class HealthViewSet(ProgramScopedViewSet):
    # The health page's counts and lists.

    pagination_class = None
    lookup_value_regex = "[a-z_]+"

    def _health(self, query: dict[str, Any]) -> ScopedHealth:
        filters = Filters(
            cohort=query.get("cohort"),
            region=query.get("region"),
            mentor=query.get("mentor", "").strip(),
            specialist=query.get("specialist"),
        )
        return health_scope(user=self.caller, program=self.program, filters=filters)

    @reads(
        "Program health: a capped count per list",
        HealthCountSerializer(many=True),
        HealthQuerySerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        health = self._health(self.validated_query(HealthQuerySerializer))
        body = [
            {"name": name, "title": str(LISTS[name].title), "count": c.value, "more": c.more}
            for name, c in health_counts(health).items()
        ]
        return Response(HealthCountSerializer(body, many=True).data)

    @reads(
        "Program health: one list's rows, a page at a time",
        HealthListSerializer,
        HealthPageQuerySerializer,
        LIST_NAME,
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        name = kwargs["pk"]
        if name not in LISTS:
            raise Http404
        query = self.validated_query(HealthPageQuerySerializer)
        health = self._health(query)
        if LISTS[name].coordinators_only and not health.scope.coordinator:
            raise PermissionDenied
        rows = columns.prepare(name, health_rows(health, name))
        paginator = CappedPaginator(rows, query.get("page_size", 50))
        page = paginator.get_page(query.get("page", 1))
        body = {
            "name": name,
            "title": str(LISTS[name].title),
            "count": paginator.count,
            "more": paginator.capped,
            "page": page.number,
            "pages": paginator.num_pages,
            "columns": [str(c) for c in columns.header(name)],
            "rows": [[_cell(c) for c in columns.cells(name, row)] for row in page.object_list],
        }
        return Response(HealthListSerializer(body).data)
