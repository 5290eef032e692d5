"""Reading the CSV and XLSX files that programs keep their lists in.

Spreadsheet programs save CSV as UTF-8 (with or without a byte-order mark) or as Latin-1 /
Windows-1252, with ``,`` or ``;`` between cells (``;`` where the decimal mark is a comma).
XLSX files are read with openpyxl. Everything comes back as text keyed by a normalized header.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook


class SpreadsheetError(ValueError):
    """The file cannot be read as a table at all (not a row-level problem)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, cells by column)


def normalize_header(name: str) -> str:
    return "_".join(name.replace("\ufeff", "").strip().lower().split())


def decode(content: bytes) -> str:
    """UTF-8 (BOM or not) when it decodes; otherwise the Windows-1252 superset of Latin-1."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        # 5.0 read from a numeric cell means "5"; keep decimals exact otherwise.
        return str(Decimal(repr(value)).normalize()) if value != int(value) else str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = decode(content)
    if not text.strip():
        raise SpreadsheetError("the file is empty")
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    previous_end = 0
    for cells in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if header is None:
            if any(c.strip() for c in cells):
                header = cells
            continue
        rows.append((start, cells))
    if header is None:
        raise SpreadsheetError("the file has no header row")
    return header, rows


def _read_xlsx(content: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SpreadsheetError(f"the spreadsheet cannot be opened ({exc})") from exc
    sheet = workbook.worksheets[0]
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            if any(cells):
                header = cells
            continue
        rows.append((line, cells))
    workbook.close()
    if header is None:
        raise SpreadsheetError("the spreadsheet has no header row")
    return header, rows


def read_table(content: bytes, filename: str = "") -> Table:
    """Read a CSV or XLSX file (told apart by its content, not only its name)."""
    is_xlsx = content[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    raw_header, raw_rows = _read_xlsx(content) if is_xlsx else _read_csv(content)
    header = [normalize_header(h) for h in raw_header]
    rows = []
    for line, cells in raw_rows:
        if not any(c.strip() for c in cells):
            continue  # blank lines are not rows
        padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append((line, {h: padded[i] for i, h in enumerate(header) if h}))
    return Table(header=[h for h in header if h], rows=rows)


def fold(text: str) -> str:
    """Lower-case without accents, to compare words such as "Sí" and "si"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
