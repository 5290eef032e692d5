"""Test fixtures for the API, shared by the API tests of every app (imported into each app's
tests/conftest.py): token-signed clients and a few builders."""

from collections.abc import Callable

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.frameworks.models import Competency, Domain, Framework

BASE = "/api/v1/programs/test-program"


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
