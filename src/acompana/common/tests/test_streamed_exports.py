"""The streamed writers (CSV line by line, XLSX in write-only mode) neutralise every cell as
the in-memory ones do, and keep numbers as numbers."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from acompana.common.exports import csv_lines, write_csv, write_xlsx

ROW = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", -5, 2.5]
SAFE = ["'" + v if isinstance(v, str) and v != "plain" else v for v in ROW]


def test_csv_lines_start_with_a_bom_and_neutralise_every_trigger():
    lines = list(csv_lines(["a"] * len(ROW), iter([ROW])))
    assert lines[0].startswith("\ufeff")
    assert len(lines) == 2
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")",\'+1,\'-2+3,\'@SUM(A1)')
    assert lines[1].rstrip("\n").endswith(",plain,-5,2.5")


def test_write_csv_counts_the_rows_it_wrote():
    out = io.StringIO()
    assert write_csv(out, ["a"], iter([["x"], ["y"]])) == 2
    assert out.getvalue() == "\ufeffa\nx\ny\n"


@pytest.mark.parametrize("rows", [[], [ROW]])
def test_write_xlsx_reads_back_with_text_neutralised_and_numbers_as_numbers(rows):
    out = io.BytesIO()
    when = datetime.datetime(2026, 5, 4, 9, 30)
    count = write_xlsx(
        out,
        ["=title", *["h"] * (len(ROW) - 1)],
        iter([*r, when, Decimal("1.5")] for r in rows),
        title="t",
    )
    assert count == len(rows)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "'=title"
    if rows:
        assert values[1][: len(ROW)] == SAFE
        assert values[1][len(ROW)] == when
        assert values[1][len(ROW) + 1] == 1.5
