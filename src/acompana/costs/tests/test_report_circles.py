"""The cost report counts circle members as mentees served and the hours of circle meetings."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from acompana.circles.models import Circle, Kind, Meeting, Member
from acompana.costs.selectors import cost_report
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.programs.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def circle_with(world, mentees, *, status=Circle.Status.ACTIVE, cohort=None) -> Circle:
    circle = Circle.objects.create(
        program=world.program,
        cohort=cohort or world.program.cohorts.get(),
        kind=Kind.PEER,
        name=f"Círculo {Circle.objects.count() + 1}",
        status=status,
        created_by=world.coordinator,
    )
    year_start = datetime.date(timezone.localdate().year, 1, 1)
    for m in mentees:
        Member.objects.create(circle=circle, mentee=m, joined_on=year_start)
    return circle


def held(circle, minutes: int, status=Meeting.Status.DONE, days_ago: int = 1) -> Meeting:
    when = timezone.localtime().replace(hour=10) - datetime.timedelta(days=days_ago)
    return Meeting.objects.create(
        circle=circle, starts_at=when, mode="video", status=status, duration_minutes=minutes
    )


def teacher(world) -> Any:
    return MenteeProfileFactory(program=world.program, position=MenteeProfile.Position.TEACHER)


def test_circle_members_are_served_once_and_meeting_hours_are_counted(world):
    year = timezone.localdate().year
    before = cost_report(program=world.program, year=year).mentees
    a, b = teacher(world), teacher(world)
    met = circle_with(world, [world.mentee_profile, a, b])  # the mentee also has a partnership
    held(met, 90)
    held(met, 30)
    held(met, 600, status=Meeting.Status.CANCELLED)
    never = circle_with(world, [teacher(world), teacher(world)])
    held(never, 60, status=Meeting.Status.PLANNED, days_ago=-3)
    draft = circle_with(world, [teacher(world)], status=Circle.Status.DRAFT)
    held(draft, 60)

    report = cost_report(program=world.program, year=year)

    assert report.mentees == before + 2
    assert report.circle_mentees == 3
    assert str(report.circle_meeting_hours) == "2.00"  # not the draft's, nor the cancelled


def test_a_member_who_left_before_the_year_is_not_served(world):
    year = timezone.localdate().year
    left = teacher(world)
    circle = circle_with(world, [teacher(world), teacher(world)])
    Member.objects.create(
        circle=circle,
        mentee=left,
        joined_on=datetime.date(year - 2, 3, 1),
        left_on=datetime.date(year - 1, 6, 1),
    )
    held(circle, 60)

    assert cost_report(program=world.program, year=year).circle_mentees == 2


def test_a_cohorts_report_counts_its_circles_only(world):
    year = timezone.localdate().year
    cohort = world.program.cohorts.get()
    other = CohortFactory(program=world.program, year=year - 1)
    held(circle_with(world, [teacher(world), teacher(world)], cohort=other), 60)
    held(circle_with(world, [teacher(world)], cohort=cohort), 120)

    report = cost_report(program=world.program, year=year, cohort=cohort)

    assert report.circle_mentees == 1
    assert str(report.circle_meeting_hours) == "2.00"


def test_the_api_gives_the_circle_figures(client, world):
    year = timezone.localdate().year
    held(circle_with(world, [teacher(world), teacher(world)]), 45)
    client.force_login(world.coordinator)

    response = client.get(f"/api/v1/programs/{world.program.slug}/costs/report/", {"year": year})

    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["circle_mentees"] == 2 and body["circle_meeting_hours"] == "0.75"


def test_the_report_page_shows_the_circle_figures_when_circles_met(as_persona, world):
    year = timezone.localdate().year
    url = f"/p/{world.program.slug}/costs/report/?year={year}"
    assert "circle meeting hours" not in as_persona("coordinator").get(url).content.decode()
    held(circle_with(world, [teacher(world), teacher(world)]), 90)

    page = as_persona("coordinator").get(url).content.decode()

    assert "circle meeting hours" in page and "1.50" in page
