"""Protected time over the API: school heads approve for their own teachers and read their
load; coordinators list every approval; a teacher lists their own."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from acompana.api.testing import BASE
from acompana.costs import protected_time as protected
from acompana.costs.models import ProtectedTime
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory

pytestmark = pytest.mark.django_db

URL = f"{BASE}/costs/protected-time/"


@pytest.fixture
def teachers(world):
    a, b = world.mentee_profile.school, world.other_mentee_profile.school
    teacher = MenteeProfile.Position.TEACHER
    return {
        "ana": MenteeProfileFactory(program=world.program, school=a, position=teacher, code="TA"),
        "carla": MenteeProfileFactory(program=world.program, school=b, position=teacher, code="TC"),
    }


def approval(**extra):
    start, end = protected.current_term()
    return {
        "teacher": "TA",
        "term_start": start.isoformat(),
        "term_end": end.isoformat(),
        "hours_per_week": "2.0",
    } | extra


def test_a_head_approves_replaces_with_the_version_read_and_withdraws(world, teachers, api_as):
    client = api_as("mentee")
    made = client.post(URL, approval(), format="json")
    assert made.status_code == 201, made.content
    assert made.json()["school"] == world.mentee_profile.school.code
    replaced = client.post(URL, approval(hours_per_week="3.0", version=1), format="json")
    assert replaced.status_code == 201 and replaced.json()["version"] == 2
    stale = client.post(URL, approval(hours_per_week="4.0", version=1), format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["hours_per_week"] == "3.0"
    assert client.delete(f"{URL}{made.json()['id']}/").status_code == 204
    assert not ProtectedTime.objects.exists()


def test_a_head_cannot_approve_for_another_school(world, teachers, api_as):
    response = api_as("mentee").post(URL, approval(teacher="TC"), format="json")
    assert response.status_code == 400
    assert "teacher" in response.json()["error"]["fields"]


def test_lists_by_role(world, teachers, api_as):
    start, end = protected.current_term()
    for teacher, head in ((teachers["ana"], world.mentee), (teachers["carla"], None)):
        protected.protected_time_approve(
            teacher=teacher,
            term_start=start,
            term_end=end,
            total_hours=Decimal("10"),
            actor=head or world.other_mentee_profile.user,
        )
    codes = lambda client: {row["teacher"] for row in client.get(URL).json()["results"]}  # noqa: E731
    assert codes(api_as("coordinator")) == {"TA", "TC"}
    assert codes(api_as("mentee")) == {"TA"}
    teacher = APIClient()
    teacher.force_authenticate(teachers["ana"].user)
    assert codes(teacher) == {"TA"}
    assert teacher.post(URL, approval(), format="json").status_code == 403
    assert api_as("mentor").get(URL).status_code == 403


def test_the_load_of_the_heads_teachers(world, teachers, api_as):
    response = api_as("mentee").get(f"{URL}load/")
    assert response.status_code == 200
    assert [row["teacher"] for row in response.json()["results"]] == ["TA"]
    assert api_as("coordinator").get(f"{URL}load/").status_code == 403
    bad = api_as("mentee").get(f"{URL}load/", {"start": "2026-05-01", "end": "2026-01-01"})
    assert bad.status_code == 400


def test_the_cost_report_api_counts_protected_time(world, teachers, api_as):
    import datetime

    protected.teacher_hour_rate_save(
        program=world.program, rate=Decimal("20"), actor=world.coordinator
    )
    protected.protected_time_approve(
        teacher=teachers["ana"],
        term_start=datetime.date(2026, 2, 1),
        term_end=datetime.date(2026, 2, 14),
        hours_per_week=Decimal("3"),
        actor=world.mentee,
    )
    report = api_as("coordinator").get(f"{BASE}/costs/report/", {"year": 2026}).json()
    assert report["protected_hours"] == "6.00"
    assert report["protected_cost"] == "120.00"
    assert report["protected_cost_per_mentee"] == "60.00"  # two mentees served
