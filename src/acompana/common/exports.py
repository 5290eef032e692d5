"""Tabular exports (CSV and XLSX) shared by reports and downloads.

Every CSV and XLSX the product writes goes through ``to_csv``/``to_xlsx`` here, so every cell
passes through ``neutralize_cell``: text that a spreadsheet program would read as a formula
(survey answers, imported names, notes) is written as inert text.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets: "=HYPERLINK(...)", "+1+cmd|...", "-2+3", "@SUM(...)", or hidden behind a tab
# or carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """The value as a spreadsheet may show it safely: text that could run as a formula gets a
    leading apostrophe; numbers, dates and empty cells are left as they are."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralize_row(row: Iterable[Any]) -> list[Any]:
    return [neutralize_cell(value) for value in row]


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(neutralize_row(header))
    writer.writerows(neutralize_row(row) for row in rows)
    return buffer.getvalue()


def to_xlsx(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]

    def cells(row: Iterable[Any], *, bold: bool = False) -> list[Any]:
        out: list[Any] = []
        for value in neutralize_row(row):
            if isinstance(value, str):
                # Always a string cell: openpyxl would otherwise guess a formula ("=...") or
                # an error value ("#N/A") from the text.
                cell = Cell(sheet, value=value)
                cell.data_type = "s"
                value = cell
            elif bold:
                value = Cell(sheet, value=value)
            if bold:
                value.font = Font(bold=True)
            out.append(value)
        return out

    sheet.append(cells(header, bold=True))
    for row in rows:
        sheet.append(cells(row))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, filename: str, fmt: str
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
