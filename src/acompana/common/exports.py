"""Tabular exports (CSV and XLSX) shared by reports and downloads.

Every CSV and XLSX the product writes goes through ``to_csv``/``to_xlsx`` here, so every cell
passes through ``neutralize_cell``: text that a spreadsheet program would read as a formula
(survey answers, imported names, notes) is written as inert text.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
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


# --- Streamed downloads ----------------------------------------------------------------------
# Large lists (a national program's visits) are written row by row: the CSV goes out as the
# rows are read, the XLSX is written by openpyxl's write-only mode into a temporary file (its
# memory stays flat however many rows) and sent from there.


class _Echo:
    """A file-like object whose ``write`` hands back the text, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The table as CSV text, one line at a time (BOM first), every cell neutralised."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield "\ufeff" + writer.writerow(neutralize_row(header))
    for row in rows:
        yield writer.writerow(neutralize_row(row))


def write_csv(out: IO[str], header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> int:
    """Write the table to a text file; returns the number of data rows."""
    count = -1
    for count, line in enumerate(csv_lines(header, rows)):  # noqa: B007
        out.write(line)
    return count


def write_xlsx(
    out: IO[bytes], header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str
) -> int:
    """Write the table to a binary file with openpyxl's write-only workbook (rows are not
    kept in memory); returns the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    sheet.freeze_panes = "A2"

    def cells(row: Iterable[Any], *, bold: bool = False) -> list[Any]:
        out_cells: list[Any] = []
        for value in neutralize_row(row):
            if isinstance(value, str) or bold:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a guessed formula or error value
                if bold:
                    cell.font = Font(bold=True)
                value = cell
            out_cells.append(value)
        return out_cells

    sheet.append(cells(header, bold=True))
    count = 0
    for row in rows:
        sheet.append(cells(row))
        count += 1
    workbook.save(out)
    return count


def streamed_table_response(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, filename: str, fmt: str
) -> HttpResponseBase:
    """A download of the table as ``fmt`` that never holds all the rows: CSV streamed as it
    is read, XLSX written to a temporary file first."""
    if fmt == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_xlsx(spool, header, rows, title=filename)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
        )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
