"""Who runs a new training session is decided by one rule (training.permissions), which the
page, the API and the services share: a coordinator names a trainer or coordinator of the same
program, or nobody; a trainer adds only the sessions they run themselves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.programs.tests.factories import ProgramFactory
from acompana.training import services
from acompana.training.models import TrainingSession
from acompana.training.permissions import session_trainer_for

SESSIONS = "/api/v1/programs/test-program/training/sessions/"


@pytest.fixture
def plan(world):
    return services.plan_create(
        program=world.program,
        cohort=world.mentor_profile.cohorts.get(),
        title="Inducción 2026",
        induction=False,
        actor=world.coordinator,
    )


@pytest.fixture
def trainer_elsewhere(db):
    user = UserFactory(email="trainer-elsewhere@example.org")
    MembershipFactory(user=user, program=ProgramFactory(slug="elsewhere"), role="trainer")
    return user


def api_client(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def session_body(plan, **overrides):
    return {
        "plan": plan.pk,
        "title": "Cuaderno de campo",
        "module": "field_notebook",
        "modality": "virtual",
        "starts_at": (timezone.now() + datetime.timedelta(days=5)).isoformat(),
        "duration_minutes": 120,
        **overrides,
    }


def test_a_coordinator_names_a_trainer_of_the_program_or_nobody(world):
    found = session_trainer_for(user=world.coordinator, program=world.program, trainer_id=None)
    named = session_trainer_for(
        user=world.coordinator, program=world.program, trainer_id=world.trainer.pk
    )

    assert found is None
    assert named == world.trainer


def test_a_trainer_of_another_program_cannot_be_named(world, trainer_elsewhere):
    with pytest.raises(ValidationError) as error:
        session_trainer_for(
            user=world.coordinator, program=world.program, trainer_id=trainer_elsewhere.pk
        )

    assert list(error.value.message_dict) == ["trainer"]


def test_a_trainer_runs_the_sessions_they_add_and_names_nobody_else(world):
    own = session_trainer_for(user=world.trainer, program=world.program, trainer_id=None)

    assert own == world.trainer
    with pytest.raises(ValidationError):
        session_trainer_for(
            user=world.trainer, program=world.program, trainer_id=world.coordinator.pk
        )


def test_only_coordinators_and_trainers_of_the_program_add_sessions(world):
    with pytest.raises(PermissionDenied):
        session_trainer_for(user=world.mentor, program=world.program, trainer_id=None)
    with pytest.raises(Http404):
        session_trainer_for(user=world.outsider, program=world.program, trainer_id=None)


def test_the_api_refuses_a_trainer_of_another_program_on_the_trainer_field(
    world, plan, trainer_elsewhere
):
    response = api_client(world.coordinator).post(
        SESSIONS, session_body(plan, trainer=trainer_elsewhere.pk), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["trainer"]
    assert not TrainingSession.objects.exists()


def test_the_api_refuses_a_person_who_is_no_trainer_on_the_trainer_field(world, plan):
    response = api_client(world.coordinator).post(
        SESSIONS, session_body(plan, trainer=world.mentor.pk), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["trainer"]
