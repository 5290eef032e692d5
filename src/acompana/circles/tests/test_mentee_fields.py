"""The mentee fields for forming circles: imported (optional columns), written and read over
the API."""

import pytest
from django.urls import reverse

from acompana.api.testing import BASE
from acompana.common.importing import ImportRejected
from acompana.people.imports import spreadsheet_import
from acompana.people.models import MenteeProfile
from acompana.programs.tests.factories import SchoolFactory

HEADER = "code,first_name,last_name,email,position,school_code"


def run(program, text):
    return spreadsheet_import(
        program=program, kind="mentees", content=text.encode(), filename="m.csv", actor=None
    )


def test_the_circle_columns_are_imported_and_left_alone_when_absent(world):
    school = SchoolFactory(program=world.program, code="S1")
    run(
        world.program,
        f"{HEADER},subject,grade_level,career_stage,teaching_philosophy\n"
        f"T1,Ana,Ríos,ana@example.org,docente,{school.code},Matemática,3.º de secundaria,"
        "Altamente competente,Aprender haciendo\n",
    )
    ana = MenteeProfile.objects.get(program=world.program, code="T1")
    assert (ana.subject, ana.grade_level, ana.career_stage, ana.teaching_philosophy) == (
        "Matemática",
        "3.º de secundaria",
        "highly_proficient",
        "Aprender haciendo",
    )
    run(world.program, f"{HEADER}\nT1,Ana,Ríos,ana@example.org,docente,{school.code}\n")
    ana.refresh_from_db()
    assert ana.subject == "Matemática" and ana.career_stage == "highly_proficient"


def test_an_unknown_career_stage_is_a_row_error(world):
    school = SchoolFactory(program=world.program, code="S2")
    with pytest.raises(ImportRejected):
        run(
            world.program,
            f"{HEADER},career_stage\nT2,Bo,Li,bo@example.org,docente,{school.code},experto\n",
        )


def test_the_api_reads_and_writes_the_circle_fields(world, api_as):
    url = f"{BASE}/mentees/{world.mentee_profile.code}/"
    client = api_as("coordinator")
    response = client.patch(
        url,
        {"subject": "Comunicación", "grade_level": "5.º de primaria", "career_stage": "beginning"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = client.get(url).json()
    assert (body["subject"], body["grade_level"], body["career_stage"]) == (
        "Comunicación",
        "5.º de primaria",
        "beginning",
    )


def test_the_mentee_page_shows_the_circle_fields(world, as_persona):
    mentee = world.mentee_profile
    mentee.subject, mentee.grade_level, mentee.career_stage = "Arte", "2.º grado", "proficient"
    mentee.save(update_fields=["subject", "grade_level", "career_stage"])
    url = reverse("hub:mentee", args=[world.program.slug, mentee.code])
    body = as_persona("coordinator").get(url).text
    assert "Arte" in body and "2.º grado" in body and "Proficient" in body
