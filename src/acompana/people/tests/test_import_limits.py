"""Imports at the limits: huge cells, too many rows, more rows than SQLite takes variables."""

import io
import sqlite3
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from acompana.accounts.models import User
from acompana.common import importing
from acompana.common.importing import ImportRejected
from acompana.common.spreadsheets import SpreadsheetError
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.tests.test_imports import mentors_csv, run
from acompana.programs.models import Region, School
from acompana.programs.tests.factories import ProgramFactory


@pytest.fixture
def program(db):
    return ProgramFactory(slug="limits")


def mentor_row(n, *, first_name="Ana"):
    return f"T{n:05d},{first_name},Pari,ana{n}@example.org,Cusco,master,8,1,no,no,1,es,6"


@pytest.fixture
def few_sql_variables(db):
    """SQLite as older builds ship it: at most 999 variables in one statement."""
    if connection.vendor != "sqlite":
        pytest.skip("the variable limit is SQLite's")
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def test_more_mentors_than_sqlite_takes_variables_import_in_batches(program, few_sql_variables):
    text = mentors_csv(*(mentor_row(n) for n in range(2000)))
    summary = run(program, "mentors", text)
    assert (summary.rows, summary.created) == (2000, 2000)
    assert MentorProfile.objects.filter(program=program).count() == 2000
    again = run(program, "mentors", text)
    assert (again.rows, again.unchanged) == (2000, 2000)


def test_more_mentees_and_schools_than_sqlite_takes_variables_import_in_batches(
    program, few_sql_variables
):
    schools = "code,name,region\n" + "".join(f"S{n:05d},Escuela {n},Puno\n" for n in range(1200))
    assert run(program, "schools", schools).created == 1200
    header = "code,first_name,last_name,email,position,school_code"
    mentees = f"{header}\n" + "".join(
        f"D{n:05d},Ana,Pari,d{n}@example.org,teacher,s{n:05d}\n" for n in range(1200)
    )
    summary = run(program, "mentees", mentees)
    assert summary.created == 1200
    mentee = MenteeProfile.objects.get(code="D00007")
    assert (mentee.school.code, mentee.region.name) == ("S00007", "Puno")


def test_a_bad_row_after_batches_were_written_rolls_everything_back(program):
    rows = [mentor_row(n) for n in range(1200)]
    rows[1100] = rows[1100].replace("@example.org", "-at-example.org")
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", mentors_csv(*rows))
    assert [(e.line, e.column) for e in caught.value.errors] == [(1102, "email")]
    assert MentorProfile.objects.count() == 0
    assert User.objects.filter(email__startswith="ana").count() == 0
    assert Region.objects.filter(program=program).count() == 0


def test_a_code_repeated_in_a_later_batch_is_reported_with_its_first_line(program):
    rows = [mentor_row(n) for n in range(900)]
    rows.append(mentor_row(3).replace("ana3@", "other@"))
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", mentors_csv(*rows))
    [error] = caught.value.errors
    assert (error.line, error.column) == (902, "code")
    assert "line 5" in error.message


def test_errors_beyond_the_cap_are_counted_not_listed(program, monkeypatch):
    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 3)
    rows = [mentor_row(n).replace("@example.org", "@") for n in range(10)]
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", mentors_csv(*rows))
    assert [e.line for e in caught.value.errors] == [2, 3, 4]
    assert (caught.value.total, caught.value.more) == (10, 7)


def test_an_overlong_cell_is_a_row_error_with_its_line_and_column(program, settings):
    settings.IMPORT_MAX_CELL_CHARS = 50
    text = mentors_csv(mentor_row(1), mentor_row(2, first_name="A" * 60))
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", text)
    [error] = caught.value.errors
    assert (error.line, error.column) == (3, "first_name")
    assert "60 characters" in str(error)
    assert str(error).startswith("line 3, column first_name:")
    assert MentorProfile.objects.count() == 0


def test_a_code_longer_than_the_database_column_is_a_row_error(program):
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", mentors_csv(mentor_row(1).replace("T00001", "C" * 41, 1)))
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, "code")]


def test_the_command_refuses_a_cell_past_the_csv_field_limit_and_writes_nothing(program, tmp_path):
    path = tmp_path / "mentors.csv"
    path.write_text(mentors_csv(mentor_row(1), mentor_row(2, first_name="A" * 140_000)))
    with pytest.raises(CommandError, match="line 3: a cell is longer than") as caught:
        call_command("import", "mentors", str(path), "--program", program.slug)
    assert "Nothing was imported" in str(caught.value)
    assert MentorProfile.objects.count() == 0


def test_the_command_reports_an_overlong_cell_with_its_line_and_column(
    program, tmp_path, settings, capsys
):
    settings.IMPORT_MAX_CELL_CHARS = 100
    path = tmp_path / "mentors.csv"
    path.write_text(mentors_csv(mentor_row(1), mentor_row(2, first_name="A" * 5000)))
    with pytest.raises(CommandError, match="Nothing was imported: 1 error"):
        call_command("import", "mentors", str(path), "--program", program.slug)
    assert "line 3, column first_name: the cell has 5,000 characters" in capsys.readouterr().err
    assert MentorProfile.objects.count() == 0


def test_the_command_refuses_more_rows_than_the_limit_and_writes_nothing(
    program, tmp_path, settings
):
    settings.IMPORT_MAX_ROWS = 5
    path = tmp_path / "mentors.csv"
    path.write_text(mentors_csv(*(mentor_row(n) for n in range(6))))
    with pytest.raises(CommandError, match="more than 5 rows"):
        call_command("import", "mentors", str(path), "--program", program.slug)
    assert MentorProfile.objects.count() == 0


def test_the_command_lists_the_first_errors_and_counts_the_rest(
    program, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 2)
    path = tmp_path / "mentors.csv"
    path.write_text(mentors_csv(*(mentor_row(n).replace("@example.org", "@") for n in range(5))))
    with pytest.raises(CommandError, match="Nothing was imported: 5 error"):
        call_command("import", "mentors", str(path), "--program", program.slug)
    err = capsys.readouterr().err
    assert err.count("column email") == 2
    assert "and 3 more error(s)" in err


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator)
    return client, world.program


def upload(client, program, name, content, kind="mentors"):
    return client.post(
        reverse("people:import", args=[program.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_the_import_page_shows_a_cell_past_the_csv_field_limit_as_a_form_error(
    coordinator_client,
):
    client, program = coordinator_client
    before = MentorProfile.objects.count()
    content = mentors_csv(mentor_row(1), mentor_row(2, first_name="A" * 140_000)).encode()
    response = upload(client, program, "mentors.csv", content)
    assert response.status_code == 200
    assert "line 3: a cell is longer than" in response.context["form"].errors["file"][0]
    assert b'id="import-errors"' in response.content
    assert MentorProfile.objects.count() == before


def test_the_import_page_lists_an_overlong_cell_with_its_line_and_column(
    coordinator_client, settings
):
    settings.IMPORT_MAX_CELL_CHARS = 100
    client, program = coordinator_client
    content = mentors_csv(mentor_row(1), mentor_row(2, first_name="A" * 500)).encode()
    response = upload(client, program, "mentors.csv", content)
    assert response.status_code == 200
    assert "line 3, column first_name" in response.content.decode()
    assert not MentorProfile.objects.filter(code="T00001").exists()


def test_the_import_page_refuses_a_file_over_the_byte_limit_as_a_form_error(
    coordinator_client, settings
):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    client, program = coordinator_client
    content = mentors_csv(*(mentor_row(n) for n in range(50))).encode()
    response = upload(client, program, "mentors.csv", content)
    assert response.status_code == 200
    assert "one import reads at most" in response.context["form"].errors["file"][0]
    assert not MentorProfile.objects.filter(code="T00001").exists()


def test_the_import_page_counts_errors_beyond_those_it_lists(coordinator_client, monkeypatch):
    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 2)
    client, program = coordinator_client
    rows = [mentor_row(n).replace("@example.org", "@") for n in range(5)]
    response = upload(client, program, "mentors.csv", mentors_csv(*rows).encode())
    page = response.content.decode()
    assert "5 problems to fix" in page
    assert "3 more problems not listed" in page


def test_the_import_page_refuses_a_zip_bomb_as_a_form_error(coordinator_client):
    client, program = coordinator_client
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", bytes(8 << 20))
    response = upload(client, program, "mentors.xlsx", buffer.getvalue())
    assert response.status_code == 200
    assert "zip bomb" in response.context["form"].errors["file"][0]


def test_a_school_file_over_the_column_limit_is_refused_before_anything_is_written(
    program, settings
):
    settings.IMPORT_MAX_COLUMNS = 3
    with pytest.raises(SpreadsheetError, match="more than 3 columns"):
        run(program, "schools", "code,name,region,level\nS1,Uno,Cusco,primaria\n")
    assert not School.objects.exists()


def test_the_import_page_streams_an_xlsx_upload_and_imports_it(coordinator_client):
    client, program = coordinator_client
    workbook = Workbook()
    workbook.active.append(["code", "first_name", "last_name", "email"])
    workbook.active.append(["X1", "Rosa", "Quispe", "rosa.x1@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, program, "mentors.xlsx", buffer.getvalue())
    assert response.status_code == 302
    assert MentorProfile.objects.filter(program=program, code="X1").exists()
