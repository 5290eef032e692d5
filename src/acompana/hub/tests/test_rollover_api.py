"""The rollover over the API: coordinators preview (nothing written) and roll over."""

import datetime

import pytest

from acompana.programs.models import Cohort
from acompana.training.services import readiness_item_add
from acompana.visits.models import Round
from acompana.visits.services import round_create


def _url(world, cohort, preview=False):
    base = f"/api/v1/programs/{world.program.slug}/cohorts/{cohort.pk}/rollover/"
    return base + "preview/" if preview else base


@pytest.fixture
def source(world):
    cohort = world.program.cohorts.get()
    readiness_item_add(cohort=cohort, title="Leyó el protocolo", actor=None)
    round_create(
        program=world.program,
        cohort=cohort,
        name="Ronda 1 2026",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 29),
        actor=None,
    )
    return cohort


@pytest.mark.parametrize("persona", ["mentor", "mentee", "specialist", "trainer", "researcher"])
def test_only_coordinators_roll_a_cohort_over(api_as, world, source, persona):
    body = {"name": "2027", "year": 2027}
    assert api_as(persona).post(_url(world, source, True), body).status_code == 403
    assert api_as(persona).post(_url(world, source), body).status_code == 403
    assert api_as("outsider").post(_url(world, source), body).status_code == 404
    assert not Cohort.objects.filter(year=2027).exists()


def test_the_preview_answers_what_would_be_created_and_writes_nothing(api_as, world, source):
    body = {"name": "2027", "year": 2027, "mentors": [world.mentor_profile.code]}
    answer = api_as("coordinator").post(_url(world, source, True), body, format="json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["dry_run"] is True and data["cohort"] is None
    details = [item["detail"] for item in data["created"]]
    assert "Ronda 1 2027 (04/01/2027 to 05/29/2027)" in details[:3]
    assert "Leyó el protocolo" in details
    assert not Cohort.objects.filter(year=2027).exists()


def test_the_rollover_creates_the_cohort_and_a_second_one_is_refused(api_as, world, source):
    client = api_as("coordinator")
    body = {"name": "2027", "year": 2027, "mentors": [world.mentor_profile.code]}
    answer = client.post(_url(world, source), body, format="json")
    assert answer.status_code == 201
    new = Cohort.objects.get(pk=answer.json()["cohort"])
    assert (new.year, new.rolled_over_from) == (2027, source)
    assert Round.objects.get(cohort=new).starts_on == datetime.date(2027, 4, 1)
    again = client.post(_url(world, source), body, format="json")
    assert again.status_code == 400
    assert "already exists" in again.content.decode()


def test_a_code_outside_the_cohort_is_refused(api_as, world, source):
    body = {"name": "2027", "year": 2027, "mentors": ["NOPE"]}
    answer = api_as("coordinator").post(_url(world, source, True), body, format="json")
    assert answer.status_code == 400
    assert "NOPE" in answer.content.decode()
