"""Table 3's years are numbers: the page writes them in the reader's language (2,5 in Spanish),
the CSV keeps 2.5, the spreadsheet holds a number and the API still writes the text "2.5"."""

import io
from decimal import Decimal

from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from acompana.api.testing import api_as  # noqa: F401  (fixture)


def years_cells(response, code: str) -> list[str]:
    tree = html.fromstring(response.content.decode())
    row = tree.xpath(f'//table[@id="mentor-experience"]//tr[td[1]="{code}"]')[0]
    return [td.text_content().strip() for td in row.xpath("td")][3:5]


def half_years(world) -> None:
    profile = world.mentor_profile
    profile.teaching_years = Decimal("12.5")
    profile.management_years = Decimal("3")
    profile.save(update_fields=["teaching_years", "management_years"])


def test_the_page_writes_half_years_with_a_comma_in_spanish(world, as_persona):
    half_years(world)
    client = as_persona("coordinator")
    url = reverse("people:mentor_experience", args=[world.program.slug])

    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert years_cells(spanish, world.mentor_profile.code) == ["12,5", "3"]
    assert years_cells(english, world.mentor_profile.code) == ["12.5", "3"]


def test_the_downloads_keep_a_dot_in_csv_and_a_number_in_xlsx(world, as_persona):
    half_years(world)
    client = as_persona("coordinator")
    url = reverse("people:mentor_experience", args=[world.program.slug])

    csv_text = client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="es").content.decode(
        "utf-8-sig"
    )
    xlsx = client.get(url, {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="es")

    row = next(line for line in csv_text.splitlines() if line.startswith(world.mentor_profile.code))
    assert ",12.5,3," in row
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = next(r for r in sheet.iter_rows(values_only=True) if r[0] == world.mentor_profile.code)
    assert cells[3:5] == (12.5, 3)


def test_the_api_writes_the_years_as_text(world, api_as):  # noqa: F811
    half_years(world)

    rows = api_as("coordinator").get("/api/v1/programs/test-program/reports/mentor-experience/")

    row = next(r for r in rows.json()["rows"] if r[0] == world.mentor_profile.code)
    assert row[3:5] == ["12.5", "3"]
