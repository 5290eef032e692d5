"""Protected time: the head of a school (its principal mentee) sees the mentoring load of the
teachers of their school only and approves their protected time per term (audited);
coordinators see every approval; the cost report values the protected hours at the program's
teacher hour rate, as a line of the cost per mentee."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.costs import protected_time as protected
from acompana.costs.models import ProtectedTime
from acompana.costs.selectors import cost_report
from acompana.people.models import MenteeProfile
from acompana.people.selectors import is_school_head, schools_headed
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.visits.models import MeetingMode, Visit

pytestmark = pytest.mark.django_db

TEACHER = MenteeProfile.Position.TEACHER


@pytest.fixture
def schools(world):
    """The world's mentee heads school A (two teachers); the other mentee heads school B (one
    teacher)."""
    a, b = world.mentee_profile.school, world.other_mentee_profile.school
    program = world.program
    ana = MenteeProfileFactory(program=program, school=a, position=TEACHER, code="T-ANA")
    beto = MenteeProfileFactory(program=program, school=a, position=TEACHER, code="T-BETO")
    carla = MenteeProfileFactory(program=program, school=b, position=TEACHER, code="T-CARLA")
    return {"a": a, "b": b, "ana": ana, "beto": beto, "carla": carla}


def term() -> tuple[datetime.date, datetime.date]:
    return protected.current_term()


def url(world, name, *args):
    return reverse(f"costs:{name}", args=[world.program.slug, *args])


def test_the_principal_of_a_school_heads_it_and_a_teacher_heads_none(world, schools):
    assert list(schools_headed(world.mentee, world.program)) == [schools["a"]]
    assert is_school_head(world.mentee, world.program, schools["a"])
    assert not is_school_head(world.mentee, world.program, schools["b"])
    assert not schools_headed(schools["ana"].user, world.program).exists()
    assert not schools_headed(world.coordinator, world.program).exists()


def test_the_head_sees_the_load_of_their_own_teachers_only(world, schools, as_persona):
    start, _end = term()
    when = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
    for minutes, status in ((90, Visit.Status.DONE), (30, Visit.Status.DONE), (60, "planned")):
        Visit.objects.create(
            program=world.program,
            mentor=world.mentor_profile,
            mentee=schools["ana"],
            mode=MeetingMode.IN_PERSON,
            scheduled_at=when,
            duration_minutes=minutes,
            status=status,
        )
    page = as_persona("mentee").get(url(world, "protected_time"))
    assert page.status_code == 200
    loads = {row.teacher.code: row for row in page.context["loads"]}
    assert set(loads) == {"T-ANA", "T-BETO"}  # not T-CARLA of school B
    assert (loads["T-ANA"].visits, loads["T-ANA"].visit_hours) == (2, Decimal("2.00"))
    assert (loads["T-BETO"].visits, loads["T-BETO"].hours) == (0, Decimal("0.00"))
    assert str(schools["carla"].user) not in page.content.decode()


def test_the_head_approves_protected_time_for_a_teacher_of_their_school(world, schools, as_persona):
    start, end = term()
    client = as_persona("mentee")
    data = {
        "teacher": "T-ANA",
        "term_start": start.isoformat(),
        "term_end": end.isoformat(),
        "hours_per_week": "2",
        "note": "Martes por la tarde",
    }
    assert client.post(url(world, "protected_time_approve"), data).status_code == 302
    approval = ProtectedTime.objects.get()
    assert (approval.mentee, approval.school, approval.approved_by) == (
        schools["ana"],
        schools["a"],
        world.mentee,
    )
    entry = AuditEntry.objects.get(action="costs.protected_time.approved")
    assert entry.data["teacher"] == "T-ANA" and entry.data["hours_per_week"] == "2"
    # Approving again for the same term start replaces the hours.
    client.post(url(world, "protected_time_approve"), data | {"hours_per_week": "3"})
    approval.refresh_from_db()
    assert (approval.hours_per_week, approval.version) == (Decimal("3"), 2)
    assert ProtectedTime.objects.count() == 1


def test_a_head_cannot_approve_for_a_teacher_of_another_school(world, schools, as_persona):
    start, end = term()
    data = {
        "teacher": "T-CARLA",
        "term_start": start.isoformat(),
        "term_end": end.isoformat(),
        "total_hours": "10",
    }
    response = as_persona("mentee").post(url(world, "protected_time_approve"), data)
    assert response.status_code == 200  # not one of the form's teachers
    assert not ProtectedTime.objects.exists()
    with pytest.raises(PermissionDenied):
        protected.protected_time_approve(
            teacher=schools["carla"],
            term_start=start,
            term_end=end,
            total_hours=Decimal("10"),
            actor=world.mentee,
        )


def test_weekly_hours_or_a_total_but_not_both(world, schools):
    start, end = term()
    with pytest.raises(ValidationError):
        protected.protected_time_approve(
            teacher=schools["ana"],
            term_start=start,
            term_end=end,
            hours_per_week=Decimal("2"),
            total_hours=Decimal("10"),
            actor=world.mentee,
        )
    with pytest.raises(ValidationError):
        protected.protected_time_approve(
            teacher=schools["ana"], term_start=start, term_end=end, actor=world.mentee
        )


@pytest.mark.parametrize("persona", ["mentor", "specialist", "trainer", "researcher"])
def test_other_roles_cannot_open_protected_time(world, as_persona, persona):
    assert as_persona(persona).get(url(world, "protected_time")).status_code == 403
    assert as_persona(persona).get(url(world, "protected_time_approve")).status_code == 403


def test_a_teacher_sees_only_their_own_and_cannot_approve(world, schools, client):
    start, end = term()
    for teacher in (schools["ana"], schools["beto"]):
        protected.protected_time_approve(
            teacher=teacher,
            term_start=start,
            term_end=end,
            total_hours=Decimal("12"),
            actor=world.mentee,
        )
    client.force_login(schools["ana"].user)
    page = client.get(url(world, "protected_time"))
    assert [p.mentee for p, _hours in page.context["approvals"]] == [schools["ana"]]
    assert client.get(url(world, "protected_time_approve")).status_code == 403


def test_the_coordinator_sees_every_approval(world, schools, as_persona):
    start, end = term()
    protected.protected_time_approve(
        teacher=schools["ana"],
        term_start=start,
        term_end=end,
        total_hours=Decimal("12"),
        actor=world.mentee,
    )
    protected.protected_time_approve(
        teacher=schools["carla"],
        term_start=start,
        term_end=end,
        hours_per_week=Decimal("1"),
        actor=world.other_mentee_profile.user,
    )
    page = as_persona("coordinator").get(url(world, "protected_time"))
    assert {p.mentee.code for p, _hours in page.context["approvals"]} == {"T-ANA", "T-CARLA"}
    assert as_persona("coordinator").get(url(world, "protected_time_approve")).status_code == 403


def test_the_head_withdraws_an_approval(world, schools, as_persona):
    start, end = term()
    approval = protected.protected_time_approve(
        teacher=schools["ana"],
        term_start=start,
        term_end=end,
        total_hours=Decimal("12"),
        actor=world.mentee,
    )
    response = as_persona("mentee").post(url(world, "protected_time_withdraw", approval.pk))
    assert response.status_code == 302
    assert not ProtectedTime.objects.exists()
    assert AuditEntry.objects.filter(action="costs.protected_time.withdrawn").exists()


def test_hours_are_counted_per_day_of_the_period():
    jan = datetime.date(2026, 1, 1)
    # 2 h a week over 14 days: 4 h.
    assert protected.hours_between(
        term_start=jan,
        term_end=datetime.date(2026, 1, 14),
        hours_per_week=Decimal("2"),
        total_hours=None,
        start=jan,
        end=datetime.date(2026, 12, 31),
    ) == Decimal("4.00")
    # 10 h over 20 days across the new year: 5 h fall in 2026.
    assert protected.hours_between(
        term_start=datetime.date(2025, 12, 22),
        term_end=datetime.date(2026, 1, 10),
        hours_per_week=None,
        total_hours=Decimal("10"),
        start=jan,
        end=datetime.date(2026, 12, 31),
    ) == Decimal("5.00")


def test_the_cost_report_values_protected_time_at_the_teacher_hour_rate(world, schools):
    protected.teacher_hour_rate_save(
        program=world.program, rate=Decimal("25.00"), actor=world.coordinator
    )
    protected.protected_time_approve(
        teacher=schools["ana"],
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2026, 1, 14),
        hours_per_week=Decimal("2"),
        actor=world.mentee,
    )
    protected.protected_time_approve(
        teacher=schools["carla"],
        term_start=datetime.date(2025, 12, 22),
        term_end=datetime.date(2026, 1, 10),
        total_hours=Decimal("10"),
        actor=world.other_mentee_profile.user,
    )
    report = cost_report(program=world.program, year=2026)
    assert report.protected_hours == Decimal("9.00")  # 4 + 5
    assert report.protected_cost == Decimal("225.00")
    assert report.mentees == 2  # the world's two partnerships
    assert report.protected_cost_per_mentee == Decimal("112.50")
    assert report.total_cost == report.cost + Decimal("225.00")
    last_year = cost_report(program=world.program, year=2025)
    assert last_year.protected_hours == Decimal("5.00")  # the other half of Carla's term


def test_the_report_page_shows_the_protected_time_line(world, schools, as_persona):
    protected.teacher_hour_rate_save(
        program=world.program, rate=Decimal("10"), actor=world.coordinator
    )
    year = timezone.localdate().year
    protected.protected_time_approve(
        teacher=schools["ana"],
        term_start=datetime.date(year, 3, 1),
        term_end=datetime.date(year, 3, 7),
        hours_per_week=Decimal("7"),
        actor=world.mentee,
    )
    page = as_persona("coordinator").get(url(world, "report"), {"year": year})
    body = page.content.decode()
    assert 'id="report-protected-time"' in body
    assert "70.00" in body  # 7 h at 10 an hour


def test_only_coordinators_set_the_teacher_hour_rate(world, as_persona):
    client = as_persona("coordinator")
    assert client.post(url(world, "teacher_rate_save"), {"rate": "12.50"}).status_code == 302
    assert protected.teacher_hour_rate(world.program) == Decimal("12.50")
    assert (
        as_persona("mentee").post(url(world, "teacher_rate_save"), {"rate": "1"}).status_code == 403
    )
    assert protected.teacher_hour_rate(world.program) == Decimal("12.50")


def test_the_head_page_keeps_a_query_budget(
    world, schools, as_persona, django_assert_max_num_queries
):
    for n in range(30):
        MenteeProfileFactory(
            program=world.program, school=schools["a"], position=TEACHER, code=f"T-{n:02}"
        )
    client = as_persona("mentee")
    with django_assert_max_num_queries(16):
        page = client.get(url(world, "protected_time"))
    assert len(page.context["loads"]) == 32


def test_the_coordinator_list_keeps_a_query_budget(
    world, schools, as_persona, django_assert_max_num_queries
):
    start, end = term()
    for n in range(30):
        teacher = MenteeProfileFactory(
            program=world.program, school=schools["a"], position=TEACHER, code=f"T-{n:02}"
        )
        protected.protected_time_approve(
            teacher=teacher,
            term_start=start,
            term_end=end,
            hours_per_week=Decimal("1"),
            actor=world.mentee,
        )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(14):
        page = client.get(url(world, "protected_time"))
    assert len(page.context["approvals"]) == 30
