"""The cost report opens on the latest year that has records, and writes numbers for its
reader: localised on the page, machine-readable in CSV and XLSX."""

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from acompana.costs.models import Expense
from acompana.costs.selectors import latest_report_year
from acompana.costs.tests.factories import BudgetLineFactory, ExpenseFactory, TimeLogFactory

BASE = "/p/test-program/costs"


def old_records(world) -> None:
    """A program whose records are from 2019 to 2021 only."""
    TimeLogFactory(mentor=world.mentor_profile, worked_on=datetime.date(2019, 6, 3))
    ExpenseFactory(
        mentor=world.mentor_profile,
        spent_on=datetime.date(2021, 3, 9),
        amount=Decimal("12.50"),
        status=Expense.Status.APPROVED,
    )
    BudgetLineFactory(program=world.program, year=2020, amount=Decimal("1000.50"))


def test_the_report_opens_on_the_latest_year_with_records_not_an_empty_current_year(
    as_persona, world
):
    old_records(world)
    assert latest_report_year(program=world.program) == 2021
    page = as_persona("coordinator").get(f"{BASE}/report/").content.decode()
    assert '<option value="2021" selected>' in page


def test_a_program_without_records_opens_on_this_year(world):
    assert latest_report_year(program=world.program) == timezone.localdate().year


def test_spanish_readers_read_decimal_commas_on_the_page_and_dots_in_csv_and_xlsx_numbers(
    as_persona, world
):
    old_records(world)
    client = as_persona("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(f"{BASE}/report/?year=2021").content.decode()
    assert "12,50" in page and "12.50" not in page
    csv = client.get(f"{BASE}/report/?year=2021&format=csv").content.decode("utf-8-sig")
    assert ",12.50," in csv
    xlsx = client.get(f"{BASE}/report/?year=2021&format=xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    costs = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert 12.5 in costs and all(not isinstance(c, str) for c in costs if c is not None)
