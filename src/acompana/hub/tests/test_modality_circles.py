"""In person vs virtual: visits done and circle meetings held, by mode, per cohort."""

import datetime
from typing import cast

import pytest
from django.utils import timezone

from acompana.circles.models import Circle, Kind, Meeting
from acompana.hub.modality import modality_comparison, modality_table
from acompana.programs.models import Cohort
from acompana.programs.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

URL = "/p/test-program/reports/modality/"


def circle_in(world, cohort) -> Circle:
    return Circle.objects.create(
        program=world.program,
        cohort=cohort,
        kind=Kind.PEER,
        name=f"Círculo {Circle.objects.count() + 1}",
        status=Circle.Status.ACTIVE,
        created_by=world.coordinator,
    )


def meeting(circle, mode: str, minutes: int, status=Meeting.Status.DONE) -> None:
    Meeting.objects.create(
        circle=circle,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        mode=mode,
        status=status,
        duration_minutes=minutes,
    )


def build(world) -> tuple[Cohort, Cohort]:
    in_person = world.program.cohorts.get()
    virtual = cast(Cohort, CohortFactory(program=world.program, year=2025, modality="virtual"))
    a, b = circle_in(world, in_person), circle_in(world, virtual)
    meeting(a, "in_person", 90)
    meeting(a, "in_person", 60)
    meeting(a, "video", 600, status=Meeting.Status.CANCELLED)
    meeting(b, "video", 45)
    meeting(b, "phone", 45)
    return in_person, virtual


def test_circle_meetings_held_are_counted_by_mode_beside_visits(world):
    build(world)

    old, new = modality_comparison(program=world.program)

    assert new.circle_meetings_by_mode == {"in_person": 2, "video": 0, "phone": 0, "messaging": 0}
    assert str(new.circle_hours) == "2.5"
    assert old.circle_meetings_by_mode["video"] == 1 and old.circle_meetings_by_mode["phone"] == 1
    assert str(old.circle_hours) == "1.5"
    assert set(new.visits_by_mode) == set(new.circle_meetings_by_mode)
    _header, rows = modality_table([old, new])
    labels = [r[0] for r in rows]
    assert "Circle meetings held: In person" in labels and "Visits done: Video call" in labels
    assert rows[labels.index("Circle meetings held: In person")][1:] == [0, 2]


def test_the_page_and_the_api_show_the_circle_meetings(as_persona, api_as, world):
    build(world)

    page = as_persona("coordinator").get(URL)
    api = api_as("researcher").get(f"/api/v1/programs/{world.program.slug}/reports/modality/")

    assert page.status_code == 200
    assert "Circle meetings held" in page.content.decode()
    assert api.status_code == 200, api.content[:200]
    assert api.json()[1]["circle_meetings_by_mode"]["in_person"] == 2
