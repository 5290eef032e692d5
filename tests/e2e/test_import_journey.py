import pytest

from acompana.people.models import MentorProfile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = (
    "code,first_name,last_name,email,region,highest_degree,teaching_years,management_years,"
    "accompaniment_experience,technical_assistance,programs_served,languages,capacity"
)
GOOD = '7G,Marleny,Yupanqui Soto,marleny@example.org,Puno,licensed,20,"2,5",yes,yes,2,es qu,8'


def test_a_coordinator_fixes_a_bad_mentors_file_and_finds_the_mentors_in_list_and_report(
    world, sign_in, tmp_path
):
    bad = tmp_path / "mentors.csv"
    bad.write_text(
        f"{HEADER}\n{GOOD}\n9Z,Ana,Pari,ana-at-example.org,Cusco,master,8,0,no,no,1,es,6\n"
    )
    page = sign_in("coordinator@example.org")
    slug = world.program.slug

    page.goto(f"/p/{slug}/import/")
    page.select_option("#id_kind", "mentors")
    page.set_input_files("#id_file", str(bad))
    page.click("form.card button[type=submit]")
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "Nothing was imported" in errors.inner_text()
    assert "line 3, column email" in errors.inner_text()
    assert not MentorProfile.objects.filter(code__in=["7G", "9Z"]).exists()

    fixed = tmp_path / "mentors-fixed.csv"
    fixed.write_text(bad.read_text().replace("ana-at-example.org", "ana@example.org"))
    page.select_option("#id_kind", "mentors")
    page.set_input_files("#id_file", str(fixed))
    page.click("form.card button[type=submit]")
    assert "2 created" in page.locator(".messages").inner_text()

    page.goto(f"/p/{slug}/mentors/?q=Yupanqui")
    assert page.locator("table tbody tr").count() == 1
    assert "7G" in page.locator("table tbody").inner_text()

    page.goto(f"/p/{slug}/reports/mentor-experience/")
    row = page.locator("#mentor-experience tr", has_text="7G")
    assert row.locator("td").all_inner_texts()[:5] == [
        "7G",
        "Marleny Yupanqui Soto",
        "Licensed (licenciatura)",
        "20",
        "2.5",
    ]
    assert page.locator("#mentor-experience tr", has_text="9Z").count() == 1
