"""On the demo, every list of the program health page has rows, and loading again adds none."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from acompana.accounts.models import User
from acompana.demo import data
from acompana.demo.health import demo_health_load
from acompana.health.selectors import LISTS, coverage_in_mentees, health_counts, health_scope
from acompana.programs.models import Program
from acompana.visits.models import Visit

CIRCLE_LISTS = {"circles_inactive", "circles_never_met", "circle_overdue"}


@pytest.fixture
def demo(db):
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    return Program.objects.get(slug=data.PROGRAM_SLUG)


def test_every_health_list_of_the_demo_has_rows(demo, client):
    coordinator = User.objects.get(email=f"coordinator@{data.DOMAIN}")
    health = health_scope(user=coordinator, program=demo)

    counts = health_counts(health)
    [round_under_way] = coverage_in_mentees(health)

    assert set(counts) == set(LISTS)
    # Circles are the teacher program's: its lists are checked there.
    assert all(c.value > 0 for name, c in counts.items() if name not in CIRCLE_LISTS), counts
    teachers = Program.objects.get(slug="induccion-docente")
    tip = User.objects.get(email="tip-coordinator@demo.example.org")
    circles = health_counts(health_scope(user=tip, program=teachers))
    assert circles["circles_inactive"].value > 0 and circles["circle_overdue"].value > 0, circles
    assert round_under_way["rescheduled_events"] >= 1 and round_under_way["cancelled_events"] == 1
    client.force_login(coordinator)
    page = client.get(reverse("health:page", args=[demo.slug]))
    assert page.status_code == 200
    assert "Visitas de seguimiento" in page.content.decode()


def test_loading_the_health_demo_again_adds_nothing(demo):
    visits = Visit.objects.filter(program=demo).count()

    demo_health_load(program=demo, cohort=demo.cohorts.get(year=2021))

    assert Visit.objects.filter(program=demo).count() == visits
