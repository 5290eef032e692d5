"""The rollover page: coordinators see the form, a preview that writes nothing, then the list
of what was created."""

import datetime

from django.urls import reverse

from acompana.programs.models import Cohort
from acompana.training.services import plan_create, readiness_item_add
from acompana.visits.models import Round
from acompana.visits.services import round_create


def _url(world):
    cohort = world.program.cohorts.get()
    return reverse("hub:rollover", args=[world.program.slug, cohort.pk])


def _design(world):
    cohort = world.program.cohorts.get()
    plan_create(program=world.program, cohort=cohort, title="Inducción 2026", actor=None)
    readiness_item_add(cohort=cohort, title="Leyó el protocolo", actor=None)
    round_create(
        program=world.program,
        cohort=cohort,
        name="Ronda de cierre 2026",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 2, 15),
        actor=None,
    )
    return cohort


def test_the_coordinator_sees_the_form_with_the_next_year_and_the_returning_mentors(
    world, as_persona
):
    page = as_persona("coordinator").get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="2027"' in html
    assert world.mentor_profile.code in html and "capacity" in html


def test_a_mentor_cannot_open_the_rollover(world, as_persona):
    assert as_persona("mentor").get(_url(world)).status_code == 403


def test_the_preview_lists_what_will_be_created_and_writes_nothing(world, as_persona):
    _design(world)
    data = {"name": "2027", "year": "2027", "mentors": [world.mentor_profile.pk]}
    page = as_persona("coordinator").post(_url(world), data)
    html = page.content.decode()
    assert 'id="rollover-preview"' in html
    assert "Inducción 2027" in html and "Leyó el protocolo" in html
    assert "Ronda de cierre 2027 (12/01/2027 to 02/15/2028)" in html
    assert 'id="confirm-rollover"' in html
    assert not Cohort.objects.filter(year=2027).exists()


def test_confirming_creates_the_cohort_and_lists_what_was_created(world, as_persona):
    source = _design(world)
    url = _url(world)
    client = as_persona("coordinator")
    data = {
        "name": "2027",
        "year": "2027",
        "mentors": [world.mentor_profile.pk],
        "continue_partnerships": "False",
        "confirm": "1",
    }
    page = client.post(url, data)
    html = page.content.decode()
    new = Cohort.objects.get(program=world.program, year=2027)
    assert new.rolled_over_from == source
    assert 'id="rollover-created"' in html and "Ronda de cierre 2027" in html
    assert list(new.mentors.all()) == [world.mentor_profile]
    assert Round.objects.filter(cohort=new).count() == 1
    again = client.post(url, data).content.decode()
    assert "already exists: it was rolled over from 2026" in again
    assert Cohort.objects.filter(program=world.program, year=2027).count() == 1


def test_a_spanish_reader_previews_the_rollover_in_spanish(world, as_persona, settings):
    settings.LANGUAGE_CODE = "es"
    _design(world)
    data = {"name": "2027", "year": "2027"}
    html = as_persona("coordinator").post(_url(world), data).content.decode()
    assert "Revise antes de pasar al nuevo año" in html
    assert "Pasar 2026 al nuevo año crea estos" in html
    assert "Ronda de cierre 2027 (01/12/2027 al 15/02/2028)" in html
    assert "Pasar al nuevo año</button>" in html
