"""Imports over the API: preview writes nothing, confirm writes all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from rest_framework.test import APIClient

from acompana.common.models import AuditEntry
from acompana.people.models import MentorProfile
from acompana.people.tests.test_imports import mentors_csv
from acompana.programs.models import Region

URL = "/api/v1/programs/test-program/imports/"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
EXPECTED = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}
GOOD = mentors_csv(
    "1A,Rosa,Quispe,rosa@example.org,Cusco,licensed,5,0,yes,yes,1,es qu,8",
    "7G,Marleny,Yupanqui,marleny@example.org,Puno,master,20,2.5,sí,no,2,es,6",
)
BAD = mentors_csv(
    "1A,Rosa,Quispe,rosa@example.org,Cusco,licensed,5,0,yes,yes,1,es,8",
    "2B,Julio,Mamani,not-an-email,Cusco,master,10,3,no,no,2,es,8",
)


def upload(text: str | bytes, name: str = "mentors.csv") -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def imported(world) -> set[str]:
    return set(
        MentorProfile.objects.filter(
            program=world.program, code__in=["1A", "7G", "2B"]
        ).values_list("code", flat=True)
    )


def test_a_coordinator_previews_then_confirms_an_import(api_as, world):
    client = api_as("coordinator")
    preview = client.post(f"{URL}preview/", {"kind": "mentors", "file": upload(GOOD)})
    assert preview.status_code == 200, preview.json()
    body = preview.json()
    assert body["valid"] is True
    assert (body["summary"]["created"], body["summary"]["regions_created"]) == (
        2,
        ["Cusco", "Puno"],
    )
    assert imported(world) == set()
    assert not Region.objects.filter(program=world.program, name="Cusco").exists()
    assert not AuditEntry.objects.filter(action="people.import.mentors").exists()

    confirmed = client.post(URL, {"kind": "mentors", "file": upload(GOOD)})
    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["created"] == 2
    assert imported(world) == {"1A", "7G"}
    assert AuditEntry.objects.filter(action="people.import.mentors").exists()


def test_the_preview_lists_every_bad_row_and_confirm_writes_nothing(api_as, world):
    client = api_as("coordinator")
    preview = client.post(f"{URL}preview/", {"kind": "mentors", "file": upload(BAD)}).json()
    assert preview["valid"] is False
    assert preview["summary"] is None
    assert [(e["line"], e["column"]) for e in preview["errors"]] == [(3, "email")]
    assert preview["error_total"] == 1

    confirmed = client.post(URL, {"kind": "mentors", "file": upload(BAD)})
    assert confirmed.status_code == 400
    error = confirmed.json()["error"]
    assert error["code"] == "invalid"
    assert "not-an-email" in error["fields"]["file"][0]
    assert imported(world) == set()


def test_an_xlsx_file_is_read_as_on_the_page(api_as, world):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    content = io.BytesIO()
    book.save(content)
    client = api_as("coordinator")
    response = client.post(
        URL, {"kind": "mentors", "file": upload(content.getvalue(), "mentors.xlsx")}
    )
    assert response.status_code == 201, response.json()
    assert imported(world) == {"1A", "7G"}


def test_a_file_of_another_type_or_an_unknown_kind_is_refused(api_as, world):
    client = api_as("coordinator")
    wrong_type = client.post(URL, {"kind": "mentors", "file": upload(GOOD, "mentors.pdf")})
    assert wrong_type.status_code == 400
    assert "file" in wrong_type.json()["error"]["fields"]
    wrong_kind = client.post(f"{URL}preview/", {"kind": "cats", "file": upload(GOOD)})
    assert wrong_kind.status_code == 400
    assert "kind" in wrong_kind.json()["error"]["fields"]
    missing = client.post(URL, {"kind": "mentors"})
    assert missing.status_code == 400


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_import(api_as, world, persona):
    client = api_as(persona)
    preview = client.post(f"{URL}preview/", {"kind": "mentors", "file": upload(GOOD)})
    assert preview.status_code == EXPECTED[persona]
    confirmed = client.post(URL, {"kind": "mentors", "file": upload(GOOD)})
    assert confirmed.status_code == (201 if persona == "coordinator" else EXPECTED[persona])
    if persona != "coordinator":
        assert imported(world) == set()


def test_anonymous_callers_get_401(db, world):
    assert APIClient().post(f"{URL}preview/", {"kind": "mentors"}).status_code == 401
