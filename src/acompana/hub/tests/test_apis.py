"""Program reports over the API: Table 3 and visit coverage by round."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from acompana.people.tests.factories import MentorProfileFactory
from acompana.visits import services as visit_services

BASE = "/api/v1/programs/test-program/reports"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
TABLE3 = {p: 403 for p in PERSONAS} | {"coordinator": 200, "researcher": 200, "outsider": 404}
COVERAGE = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}


def make_round(world, name="Ronda 1"):
    return visit_services.round_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        name=name,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
        actor=world.coordinator,
    )


def schedule(world, round_):
    return visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now(),
        mode="video",
        round=round_,
        actor=world.mentor,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_table_3_is_for_coordinators_with_names_and_researchers_by_code(api_as, world, persona):
    response = api_as(persona).get(f"{BASE}/mentor-experience/")
    assert response.status_code == TABLE3[persona]
    if response.status_code != 200:
        return
    body = response.json()
    codes = {row[0] for row in body["rows"]}
    assert {world.mentor_profile.code, world.other_mentor_profile.code} <= codes
    name = world.mentor.get_full_name()
    shown = any(name in row for row in body["rows"])
    assert shown is (persona == "coordinator")
    assert ("Name" in body["columns"]) is (persona == "coordinator")
    assert len(body["columns"]) == len(body["rows"][0])


@pytest.mark.parametrize("persona", PERSONAS)
def test_visit_coverage_by_round_is_for_coordinators(api_as, world, persona):
    round_ = make_round(world)
    visits = [schedule(world, round_) for _ in range(3)]
    visit_services.visit_status_change(visit=visits[0], status="done", actor=world.mentor)
    visit_services.visit_status_change(
        visit=visits[1], status="cancelled", reason="connectivity", actor=world.mentor
    )
    response = api_as(persona).get(f"{BASE}/coverage/")
    assert response.status_code == COVERAGE[persona]
    if persona != "coordinator":
        return
    row = response.json()[0]
    assert row["name"] == "Ronda 1"
    assert (row["planned"], row["done"], row["cancelled"], row["percent"]) == (3, 1, 1, 33)
    assert row["reasons"] == {"Connectivity problems": 1}


def test_reports_cost_the_same_queries_for_few_and_many_rows(
    api_as, world, django_assert_max_num_queries
):
    client = api_as("coordinator")
    for n in range(5):
        schedule(world, make_round(world, f"Ronda {n}"))
    for _ in range(20):
        MentorProfileFactory(program=world.program)
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{BASE}/coverage/").json()) == 5
    with django_assert_max_num_queries(7):  # the page's count and rows, the latest cohort
        assert len(client.get(f"{BASE}/mentor-experience/").json()["rows"]) >= 22


def test_anonymous_callers_get_401(db, world):
    assert APIClient().get(f"{BASE}/coverage/").status_code == 401


def test_table_3_comes_a_page_at_a_time_with_the_count_and_the_next_page(api_as, world):
    for _ in range(3):
        MentorProfileFactory(program=world.program)
    client = api_as("coordinator")
    first = client.get(f"{BASE}/mentor-experience/", {"page_size": 2}).json()
    assert len(first["rows"]) == 2 and first["count"] >= 5 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["rows"]) == 2
    assert {r[0] for r in first["rows"]}.isdisjoint({r[0] for r in second["rows"]})
    assert len(second["columns"]) == len(second["rows"][0])


def test_table_3_as_declared_or_as_of_a_cohort(api_as, world):
    """Programs served: declared at entry with ?cohort=declared; with a cohort's id, declared
    plus the cohorts completed before its year (as on the page)."""
    cohort = world.program.cohorts.get()
    world.mentor_profile.programs_served = 3
    world.mentor_profile.save()
    client = api_as("coordinator")
    declared = client.get(f"{BASE}/mentor-experience/", {"cohort": "declared"}).json()
    assert declared["columns"][-1] == "Mentoring programs declared at entry"
    row = next(r for r in declared["rows"] if r[0] == world.mentor_profile.code)
    assert row[-1] == 3
    as_of = client.get(f"{BASE}/mentor-experience/", {"cohort": cohort.pk}).json()
    assert as_of["columns"][-1] == f"Mentoring programs as of the {cohort} cohort"
    bad = client.get(f"{BASE}/mentor-experience/", {"cohort": "999999"})
    assert bad.status_code == 400 and "cohort" in bad.json()["error"]["fields"]
    assert client.get(f"{BASE}/mentor-experience/", {"cohort": "x"}).status_code == 400
