import io

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook


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


def test_the_report_command_prints_table_3_as_csv(world, capsys):
    call_command("report", "mentor-experience", "--program", world.program.slug, "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Code,Highest degree,Years teaching,Years in management,"
        "Training or accompaniment of teachers,Technical assistance to principals,"
        "Mentoring programs"
    )
    assert len(lines) == 3
    assert lines[1].startswith(min(world.mentor_profile.code, world.other_mentor_profile.code))
