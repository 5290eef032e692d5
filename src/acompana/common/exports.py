"""Tabular exports (CSV and XLSX) shared by reports and downloads."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str, fmt: str
) -> HttpResponse:
    """A download of the table as ``fmt`` ("csv" or "xlsx"), named ``filename`` plus extension."""
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(header, rows, title=filename), content_type=XLSX_TYPE)
    else:
        # A BOM so that spreadsheet programs open accented names as UTF-8.
        response = HttpResponse("\ufeff" + to_csv(header, rows), content_type="text/csv")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
