"""Circles on the health page: circles without a recent meeting, circles never met, overdue
circle commitments (by mentor or facilitator and by region of the member's school), their
role rules, filters, downloads and query budgets."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acompana.circles.models import Circle, Commitment, Kind, Meeting, Member
from acompana.health.models import HealthSettings
from acompana.health.selectors import Filters, health_counts, health_scope
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.programs.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def at(days_ago: int) -> datetime.datetime:
    day = today() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def circle_of(world, *, mentor=None, created_days_ago: int = 100, status="active", school=None):
    kind = Kind.MENTORING if mentor else Kind.PEER
    circle = Circle.objects.create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        kind=kind,
        name=f"Círculo {Circle.objects.count() + 1}",
        status=status,
        mentor=mentor,
        created_by=world.coordinator,
    )
    Circle.objects.filter(pk=circle.pk).update(created_at=at(created_days_ago))
    for _ in range(3):
        extra = {"school": school} if school else {}
        mentee: Any = MenteeProfileFactory(
            program=world.program, position=MenteeProfile.Position.TEACHER, **extra
        )
        Member.objects.create(circle=circle, mentee=mentee, joined_on=today())
    return circle


def meeting(circle, days_ago: int, status=Meeting.Status.DONE, facilitator=None) -> Meeting:
    return Meeting.objects.create(
        circle=circle,
        starts_at=at(days_ago),
        mode="in_person",
        status=status,
        facilitator_mentor=circle.mentor,
        facilitator_member=facilitator,
    )


def commitment(m: Meeting, days_overdue: int) -> Commitment:
    member: Any = m.circle.members.first()
    return Commitment.objects.create(
        meeting=m,
        mentee=member.mentee,
        text="Leer el capítulo",
        due_on=today() - datetime.timedelta(days=days_overdue),
    )


def view(world, persona="coordinator", **filters):
    return health_scope(
        user=world.persona(persona), program=world.program, filters=Filters(**filters)
    )


def names(health, rule: str) -> set[str]:
    return {c.name for c in getattr(health, rule)()}


def test_a_circle_met_exactly_n_days_ago_is_not_inactive_and_one_day_more_is(world):
    exactly, older = circle_of(world), circle_of(world)
    meeting(exactly, 30)
    meeting(older, 31)
    meeting(older, 2, status=Meeting.Status.CANCELLED)

    inactive = names(view(world), "circles_inactive")

    assert older.name in inactive and exactly.name not in inactive


def test_the_days_are_the_programs_setting(world):
    c = circle_of(world)
    meeting(c, 20)
    HealthSettings.objects.create(program=world.program, inactive_days=14)

    assert c.name in names(view(world), "circles_inactive")


def test_circles_never_met_are_active_and_older_than_n_days(world):
    planned_only = circle_of(world)
    meeting(planned_only, -3, status=Meeting.Status.PLANNED)
    new = circle_of(world, created_days_ago=10)
    draft = circle_of(world, status=Circle.Status.DRAFT)
    closed = circle_of(world, status=Circle.Status.CLOSED)

    never = names(view(world), "circles_never_met")

    assert planned_only.name in never
    assert not {new.name, draft.name, closed.name} & never


def test_overdue_circle_commitments_by_mentor_facilitator_and_region(world):
    north: Any = SchoolFactory(program=world.program)
    mentoring = circle_of(world, mentor=world.mentor_profile, school=north)
    peer = circle_of(world)
    facilitator = peer.members.first().mentee
    commitment(meeting(mentoring, 10), 3)
    commitment(meeting(mentoring, 9), 1)
    commitment(meeting(peer, 10, facilitator=facilitator), 2)
    not_yet = commitment(meeting(peer, 5, facilitator=facilitator), 0)
    health = view(world)

    assert health.circle_overdue().count() == 3
    assert not_yet not in health.circle_overdue()
    by = {r["code"]: r["n"] for r in health.circle_overdue_by_facilitator()}
    assert by == {world.mentor_profile.code: 2, facilitator.code: 1}
    regions = {r["mentee__school__region__name"]: r["n"] for r in health.circle_overdue_by_region()}
    assert regions[north.region.name] == 2 and sum(regions.values()) == 3
    in_north = view(world, region=north.region_id)
    assert in_north.circle_overdue().count() == 2
    assert names(in_north, "circles_never_met") == set()
    assert mentoring.name in {c.name for c in in_north._active_circles()}


def test_specialists_and_mentors_see_the_circles_of_their_mentors_only(world):
    mine = circle_of(world, mentor=world.mentor_profile)
    theirs = circle_of(world, mentor=world.other_mentor_profile)
    peer = circle_of(world)
    for c in (mine, theirs, peer):
        commitment(meeting(c, 40), 5)

    for persona in ("mentor", "specialist"):
        health = view(world, persona)
        assert names(health, "circles_inactive") == {mine.name}
        assert {c.meeting.circle_id for c in health.circle_overdue()} == {mine.pk}
    assert names(view(world), "circles_inactive") == {mine.name, theirs.name, peer.name}
    filtered = view(world, mentor=world.other_mentor_profile.code)
    assert names(filtered, "circles_inactive") == {theirs.name}


def test_the_counts_include_the_circle_lists(world):
    circle_of(world)

    counts = health_counts(view(world, "mentor"))

    assert {"circles_inactive", "circles_never_met", "circle_overdue"} <= set(counts)
    assert counts["circles_never_met"].value == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_circle_lists_download(client, world, fmt):
    c = circle_of(world, mentor=world.mentor_profile)
    commitment(meeting(c, 40), 5)
    client.force_login(world.coordinator)
    for name in ("circles_inactive", "circle_overdue"):
        response = client.get(
            reverse("health:list", args=[world.program.slug, name]), {"format": fmt}
        )
        assert response.status_code == 200
        if fmt == "csv":
            assert c.name in response.content.decode()


def test_the_api_lists_circle_rows(client, world):
    c = circle_of(world, mentor=world.mentor_profile)
    meeting(c, 40)
    client.force_login(world.specialist)

    response = client.get(f"/api/v1/programs/{world.program.slug}/health/circles_inactive/")

    assert response.status_code == 200
    assert response.json()["rows"][0][0] == c.name


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int) -> None:
    school = SchoolFactory(program=world.program)
    for i in range(n):
        mentor = world.mentor_profile if i % 2 else None
        c = circle_of(world, mentor=mentor, school=school)
        facilitator = None if mentor else c.members.first().mentee
        commitment(meeting(c, 40, facilitator=facilitator), 3)
        circle_of(world, mentor=mentor)


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "mentor"])
def test_the_pages_cost_the_same_queries_with_more_circles(client, world, persona):
    client.force_login(world.persona(persona))
    slug = world.program.slug
    urls = [reverse("health:page", args=[slug])] + [
        reverse("health:list", args=[slug, name])
        for name in ("circles_inactive", "circles_never_met", "circle_overdue")
    ]
    _grow(world, 3)
    small = [_queries(client, u) for u in urls]
    _grow(world, 12)
    big = [_queries(client, u) for u in urls]

    assert big == small
    assert max(big) <= 40
