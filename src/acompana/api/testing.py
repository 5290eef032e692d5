"""Test fixtures for the API, shared by the API tests of every app (imported into each app's
tests/conftest.py): token-signed clients and a few builders."""

from collections.abc import Callable

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.frameworks.models import Competency, Domain, Framework

BASE = "/api/v1/programs/test-program"

# Who gets what from an endpoint, by persona (outsiders never learn the program exists).
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
COORDINATORS_ONLY = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}
MANAGERS = COORDINATORS_ONLY | {"trainer": 200}
MANAGERS_AND_MENTORS = MANAGERS | {"mentor": 200}
COORDINATORS_SPECIALISTS_MENTORS = COORDINATORS_ONLY | {"specialist": 200, "mentor": 200}
COORDINATORS_AND_MENTORS = COORDINATORS_ONLY | {"mentor": 200}


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as(world) -> Callable[[str], APIClient]:
    """``api_as("mentor")``: a client that sends that persona's token in the Authorization
    header, as an API consumer would."""

    def sign_in(name: str) -> APIClient:
        token, _created = Token.objects.get_or_create(user=world.persona(name))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return sign_in


@pytest.fixture
def competencies(db) -> list[Competency]:
    framework = Framework.objects.create(
        slug="api-test-framework", name="Marco de prueba", audience="principals"
    )
    domain = Domain.objects.create(framework=framework, code="D1", name="Dominio 1")
    return [
        Competency.objects.create(domain=domain, code=f"C{n}", name=f"Competencia {n}")
        for n in range(1, 4)
    ]


@pytest.fixture
def cohort(world):
    """The cohort of the world's partnerships."""
    return world.mentor_profile.cohorts.get()
