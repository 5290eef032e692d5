"""Reading the CSV and XLSX files that programs keep their lists in, within fixed limits.

Spreadsheet programs save CSV as UTF-8 (with or without a byte-order mark) or as Latin-1 /
Windows-1252, with ``,`` or ``;`` between cells (``;`` where the decimal mark is a comma).
XLSX files are read with openpyxl. Everything comes back as text keyed by a normalized header.

A file comes from outside, so nothing it claims is trusted: its size is checked before it is
read, an XLSX archive's members are inflated once with a counter (declared sizes, real sizes
and compression ratio) before openpyxl opens it, the sheet is streamed without its declared
dimension, and reading stops with a clear message at the row and column limits of one import
(``IMPORT_*`` settings). Rows are checked once and spooled to a temporary file, so a table can
be walked several times without holding the sheet in memory; a cell longer than the limit is
replaced by its length (``OverlongCell``) and reported by the importer with its line and column.
"""

import codecs
import csv
import io
import itertools
import marshal
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

# The XLSX format has at most 1,048,576 rows; openpyxl would fill a gap up to any row number a
# sheet names, so rows past this one are never asked for.
XLSX_MAX_ROWS = 1_048_576
# An XLSX holds a dozen parts; thousands of members only cost time to check.
XLSX_MAX_MEMBERS = 1000
# Members smaller than this are not judged by their compression ratio (tiny XML parts compress
# well and cannot hurt).
RATIO_FREE_BYTES = 1024 * 1024
CHUNK_BYTES = 1024 * 1024
# Python's csv module refuses longer cells with csv.Error; cells between the import's own limit
# and this one are row-level errors, longer ones stop the reading with a clear message.
CSV_FIELD_LIMIT = 131_072


class SpreadsheetError(ValueError):
    """The file cannot be read as a table at all (not a row-level problem)."""


@dataclass(frozen=True)
class Limits:
    """How much one import may read (settings ``IMPORT_*``, see README)."""

    max_bytes: int = 64 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 100
    max_cell_chars: int = 10_000
    max_unzipped_bytes: int = 256 * 1024 * 1024
    max_compression_ratio: int = 100

    @classmethod
    def from_settings(cls) -> "Limits":
        defaults = cls()
        return cls(
            max_bytes=getattr(settings, "IMPORT_MAX_FILE_BYTES", defaults.max_bytes),
            max_rows=getattr(settings, "IMPORT_MAX_ROWS", defaults.max_rows),
            max_columns=getattr(settings, "IMPORT_MAX_COLUMNS", defaults.max_columns),
            max_cell_chars=getattr(settings, "IMPORT_MAX_CELL_CHARS", defaults.max_cell_chars),
            max_unzipped_bytes=getattr(
                settings, "IMPORT_MAX_UNZIPPED_BYTES", defaults.max_unzipped_bytes
            ),
            max_compression_ratio=getattr(
                settings, "IMPORT_MAX_COMPRESSION_RATIO", defaults.max_compression_ratio
            ),
        )

    @property
    def max_line_chars(self) -> int:
        """The longest physical CSV line worth reading: every column full, plus one huge cell."""
        return self.max_columns * (self.max_cell_chars + 3) + self.csv_field_limit

    @property
    def csv_field_limit(self) -> int:
        return max(CSV_FIELD_LIMIT, 2 * self.max_cell_chars)


class OverlongCell(str):
    """Stands for a cell longer than the limit: its text is dropped, only its length is kept."""

    length: int

    def __new__(cls, length: int) -> "OverlongCell":
        cell = super().__new__(cls, "")
        cell.length = length
        return cell

    def __repr__(self) -> str:
        return f"OverlongCell({self.length})"


Row = tuple[int, dict[str, str]]  # (line number in the file, cells by column)


class Table:
    """A checked table: its header, and its rows read back from a spool on each ``rows()``.

    The spool is a temporary file (in memory while small), so walking the rows twice costs no
    second parse of the original file and no list of every row in memory. Close the table (or
    use it in a ``with`` block) to drop the spool.
    """

    def __init__(self, columns: list[str], *, row_count: int, spool: IO[bytes]) -> None:
        self._columns = columns  # every column of the file, "" where the header cell is empty
        self.header = [name for name in columns if name]
        self.row_count = row_count
        self._spool = spool

    def rows(self) -> Iterator[Row]:
        """The non-blank rows after the header, in file order (one walk at a time)."""
        self._spool.seek(0)
        for _row in range(self.row_count):
            line, cells = marshal.load(self._spool)
            yield (
                line,
                {
                    name: OverlongCell(value) if isinstance(value, int) else value
                    for name, value in zip(self._columns, cells, strict=False)
                    if name
                },
            )

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


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


class _Collector:
    """Checks rows as a reader yields them and spools the good ones (the one pass over a file)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.header: list[str] | None = None
        self.width = 0
        self.count = 0
        # Closed by Table.close (the table outlives this reader).
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115

    def add(self, line: int, cells: list[str]) -> None:
        if self.header is None:
            self._set_header(line, cells)
            return
        row: list[str | int] = []
        blank = True
        for text in cells[: self.width]:
            text = text.strip()
            if text:
                blank = False
                if len(text) > self.limits.max_cell_chars:
                    row.append(len(text))  # the length stands for the cell (OverlongCell)
                    continue
            row.append(text)
        if blank:
            return  # blank lines are not rows
        self.count += 1
        if self.count > self.limits.max_rows:
            raise SpreadsheetError(
                _(
                    "The file has more than %(max)s rows, the limit of one import (line "
                    "%(line)s is row %(row)s). Split it into several files."
                )
                % {
                    "max": _number(self.limits.max_rows),
                    "line": _number(line),
                    "row": _number(self.count),
                }
            )
        row.extend([""] * (len(self.header) - len(row)))
        marshal.dump((line, row), self.spool)

    def _set_header(self, line: int, cells: list[str]) -> None:
        names = [c.strip() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names:
            return  # blank lines before the header
        if len(names) > self.limits.max_columns:
            raise SpreadsheetError(
                _("The header row has more than %(max)s columns, the limit of one import.")
                % {"max": _number(self.limits.max_columns)}
            )
        if any(len(name) > self.limits.max_cell_chars for name in names):
            raise SpreadsheetError(
                _("line %(line)s: a column name is longer than %(max)s characters.")
                % {"line": line, "max": _number(self.limits.max_cell_chars)}
            )
        self.header = [normalize_header(name) for name in names]
        self.width = len(names)

    def table(self, *, empty_message: str) -> Table:
        if self.header is None:
            self.spool.close()
            raise SpreadsheetError(empty_message)
        return Table(self.header, row_count=self.count, spool=self.spool)


# --- CSV -------------------------------------------------------------------------------------


def _encoding(stream: IO[bytes]) -> str:
    """UTF-8 (BOM or not) if the whole file decodes as it, else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _lines(text: IO[str], limit: int) -> Iterator[str]:
    """The file's physical lines, refusing one longer than ``limit`` before it is all read."""
    number = 0
    while line := text.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise SpreadsheetError(
                _("line %(line)s is longer than %(max)s characters; it cannot be a table row.")
                % {"line": _number(number), "max": _number(limit)}
            )
        yield line


def _csv_error(exc: csv.Error, line_number: int, limits: Limits) -> SpreadsheetError:
    line = _number(line_number)
    if "field larger than field limit" in str(exc):
        return SpreadsheetError(
            _(
                "line %(line)s: a cell is longer than %(limit)s characters (one import "
                "reads at most %(max)s per cell)."
            )
            % {
                "line": line,
                "limit": _number(csv.field_size_limit()),
                "max": _number(limits.max_cell_chars),
            }
        )
    return SpreadsheetError(
        _("line %(line)s cannot be read as CSV (%(reason)s).") % {"line": line, "reason": exc}
    )


def _read_csv(stream: IO[bytes], limits: Limits) -> Table:
    encoding = _encoding(stream)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        lines = _lines(text, limits.max_line_chars)
        leading: list[str] = []
        for line in lines:
            leading.append(line)
            if line.strip():
                break
        else:
            raise SpreadsheetError(_("The file is empty."))
        if csv.field_size_limit() < limits.csv_field_limit:
            csv.field_size_limit(limits.csv_field_limit)  # process-wide; only ever raised
        reader = csv.reader(
            itertools.chain(leading, lines), delimiter=_delimiter(leading[-1].lstrip("\ufeff"))
        )
        collector = _Collector(limits)
        previous_end = 0
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                collector.add(start, cells)
        except csv.Error as exc:
            collector.spool.close()
            raise _csv_error(exc, reader.line_num, limits) from None
        except SpreadsheetError:
            collector.spool.close()
            raise
        return collector.table(empty_message=_("The file has no header row."))
    finally:
        text.detach()  # the caller owns the stream


# --- XLSX ------------------------------------------------------------------------------------


def _check_archive(stream: IO[bytes], limits: Limits) -> None:
    """Refuse an archive that would inflate past the limits, before openpyxl opens it.

    Declared sizes and ratios are checked first (cheap), then every member is inflated once
    with a counter, so a member that holds more than it declares is caught too.
    """
    too_big = _("The spreadsheet unzips to more than %(max)s, the limit of one import.") % {
        "max": filesizeformat(limits.max_unzipped_bytes)
    }
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS:
                raise SpreadsheetError(
                    _("The spreadsheet holds %(count)s parts; a workbook has far fewer.")
                    % {"count": _number(len(members))}
                )
            if sum(m.file_size for m in members) > limits.max_unzipped_bytes:
                raise SpreadsheetError(too_big)
            for member in members:
                if member.file_size > max(
                    RATIO_FREE_BYTES, limits.max_compression_ratio * member.compress_size
                ):
                    raise SpreadsheetError(
                        _(
                            "The spreadsheet part %(name)s is compressed more than %(ratio)s "
                            "times, which no real sheet is; it is refused as a zip bomb."
                        )
                        % {"name": member.filename, "ratio": limits.max_compression_ratio}
                    )
            total = 0
            for member in members:
                inflated = 0
                with archive.open(member) as part:
                    while chunk := part.read(CHUNK_BYTES):
                        inflated += len(chunk)
                        total += len(chunk)
                        if inflated > member.file_size or total > limits.max_unzipped_bytes:
                            raise SpreadsheetError(too_big)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise _unreadable(exc) from exc
    except RuntimeError as exc:  # an encrypted member
        raise _unreadable(exc) from exc
    finally:
        stream.seek(0)


def _unreadable(exc: Exception) -> SpreadsheetError:
    return SpreadsheetError(_("The spreadsheet cannot be opened (%(reason)s).") % {"reason": exc})


def _read_xlsx(stream: IO[bytes], limits: Limits) -> Table:
    _check_archive(stream, limits)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _unreadable(exc) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("The spreadsheet has no sheet."))
        sheet = workbook.worksheets[0]
        # The <dimension> a file declares is not trusted: with it openpyxl pads every row to
        # the declared width and fills up to the declared height (A1:XFD1048576 is 17 billion
        # cells). Rows are read as the sheet holds them, never wider than the limit.
        sheet.reset_dimensions()
        collector = _Collector(limits)
        try:
            header_line = 0
            for line, values in _sheet_rows(sheet, 1, limits.max_columns + 1):
                collector.add(line, [_cell_text(v) for v in values])
                if collector.header is not None:
                    header_line = line
                    break
            if collector.header is not None:
                for line, values in _sheet_rows(sheet, header_line + 1, collector.width):
                    if values.count(None) != len(values):
                        collector.add(line, [_cell_text(v) for v in values])
        except SpreadsheetError:
            collector.spool.close()
            raise
        except Exception as exc:  # a damaged sheet fails while it streams
            collector.spool.close()
            raise _unreadable(exc) from exc
        return collector.table(empty_message=_("The spreadsheet has no header row."))
    finally:
        workbook.close()


def _sheet_rows(sheet: Any, first: int, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    rows: Iterable[tuple[Any, ...]] = sheet.iter_rows(
        min_row=first, max_row=XLSX_MAX_ROWS, max_col=width, values_only=True
    )
    return zip(itertools.count(first), rows, strict=False)


# --- Entry point -----------------------------------------------------------------------------


def file_size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def read_table(
    content: bytes | IO[bytes], filename: str = "", *, limits: Limits | None = None
) -> Table:
    """Read a CSV or XLSX file (told apart by its content, not only its name) within limits.

    ``content`` is the file's bytes or a seekable binary file (an upload, an open path).
    Raises SpreadsheetError when the file is over a limit or is not a table.
    """
    limits = limits or Limits.from_settings()
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    size = file_size(stream)
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s; one import reads at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(limits.max_bytes)}
        )
    is_xlsx = stream.read(4) == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    stream.seek(0)
    return _read_xlsx(stream, limits) if is_xlsx else _read_csv(stream, limits)


def fold(text: str) -> str:
    """Lower-case without accents, to compare words such as "Sí" and "si"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
