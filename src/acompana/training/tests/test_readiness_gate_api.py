"""Readiness from attendance and the readiness gate over the API and on the pages: the items
with their modules, the program's gate setting, and the gate's refusal in the one error
format."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.api.testing import BASE, MANAGERS
from acompana.matching.models import MatchRun
from acompana.programs.services import program_update
from acompana.training import services
from acompana.training.models import ReadinessCheck, TrainingSession
from acompana.visits.models import Visit

ITEMS = f"{BASE}/training/readiness-items/"
PROGRAM = "/api/v1/programs/test-program/"
VISITS = f"{BASE}/visits/"


@pytest.fixture
def item(world, cohort):
    return services.readiness_item_add(cohort=cohort, title="Asistió", actor=world.coordinator)


@pytest.fixture
def attended_theory(world, cohort):
    """A theory session of the cohort's induction that the world's mentor attended."""
    plan = services.plan_create(
        program=world.program, cohort=cohort, title="Inducción", actor=world.coordinator
    )
    session = services.session_create(
        plan=plan,
        title="Enfoque",
        module=TrainingSession.Module.THEORY,
        modality=TrainingSession.Modality.IN_PERSON,
        starts_at=timezone.make_aware(datetime.datetime(2026, 2, 1, 9)),
        duration_minutes=120,
        actor=world.coordinator,
    )
    services.attendance_record(
        session=session, present=[world.mentor_profile.pk], actor=world.coordinator
    )
    return session


@pytest.mark.parametrize("persona,status", MANAGERS.items())
def test_the_checklist_items_are_read_by_trainers_and_coordinators(
    api_as, world, item, persona, status
):
    response = api_as(persona).get(ITEMS)
    assert response.status_code == status
    if status == 200:
        assert response.json()["results"][0] == {
            "id": item.pk,
            "cohort": item.cohort_id,
            "title": "Asistió",
            "position": 1,
            "active": True,
            "modules": [],
            "module_labels": [],
        }


def test_a_coordinator_names_the_modules_and_the_item_is_signed_from_attendance(
    api_as, world, item, attended_theory
):
    response = api_as("coordinator").patch(
        f"{ITEMS}{item.pk}/", {"modules": ["theory"]}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["modules"], response.json()["module_labels"]) == (
        ["theory"],
        ["Theory"],
    )
    rows = api_as("coordinator").get(f"{BASE}/training/readiness/").json()["results"]
    cells = {row["mentor"]["id"]: row["items"][0] for row in rows}
    mine = cells[world.mentor_profile.pk]
    assert (mine["signed"], mine["automatic"], mine["signed_by"]) == (True, True, None)
    assert cells[world.other_mentor_profile.pk]["signed"] is False


@pytest.mark.parametrize("persona", ["trainer", "mentor"])
def test_only_coordinators_name_the_modules(api_as, item, persona):
    response = api_as(persona).patch(f"{ITEMS}{item.pk}/", {"modules": ["theory"]}, format="json")
    assert response.status_code == 403


def test_an_unknown_module_is_a_400_on_modules(api_as, item):
    response = api_as("coordinator").patch(
        f"{ITEMS}{item.pk}/", {"modules": ["juggling"]}, format="json"
    )
    assert response.status_code == 400
    assert "modules" in response.json()["error"]["fields"]


def test_coordinators_turn_the_gate_on_through_the_program(api_as, world):
    assert api_as("mentor").get(PROGRAM).json()["readiness_gate"] is False
    assert api_as("mentor").patch(PROGRAM, {"readiness_gate": True}).status_code == 403

    response = api_as("coordinator").patch(PROGRAM, {"readiness_gate": True}, format="json")

    assert response.status_code == 200
    assert response.json()["readiness_gate"] is True
    world.program.refresh_from_db()
    assert world.program.readiness_gate


def test_the_gates_refusal_of_a_first_visit_names_the_missing_items(api_as, world, item):
    program_update(program=world.program, readiness_gate=True, actor=world.coordinator)
    body = {
        "mentee": world.mentee_profile.code,
        "scheduled_at": "2026-04-20T09:00:00-05:00",
        "mode": "in_person",
    }

    response = api_as("mentor").post(VISITS, body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    reasons = error["fields"]["readiness"]
    assert any(world.mentor_profile.code in r and "Asistió" in r for r in reasons)
    assert not Visit.objects.exists()

    services.readiness_sign(item=item, mentor=world.mentor_profile, actor=world.trainer)
    assert api_as("mentor").post(VISITS, body, format="json").status_code == 201


# --- Pages ------------------------------------------------------------------------------------


def readiness_url(world, name="training:readiness"):
    return reverse(name, args=[world.program.slug])


def test_a_coordinator_turns_the_gate_on_and_off_from_the_readiness_page(world, item, as_persona):
    client = as_persona("coordinator")
    page = client.get(readiness_url(world)).content.decode()
    assert "Readiness is not a gate" in page

    response = client.post(
        readiness_url(world, "training:readiness_gate"), {"readiness_gate": "on"}
    )

    assert response.status_code == 302
    world.program.refresh_from_db()
    assert world.program.readiness_gate
    assert "Readiness is a gate" in client.get(readiness_url(world)).content.decode()
    client.post(readiness_url(world, "training:readiness_gate"), {})
    world.program.refresh_from_db()
    assert not world.program.readiness_gate


@pytest.mark.parametrize("persona", ["trainer", "mentor"])
def test_only_coordinators_turn_the_gate_on(world, as_persona, persona):
    response = as_persona(persona).post(
        readiness_url(world, "training:readiness_gate"), {"readiness_gate": "on"}
    )
    assert response.status_code == 403
    world.program.refresh_from_db()
    assert not world.program.readiness_gate


def test_a_coordinator_names_the_modules_on_the_checklist_page(
    world, cohort, item, attended_theory, as_persona
):
    client = as_persona("coordinator")
    checklist = f"{readiness_url(world, 'training:readiness_items')}?cohort={cohort.pk}"
    assert 'name="modules" value="theory"' in client.get(checklist).content.decode()

    client.post(
        readiness_url(world, "training:readiness_item_modules"),
        {"cohort": cohort.pk, "item": item.pk, "modules": ["theory"]},
    )

    check = ReadinessCheck.objects.get(item=item)
    assert (check.mentor, check.automatic) == (world.mentor_profile, True)
    page = client.get(f"{readiness_url(world)}?cohort={cohort.pk}").content.decode()
    assert "From attendance: Theory" in page
    assert "from attendance ·" in page


def test_the_run_page_shows_why_the_gate_refused_to_publish(world, cohort, item, as_persona):
    program_update(program=world.program, readiness_gate=True, actor=world.coordinator)
    run = MatchRun.objects.create(
        program=world.program,
        cohort=cohort,
        kind="mentees",
        objective="total",
        status=MatchRun.Status.DONE,
    )
    run.proposals.create(mentor=world.mentor_profile, mentee=world.mentee_profile, score=1)
    client = as_persona("coordinator")

    response = client.post(
        reverse("matching:publish", args=[world.program.slug, run.pk]), follow=True
    )

    page = response.content.decode()
    assert "Readiness is a gate in this program" in page
    assert world.mentor_profile.code in page and "Asistió" in page
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE


def test_the_visit_form_shows_why_the_gate_refused_the_first_visit(world, item, as_persona):
    program_update(program=world.program, readiness_gate=True, actor=world.coordinator)
    form = {
        "mentee": world.mentee_profile.pk,
        "scheduled_at": "2026-04-20T09:00",
        "mode": "in_person",
        "duration_minutes": 90,
    }

    response = as_persona("mentor").post(
        reverse("visits:list", args=[world.program.slug]), form, follow=True
    )

    page = response.content.decode()
    assert "Readiness is a gate in this program" in page
    assert world.mentor_profile.code in page and "Asistió" in page
    assert not Visit.objects.exists()
