import io

from django.core.management import call_command
from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from acompana.programs.tests.factories import CohortFactory


def test_coordinators_see_names_in_the_mentor_experience_report(world, as_persona):
    response = as_persona("coordinator").get(
        reverse("people:mentor_experience", args=[world.program.slug])
    )
    assert "Name" in response.context["header"]
    assert world.mentor.get_full_name() in response.content.decode()


def test_researchers_see_only_code_names_in_the_mentor_experience_report(world, as_persona):
    response = as_persona("researcher").get(
        reverse("people:mentor_experience", args=[world.program.slug])
    )
    body = response.content.decode()
    assert "Name" not in response.context["header"]
    assert world.mentor_profile.code in body
    assert world.mentor.get_full_name() not in body


def test_the_report_downloads_as_csv_and_xlsx(world, as_persona):
    client = as_persona("coordinator")
    url = reverse("people:mentor_experience", args=[world.program.slug])
    csv_response = client.get(url, {"format": "csv"})
    assert csv_response["Content-Type"] == "text/csv"
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Code,Name,Highest degree")
    xlsx = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).value == world.mentor_profile.code or sheet.cell(3, 1).value == (
        world.mentor_profile.code
    )


COLUMNS = (
    "Code,Highest degree,Years teaching,Years in management,"
    "Training or accompaniment of teachers,Technical assistance to principals,"
)


def test_the_report_command_prints_table_3_as_of_the_latest_cohort_as_csv(world, capsys):
    CohortFactory(program=world.program, year=2025, name="Earlier")
    call_command("report", "mentor-experience", "--program", world.program.slug, "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    latest = world.program.cohorts.get(year=2026)
    assert lines[0] == COLUMNS + f"Mentoring programs as of the {latest} cohort"
    assert len(lines) == 3
    assert lines[1].startswith(min(world.mentor_profile.code, world.other_mentor_profile.code))


def test_the_report_command_prints_the_declared_programs_with_an_option(world, capsys):
    profile = world.mentor_profile
    profile.programs_served = 1
    profile.save(update_fields=["programs_served"])
    profile.cohorts.add(CohortFactory(program=world.program, year=2025))  # completed before 2026

    call_command("report", "mentor-experience", "--program", world.program.slug)
    as_of = capsys.readouterr().out.splitlines()
    call_command("report", "mentor-experience", "--program", world.program.slug, "--declared")
    declared = capsys.readouterr().out.splitlines()

    assert declared[0] == COLUMNS + "Mentoring programs declared at entry"
    assert next(r for r in as_of if r.startswith(profile.code)).endswith(",2")
    assert next(r for r in declared if r.startswith(profile.code)).endswith(",1")


def test_the_page_shows_the_programs_as_of_the_latest_cohort_and_declared_one_click_away(
    world, as_persona
):
    profile = world.mentor_profile
    profile.programs_served = 1
    profile.save(update_fields=["programs_served"])
    profile.cohorts.add(CohortFactory(program=world.program, year=2025))
    client = as_persona("coordinator")
    url = reverse("people:mentor_experience", args=[world.program.slug])

    default = client.get(url)
    link = html.fromstring(default.content).xpath('//p[@id="programs-basis"]/a/@href')
    declared = client.get(url + link[0])
    download = html.fromstring(declared.content).xpath('//p[@class="actions"]/a/@href')

    assert default.context["header"][-1] == "Mentoring programs as of the 2026 cohort"
    assert default.context["rows"][_row(default, profile.code)][-1] == 2
    assert declared.context["header"][-1] == "Mentoring programs declared at entry"
    assert declared.context["rows"][_row(declared, profile.code)][-1] == 1
    assert "cohort=declared" in download[0]


def test_a_program_without_cohorts_shows_the_declared_programs(world, as_persona):
    world.program.cohorts.all().delete()
    response = as_persona("coordinator").get(
        reverse("people:mentor_experience", args=[world.program.slug])
    )
    assert response.context["header"][-1] == "Mentoring programs declared at entry"


def _row(response, code: str) -> int:
    return [r[0] for r in response.context["rows"]].index(code)
