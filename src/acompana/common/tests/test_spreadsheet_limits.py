"""Spreadsheets from outside are read within limits: nothing a file claims is trusted."""

import io
import re
import struct
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from acompana.common.spreadsheets import Limits, OverlongCell, SpreadsheetError, read_table

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(cells):
    """A workbook whose first sheet holds ``cells``: {(row, column): value}."""
    workbook = Workbook()
    for (row, column), value in cells.items():
        workbook.active.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(content, *, sheet=None, extra=None):
    """The same archive with the sheet's XML passed through ``sheet`` and ``extra`` members."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET and sheet is not None:
                data = sheet(data)
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def claim_the_whole_grid(xml):
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)


def lying_xlsx(last_row):
    """Header and a row, then one more row at ``last_row``; the sheet claims A1:XFD1048576."""
    content = xlsx_bytes(
        {(1, 1): "code", (1, 2): "name", (2, 1): "T1", (2, 2): "Ana", (last_row, 1): "T2"}
    )
    return rewrite(content, sheet=claim_the_whole_grid)


def test_a_sheet_claiming_the_whole_grid_is_read_as_the_rows_it_holds_in_little_memory():
    content = lying_xlsx(300)
    assert b'<dimension ref="A1:XFD1048576"/>' in zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    tracemalloc.start()
    try:
        table = read_table(content, "lying.xlsx")
        rows = list(table.rows())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.header == ["code", "name"]
    assert rows == [(2, {"code": "T1", "name": "Ana"}), (300, {"code": "T2", "name": ""})]
    # Trusting the dimension pads every row to 16,384 cells (about 100 MB for these 300 rows).
    assert peak < 16 * 1024 * 1024


def test_two_rows_a_million_lines_apart_under_a_lying_dimension_are_read_as_two_rows():
    table = read_table(lying_xlsx(1_048_576), "lying.xlsx")
    assert [line for line, _cells in table.rows()] == [2, 1_048_576]


def test_rows_the_sheet_places_past_the_last_row_of_the_format_are_not_filled_in():
    content = rewrite(
        xlsx_bytes({(1, 1): "code", (2, 1): "T1"}),
        sheet=lambda xml: xml.replace(b'<row r="2"', b'<row r="900000000000"').replace(
            b'r="A2"', b'r="A900000000000"'
        ),
    )
    assert list(read_table(content, "far.xlsx").rows()) == []


def test_an_archive_member_that_inflates_past_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    content = rewrite(
        xlsx_bytes({(1, 1): "code", (2, 1): "T1"}),
        extra={"xl/media/image1.bin": bytes(range(256)) * 8192},  # 2 MiB, barely compressible
    )
    with pytest.raises(SpreadsheetError, match="unzips to more than"):
        read_table(content, "big.xlsx")


def test_a_member_compressed_like_a_zip_bomb_is_refused():
    content = rewrite(
        xlsx_bytes({(1, 1): "code", (2, 1): "T1"}), extra={"xl/media/zeros.bin": bytes(8 << 20)}
    )
    with pytest.raises(SpreadsheetError, match="zip bomb"):
        read_table(content, "bomb.xlsx")


def test_a_member_holding_more_than_it_declares_is_refused():
    content = bytearray(
        rewrite(
            xlsx_bytes({(1, 1): "code", (2, 1): "T1"}),
            extra={"xl/media/data.bin": bytes(range(256)) * 256},
        )
    )
    # Declare 100 bytes in the central directory (offset 24 of the entry) for 64 KiB of data.
    entry = content.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", content, entry + 28)[0]
        if content[entry + 46 : entry + 46 + name_length] == b"xl/media/data.bin":
            break
        entry = content.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", content, entry + 24, 100)
    with pytest.raises(SpreadsheetError, match="cannot be opened"):
        read_table(bytes(content), "lying-size.xlsx")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_wider_than_the_column_limit_is_refused(settings, kind):
    settings.IMPORT_MAX_COLUMNS = 5
    names = [f"c{n}" for n in range(6)]
    content = (
        (",".join(names) + "\n1,2,3,4,5,6\n").encode()
        if kind == "csv"
        else xlsx_bytes({(1, n + 1): name for n, name in enumerate(names)})
    )
    with pytest.raises(SpreadsheetError, match="more than 5 columns"):
        read_table(content, f"wide.{kind}")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused_without_reading_on(settings, kind):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["code"]] + [[f"T{n}"] for n in range(4)]
    content = (
        "\n".join(r[0] for r in rows).encode()
        if kind == "csv"
        else xlsx_bytes({(n + 1, 1): r[0] for n, r in enumerate(rows)})
    )
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_table(content, f"long.{kind}")


def test_blank_lines_do_not_count_toward_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 2
    table = read_table(b"code\nT1\n\n\n,\nT2\n", "x.csv")
    assert [line for line, _cells in table.rows()] == [2, 6]


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_FILE_BYTES = 100
    with pytest.raises(SpreadsheetError, match="one import reads at most 100"):
        read_table(b"code\n" + b"T1\n" * 50, "x.csv")


def test_a_cell_over_the_limit_is_kept_as_its_length_only(settings):
    settings.IMPORT_MAX_CELL_CHARS = 10
    table = read_table(b'code,note\nT1,"' + b"x" * 50 + b'"\nT2,short\n', "x.csv")
    rows = list(table.rows())
    assert isinstance(rows[0][1]["note"], OverlongCell)
    assert rows[0][1]["note"].length == 50
    assert rows[1][1]["note"] == "short"


def test_a_csv_cell_past_pythons_field_limit_is_a_clear_error_not_a_csv_error():
    content = b"code,note\nT1,ok\nT2," + b"x" * 200_000 + b"\n"
    with pytest.raises(SpreadsheetError, match=r"line 3: a cell is longer than"):
        read_table(content, "x.csv")


def test_a_physical_line_longer_than_any_row_can_be_is_refused_before_it_is_read():
    limits = Limits(max_columns=2, max_cell_chars=10)
    content = b"code,note\n" + b"," * (limits.max_line_chars + 10) + b"\n"
    with pytest.raises(SpreadsheetError, match="line 2 is longer than"):
        read_table(content, "x.csv", limits=limits)


def test_tables_read_from_an_open_file_leave_the_file_open(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("code;name\nT1;José\n".encode("cp1252"))
    with path.open("rb") as stream:
        table = read_table(stream, path.name)
        assert not stream.closed
    assert list(table.rows()) == [(2, {"code": "T1", "name": "José"})]
    assert list(table.rows()) == [(2, {"code": "T1", "name": "José"})]  # walked twice
