"""Imports over the API: schools, mentors or mentees from a CSV or XLSX file.

Two steps, as a client would show them: ``preview`` reads the file and answers with what the
import would do (rows created, updated, unchanged, new regions) or with every bad row (line,
column, reason), and writes nothing; ``confirm`` (POST to the collection) sends the same file
again and imports it all or nothing, through the same importer as the import page
(``people.imports.spreadsheet_import``). Only the program's coordinators import (other members
403, outsiders 404). The file is checked as on the page (size and type).
"""

from functools import cached_property
from typing import Any, cast

from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import NamedChoiceField, writes
from acompana.common.importing import ImportRejected
from acompana.common.spreadsheets import SpreadsheetError
from acompana.people.forms import IMPORT_KINDS, ImportForm
from acompana.people.imports import spreadsheet_import
from acompana.people.services import spreadsheet_import_preview
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

# --- Representations ---------------------------------------------------------------------------


class ImportUploadSerializer(serializers.Serializer):
    kind = NamedChoiceField(component="ImportKind", choices=IMPORT_KINDS)
    file = serializers.FileField(help_text="CSV or XLSX, with the columns of the import page.")


class ImportSummarySerializer(serializers.Serializer):
    kind = NamedChoiceField(component="ImportKind", choices=IMPORT_KINDS, read_only=True)
    rows = serializers.IntegerField(read_only=True)
    created = serializers.IntegerField(read_only=True)
    updated = serializers.IntegerField(read_only=True)
    unchanged = serializers.IntegerField(read_only=True)
    regions_created = serializers.ListField(child=serializers.CharField(), read_only=True)
    ignored_columns = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Columns the import does not read."
    )


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(read_only=True, help_text="The line in the file (1: header).")
    column = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)


class ImportPreviewSerializer(serializers.Serializer):
    valid = serializers.BooleanField(read_only=True, help_text="Confirming would import it.")
    summary = ImportSummarySerializer(
        read_only=True, allow_null=True, help_text="What the import would do; null if not valid."
    )
    error_total = serializers.IntegerField(read_only=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "errors" cannot be a declared attribute: it would hide Serializer.errors.
        fields = super().get_fields()
        fields["errors"] = RowErrorSerializer(
            many=True, read_only=True, help_text="Every bad row (the first thousand)."
        )
        return fields


# --- Endpoints ---------------------------------------------------------------------------------


@extend_schema_view(
    create=writes(
        "Import a file: all rows or none (coordinators)",
        ImportSummarySerializer,
        request={"multipart/form-data": ImportUploadSerializer},
        code=201,
        description="multipart/form-data. One bad row means nothing is written: the answer is "
        "400 with every bad row under `error.fields.file` (line, column and reason).",
    ),
)
class ImportViewSet(ProgramScopedViewSet):
    """Schools, mentors and mentees from a spreadsheet."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportUploadSerializer

    @cached_property
    def program(self) -> Program:
        # Outsiders get 404, members who are not coordinators 403.
        return get_program_for_user(
            user=self.caller, slug=self.kwargs["program_slug"], roles=(Role.COORDINATOR,)
        )

    def upload(self) -> tuple[str, Any]:
        """The kind and the file, checked by the page's form (size, type)."""
        self.validated(ImportUploadSerializer)
        form = ImportForm(cast(Any, self.request.data), MultiValueDict(self.request.FILES))
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    field: [str(message) for message in messages]
                    for field, messages in form.errors.items()
                }
            )
        return form.cleaned_data["kind"], form.cleaned_data["file"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        kind, upload = self.upload()
        try:
            summary = spreadsheet_import(
                program=program,
                kind=kind,
                content=upload,  # streamed from the upload, within the IMPORT_* limits
                filename=upload.name,
                actor=self.caller,
            )
        except SpreadsheetError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from exc
        except ImportRejected as rejected:
            raise serializers.ValidationError(
                {"file": [str(error) for error in rejected.errors]}
            ) from rejected
        return Response(
            ImportSummarySerializer(summary.as_dict()).data, status=status.HTTP_201_CREATED
        )

    @writes(
        "Check a file: what importing it would do, or every bad row (coordinators)",
        ImportPreviewSerializer,
        request={"multipart/form-data": ImportUploadSerializer},
        description="multipart/form-data. Nothing is written. A file that cannot be read as a "
        "table (or is over a limit) is a 400.",
    )
    @action(detail=False, methods=["post"])
    def preview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        kind, upload = self.upload()
        body: dict[str, Any]
        try:
            summary = spreadsheet_import_preview(
                program=program,
                kind=kind,
                content=upload,
                filename=upload.name,
                actor=self.caller,
            )
        except SpreadsheetError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from exc
        except ImportRejected as rejected:
            body = {
                "valid": False,
                "summary": None,
                "errors": [
                    {"line": e.line, "column": e.column, "message": e.message}
                    for e in rejected.errors
                ],
                "error_total": rejected.total,
            }
        else:
            body = {"valid": True, "summary": summary.as_dict(), "errors": [], "error_total": 0}
        return Response(ImportPreviewSerializer(body).data)
