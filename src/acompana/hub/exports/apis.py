"""The list downloads over the API: ``exports/`` lists the kinds, and
``exports/{kind}/download/?to=csv|xlsx&<filters>`` streams one, with the rows and the filters
of the page (``acompana.hub.exports.export_table``). Members get what their list page shows,
or 403; people outside the program 404."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import errors, reads
from acompana.common.exports import XLSX_TYPE, streamed_table_response
from acompana.hub.exports.registry import EXPORTS, FORMATS, export_table, get_export_kind

KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=sorted(EXPORTS),
    description="What to download (the list page it comes from).",
)
TABLE = OpenApiResponse(
    OpenApiTypes.BINARY, description="The list as a CSV (UTF-8 with BOM) or XLSX file."
)


class ExportKindSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    filters = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Query parameters the download accepts, as on the list page.",
    )


class DownloadQuerySerializer(serializers.Serializer):
    # Not "format": DRF reads that one to choose its own renderer.
    to = serializers.ChoiceField(
        choices=list(FORMATS), default="csv", help_text="File format: csv or xlsx."
    )


class ExportViewSet(ProgramScopedViewSet):
    # Downloads of the program's lists; one detail per kind.

    pagination_class = None
    lookup_field = "kind"
    lookup_value_regex = "[a-z][a-z-]{0,39}"

    @reads("The lists a program can download", ExportKindSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _ = self.program  # 404 outside the program
        kinds = [
            {"name": k.name, "title": str(k.title), "filters": list(k.filters)}
            for k in sorted(EXPORTS.values(), key=lambda k: k.name)
        ]
        return Response(ExportKindSerializer(kinds, many=True).data)

    @extend_schema(
        summary="Download one list as CSV or XLSX, with the list page's filters",
        description=(
            "Filters are the list page's query parameters (see the `filters` of each kind in "
            "the list of exports); unknown ones are ignored. Streamed: there is no row cap."
        ),
        parameters=[KIND, DownloadQuerySerializer],
        responses={
            (200, "text/csv"): TABLE,
            (200, XLSX_TYPE): TABLE,
            **errors(400, 401, 403, 404),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        program = self.program
        kind = get_export_kind(kwargs["kind"]).name
        fmt = self.validated_query(DownloadQuerySerializer)["to"]
        table = export_table(
            kind=kind, program=program, user=self.caller, params=request.query_params
        )
        return streamed_table_response(
            table.header, table.rows, filename=f"{program.slug}-{kind}", fmt=fmt
        )
