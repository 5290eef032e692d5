import io

import pytest
from openpyxl import Workbook

from acompana.common.spreadsheets import SpreadsheetError, fold, read_table

ROWS = "code;first_name;last_name\nT1;José;Ñahui\n"


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        ROWS.encode("utf-8"),
        ROWS.encode("utf-8-sig"),
        ROWS.encode("latin-1"),
        ROWS.encode("cp1252"),
        ROWS.replace(";", ",").encode("utf-8"),
        ROWS.replace(";", "\t").encode("utf-8"),
        ROWS.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=["utf8", "utf8-bom", "latin1", "cp1252", "comma", "tab", "crlf"],
)
def test_csv_files_are_read_whatever_their_encoding_and_delimiter(content):
    table = read_table(content, "people.csv")
    assert table.header == ["code", "first_name", "last_name"]
    assert list(table.rows()) == [(2, {"code": "T1", "first_name": "José", "last_name": "Ñahui"})]


def test_headers_are_normalized_and_blank_lines_skipped_keeping_file_line_numbers():
    content = b" Code ;First Name\n\nT1;Ana\n;\nT2;Luis\n"
    table = read_table(content, "x.csv")
    assert table.header == ["code", "first_name"]
    assert [line for line, _ in table.rows()] == [3, 5]


def test_quoted_cells_with_line_breaks_keep_the_starting_line():
    content = b'code,note\nT1,"two\nlines"\nT2,x\n'
    assert [line for line, _ in read_table(content, "x.csv").rows()] == [2, 4]


def test_xlsx_files_are_read_with_numbers_as_text():
    content = xlsx(
        [["code", "years", "when"], ["T1", 2.5, 5.0], [None, None, None], ["T2", 3, "x"]]
    )
    table = read_table(content, "people.xlsx")
    assert list(table.rows()) == [
        (2, {"code": "T1", "years": "2.5", "when": "5"}),
        (4, {"code": "T2", "years": "3", "when": "x"}),
    ]


def test_an_xlsx_is_recognized_by_its_content_even_when_misnamed():
    assert list(read_table(xlsx([["code"], ["T1"]]), "people.csv").rows()) == [(2, {"code": "T1"})]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"PK\x03\x04broken"])
def test_empty_or_broken_files_are_refused_with_a_reason(content):
    with pytest.raises(SpreadsheetError):
        read_table(content, "x.csv")


def test_fold_ignores_accents_and_case():
    assert fold("  Sí ") == fold("si") == "si"
