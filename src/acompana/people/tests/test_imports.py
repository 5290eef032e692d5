import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from acompana.accounts.models import Membership
from acompana.common.importing import ImportRejected
from acompana.common.models import AuditEntry
from acompana.people.imports import spreadsheet_import
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Region, School
from acompana.programs.tests.factories import ProgramFactory, RegionFactory, SchoolFactory

MENTOR_HEADER = (
    "code,first_name,last_name,email,region,highest_degree,teaching_years,management_years,"
    "accompaniment_experience,technical_assistance,programs_served,languages,capacity"
)


def mentors_csv(*rows, header=MENTOR_HEADER, delimiter=","):
    """The mentors header with ``delimiter``, then ``rows`` as given."""
    return "\n".join([header.replace(",", delimiter), *rows]) + "\n"


def run(program, kind, text, *, encoding="utf-8", filename="file.csv"):
    content = text if isinstance(text, bytes) else text.encode(encoding)
    return spreadsheet_import(
        program=program, kind=kind, content=content, filename=filename, actor=None
    )


@pytest.fixture
def program(db):
    return ProgramFactory(slug="imports")


def test_mentors_are_created_with_users_memberships_and_new_regions(program):
    summary = run(
        program,
        "mentors",
        mentors_csv(
            "1A,Rosa,Quispe,rosa@example.org,Cusco,licensed,5,0,yes,yes,1,es qu,8",
            '7G,Marleny,Yupanqui,MARLENY@example.org,Puno,Licenciado,20,"2,5",sí,x,2,es,6',
        ),
    )
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    assert summary.regions_created == ["Cusco", "Puno"]
    g = MentorProfile.objects.get(program=program, code="7G")
    assert g.user.email == "marleny@example.org"
    assert g.management_years == Decimal("2.5")
    assert (g.accompaniment_experience, g.technical_assistance) == (True, True)
    assert g.highest_degree == "licensed"
    assert g.languages == ["es"]
    assert g.capacity == 6
    assert not g.user.has_usable_password()
    assert Membership.objects.filter(program=program, role="mentor").count() == 2
    assert AuditEntry.objects.filter(action="people.import.mentors", program=program).exists()


def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported_with_line_and_column(program):
    text = mentors_csv(
        "1A,Rosa,Quispe,rosa@example.org,Cusco,licensed,5,0,yes,yes,1,es,8",
        "2B,Julio,Mamani,not-an-email,Cusco,master,10,3,no,no,2,es,8",
        "3C,,Flores,carmen@example.org,Cusco,phd-ish,siete,0,maybe,no,2,español,8",
    )
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", text)
    found = {(e.line, e.column) for e in caught.value.errors}
    assert found == {
        (3, "email"),
        (4, "first_name"),
        (4, "highest_degree"),
        (4, "teaching_years"),
        (4, "accompaniment_experience"),
        (4, "languages"),
    }
    assert "not-an-email" in str(caught.value.errors[0])
    assert MentorProfile.objects.count() == 0
    assert Region.objects.filter(program=program).count() == 0


def test_a_missing_required_column_is_reported_on_the_header_line(program):
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", "code,first_name,last_name\n1A,Rosa,Quispe\n")
    assert [(e.line, e.column) for e in caught.value.errors] == [(1, "email")]


def test_duplicate_codes_and_emails_in_one_file_are_reported(program):
    text = mentors_csv(
        "1A,Rosa,Quispe,rosa@example.org,,,,,,,,,",
        "1a,Ana,Pari,ana@example.org,,,,,,,,,",
        "2B,Julio,Mamani,ROSA@example.org,,,,,,,,,",
    )
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", text)
    assert {(e.line, e.column) for e in caught.value.errors} == {(3, "code"), (4, "email")}


def test_reimporting_the_same_file_updates_by_code_instead_of_duplicating(program):
    text = mentors_csv("1A,Rosa,Quispe,rosa@example.org,Cusco,licensed,5,0,yes,yes,1,es,8")
    run(program, "mentors", text)
    again = run(program, "mentors", text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = run(
        program,
        "mentors",
        mentors_csv("1A,Rosa María,Quispe,rosa@example.org,Cusco,master,6,1,yes,yes,2,es,8"),
    )
    assert (changed.created, changed.updated) == (0, 1)
    mentor = MentorProfile.objects.get()
    assert (mentor.user.first_name, mentor.highest_degree, mentor.teaching_years) == (
        "Rosa María",
        "master",
        Decimal(6),
    )


def test_an_email_that_already_belongs_to_another_mentor_is_refused(program):
    run(program, "mentors", mentors_csv("1A,Rosa,Quispe,rosa@example.org,,,,,,,,,"))
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentors", mentors_csv("9Z,Rosa,Quispe,rosa@example.org,,,,,,,,,"))
    assert caught.value.errors[0].column == "email"
    assert "1A" in caught.value.errors[0].message


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("latin-1", ";"), ("cp1252", ",")],
)
def test_accented_names_survive_every_encoding_and_delimiter(program, encoding, delimiter):
    row = "5E;Elena;Ccori Ñaupa;elena@example.org;Apurímac;licenciada;18;15;sí;no;2;es qu;8"
    text = mentors_csv(row.replace(";", delimiter), delimiter=delimiter)
    run(program, "mentors", text, encoding=encoding)
    mentor = MentorProfile.objects.get()
    assert mentor.user.last_name == "Ccori Ñaupa"
    assert mentor.region.name == "Apurímac"
    assert mentor.management_years == Decimal(15)


def test_decimal_commas_are_read_in_semicolon_files(program):
    text = mentors_csv("8H;Óscar;Chávez;oscar@example.org;;master;20;5,5;x;;3;es;8", delimiter=";")
    run(program, "mentors", text)
    mentor = MentorProfile.objects.get()
    assert mentor.management_years == Decimal("5.5")
    assert (mentor.accompaniment_experience, mentor.technical_assistance) == (True, False)


def test_existing_regions_are_matched_without_regard_to_accents_or_case(program):
    RegionFactory(program=program, name="Apurímac")
    summary = run(
        program, "mentors", mentors_csv("1A,Rosa,Quispe,rosa@example.org,APURIMAC,,,,,,,,")
    )
    assert summary.regions_created == []
    assert MentorProfile.objects.get().region.name == "Apurímac"


def test_xlsx_files_import_like_csv(program):
    workbook = Workbook()
    workbook.active.append(MENTOR_HEADER.split(","))
    workbook.active.append(
        [
            "1A",
            "Rosa",
            "Quispe",
            "rosa@example.org",
            "Cusco",
            "Licensed",
            5,
            2.5,
            "yes",
            "no",
            1,
            "es",
            8,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(program, "mentors", buffer.getvalue(), filename="mentors.xlsx")
    assert MentorProfile.objects.get().management_years == Decimal("2.5")


def test_schools_import_with_coordinates_and_spanish_levels(program):
    summary = run(
        program,
        "schools",
        "code,name,region,level,area,latitude,longitude\n"
        '0512345,I.E. 50123 Ccorca,Cusco,Primaria,Rural,"-13,58",-72.05\n'
        "0512346,I.E. Túpac Amaru,Cusco,secundaria,urbana,,\n",
    )
    assert summary.created == 2
    school = School.objects.get(code="0512345")
    assert (school.level, school.area, str(school.latitude)) == ("primary", "rural", "-13.580000")


def test_schools_with_bad_coordinates_are_refused(program):
    with pytest.raises(ImportRejected) as caught:
        run(
            program,
            "schools",
            "code,name,region,latitude,longitude\nS1,Uno,Cusco,-95,10\nS2,Dos,Cusco,10,\n",
        )
    assert {(e.line, e.column) for e in caught.value.errors} == {(2, "latitude"), (3, "longitude")}


def test_mentees_need_a_known_school_and_take_its_region_by_default(program):
    school = SchoolFactory(program=program, code="0512345")
    header = (
        "code,first_name,last_name,email,position,school_code,region,years_in_position,"
        "languages,modality,connectivity"
    )
    text = (
        f'{header}\nD01,Ana,Huamán,ana@example.org,Directora,0512345,,"1,5",es qu,presencial,baja\n'
        f"D02,Luis,Pari,luis@example.org,teacher,9999999,,,,,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        run(program, "mentees", text)
    assert [(e.line, e.column) for e in caught.value.errors] == [(3, "school_code")]
    run(program, "mentees", text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n")
    mentee = MenteeProfile.objects.get()
    assert (mentee.position, mentee.school, mentee.region) == ("principal", school, school.region)
    assert (mentee.preferred_modality, mentee.connectivity) == ("in_person", "low")
    assert mentee.years_in_position == Decimal("1.5")


def test_the_import_command_prints_every_error_and_exits_non_zero(program, tmp_path, capsys):
    path = tmp_path / "mentors.csv"
    path.write_text(
        mentors_csv("1A,Rosa,Quispe,rosa@example,,,,,,,,,", "2B,,Mamani,j@example.org,,,x,,,,,,")
    )
    with pytest.raises(CommandError, match="Nothing was imported: 3 error"):
        call_command("import", "mentors", str(path), "--program", program.slug)
    err = capsys.readouterr().err
    assert "line 2, column email" in err
    assert "line 3, column first_name" in err
    assert "line 3, column teaching_years" in err
    assert MentorProfile.objects.count() == 0


def test_the_import_command_reports_what_it_did(program, tmp_path, capsys):
    path = tmp_path / "mentors.csv"
    path.write_text(mentors_csv("1A,Rosa,Quispe,rosa@example.org,Cusco,,,,,,,,"))
    call_command("import", "mentors", str(path), "--program", program.slug)
    out = capsys.readouterr().out
    assert "1 created" in out and "New regions: Cusco" in out


def test_the_import_command_refuses_an_unknown_program(db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(MENTOR_HEADER)
    with pytest.raises(CommandError, match="No program"):
        call_command("import", "mentors", str(path), "--program", "nope")


def test_reimporting_a_large_file_costs_a_fixed_number_of_queries_per_batch(
    program, django_assert_max_num_queries
):
    rows = [
        f"T{n:03d},Ana,Pari,ana{n}@example.org,Cusco,master,8,1,no,no,1,es,6" for n in range(120)
    ]
    text = mentors_csv(*rows)
    run(program, "mentors", text)
    with django_assert_max_num_queries(20):
        summary = run(program, "mentors", text)
    assert summary.unchanged == 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Licenciatura en Educación", "licensed"),
        ("Magíster en Gestión Escolar", "master"),
        ("DOCTOR", "doctorate"),
        ("Bachiller en Educación", "bachelor"),
    ],
)
def test_degrees_written_out_in_full_are_understood(program, text, expected):
    run(program, "mentors", mentors_csv(f"1A,Rosa,Quispe,rosa@example.org,,{text},,,,,,,"))
    assert MentorProfile.objects.get().highest_degree == expected


def test_positions_with_gender_marks_are_understood(program):
    SchoolFactory(program=program, code="S1")
    header = "code,first_name,last_name,email,position,school_code,connectivity"
    run(program, "mentees", f"{header}\nD1,Ana,Pari,ana@example.org,Director(a),S1,Media\n")
    mentee = MenteeProfile.objects.get()
    assert (mentee.position, mentee.connectivity) == ("principal", "low")
