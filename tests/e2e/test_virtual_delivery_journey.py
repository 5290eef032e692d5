"""A virtual session end to end: the trainer forms groups, downloads Zoom's pre-assignment
file, uploads a participants report and confirms attendance; a mentor sees their room and
its link. The rooms and the preview pages are photographed at 1366 and 390 px."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from acompana.accounts.models import User
from acompana.people.tests.factories import MentorProfileFactory
from acompana.programs.tests.factories import RegionFactory
from acompana.training import services
from acompana.training.models import Attendance, BreakoutGroup, TrainingSession
from acompana.training.tests.test_training import FIELD_WORK, make_session
from acompana.training.tests.test_virtual import ZOOM_REPORT
from acompana.visits.models import Round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _switch(page, sign_in, email):
    page.context.clear_cookies()
    return sign_in(email)


def _session(world):
    cohort = world.mentor_profile.cohorts.get()
    Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Diagnóstico",
        starts_on=FIELD_WORK,
        ends_on=FIELD_WORK + datetime.timedelta(days=30),
    )
    plan = services.plan_create(
        program=world.program, cohort=cohort, title="Inducción 2026", actor=world.coordinator
    )
    session = make_session(world, plan, modality=TrainingSession.Modality.VIRTUAL)
    world.mentor.first_name, world.mentor.last_name = "Marta", "Huamán"
    world.mentor.save()
    other = world.other_mentor_profile.user
    other.first_name, other.last_name, other.email = "Luis", "Torres", "other@example.org"
    other.save()
    for first, last, email, served, region in (
        ("Rosa", "Quíspe", "rosa.quispe@example.org", 3, "Cusco"),
        ("José", "Núñez", "jose.nunez@example.org", 0, "Puno"),
    ):
        user = User.objects.create_user(email=email, password="x-pass-123456")
        user.first_name, user.last_name = first, last
        user.save()
        mentor = MentorProfileFactory(
            program=world.program,
            user=user,
            programs_served=served,
            region=RegionFactory(program=world.program, name=region),
        )
        mentor.cohorts.add(cohort)
    return session


def _photograph(page, path, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in {"1366": (1366, 768), "390": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, (name, size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_a_trainer_runs_a_virtual_session_and_a_mentor_finds_their_room(
    world, sign_in, page, tmp_path
):
    session = _session(world)
    slug = world.program.slug
    base = f"/p/{slug}/training/sessions/{session.pk}"

    # The trainer gives the meeting and forms the groups.
    sign_in("trainer@example.org")
    page.goto(f"{base}/meeting/")
    page.select_option("#id_meeting_platform", "zoom")
    page.fill("#id_join_url", "https://zoom.us/j/81234567890")
    page.fill("#id_meeting_code", "812 3456 7890")
    page.fill("#id_passcode", "4821")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#meeting")
    page.fill("#id_min_size", "2")
    page.fill("#id_max_size", "2")
    page.click("#groups-form button[type=submit]")
    page.wait_for_selector("#rooms-link")
    assert BreakoutGroup.objects.filter(session=session).count() == 2

    # Rooms: renamed, then Zoom's file downloaded.
    page.click("#rooms-link")
    page.fill("#room-name-1", "Sala Cusco")
    page.locator("form:has(#room-name-1) button[type=submit]").click()
    page.wait_for_selector("text=Sala Cusco")
    with page.expect_download() as info:
        page.click("#zoom-download")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"]
    assert len(rows) == 5 and "Sala Cusco" in {r[0] for r in rows[1:]}
    _photograph(page, f"{base}/rooms/", "virtual-rooms")

    # The participants report: previewed, the guest ignored, attendance recorded.
    report = tmp_path / "participants.csv"
    report.write_bytes(ZOOM_REPORT)
    page.goto(f"{base}/attendance/import/")
    page.set_input_files("#id_report", str(report))
    page.fill("#id_min_minutes", "120")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#preview-form")
    assert "Invitada Especial" in page.content()
    assert not Attendance.objects.filter(session=session).exists()
    _photograph(page, f"{base}/attendance/import/preview/", "virtual-attendance-preview")
    page.select_option("select[name^='assign:']", "ignore")
    page.click("button[name=update]")
    page.click("button[name=confirm]")
    page.wait_for_selector("#attendance-section")
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("mentor__user__email", "status")
    )
    assert statuses["rosa.quispe@example.org"] == "present"
    assert statuses["mentor@example.org"] == "partial"

    # The mentor sees their room and the session's link.
    group = BreakoutGroup.objects.get(session=session, members=world.mentor_profile)
    _switch(page, sign_in, "mentor@example.org")
    page.goto(f"{base}/")
    assert page.locator("#my-room").inner_text() == group.room_name
    assert page.locator("#join-link").get_attribute("href") == "https://zoom.us/j/81234567890"
    _photograph(page, f"{base}/", "virtual-session-mentor")
