"""Programs and cohorts written over the API: site administrators create programs, a program's
coordinators change it and create and change its cohorts."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.accounts.tests.factories import UserFactory
from acompana.common.models import AuditEntry
from acompana.programs.models import Cohort, Program

BASE = "/api/v1/programs"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
MEMBERS_DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}


def client_of(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def admin(db):
    return client_of(UserFactory(email="admin@example.org", is_superuser=True, is_staff=True))


def test_a_site_administrator_creates_a_program(admin):
    response = admin.post(
        f"{BASE}/",
        {"slug": "mentoria-2027", "name": "Mentoría 2027", "framework": "mbddir"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["framework"] == "mbddir"
    program = Program.objects.get(slug="mentoria-2027")
    assert program.framework.slug == "mbddir"
    assert AuditEntry.objects.filter(action="programs.program.created", program=program).exists()
    again = admin.post(f"{BASE}/", {"slug": "mentoria-2027", "name": "Otra"}, format="json")
    assert again.status_code == 400
    assert "slug" in again.json()["error"]["fields"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_site_administrators_create_programs(api_as, persona):
    response = api_as(persona).post(f"{BASE}/", {"slug": "x", "name": "X"}, format="json")
    assert response.status_code == 403
    assert not Program.objects.filter(slug="x").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_programs_coordinators_change_it(api_as, world, persona):
    response = api_as(persona).patch(
        f"{BASE}/test-program/", {"name": "Nuevo nombre"}, format="json"
    )
    expected = 200 if persona == "coordinator" else MEMBERS_DENIED[persona]
    assert response.status_code == expected
    world.program.refresh_from_db()
    assert (world.program.name == "Nuevo nombre") is (persona == "coordinator")
    if persona == "coordinator":
        assert response.json()["roles"] == ["coordinator"]


def test_an_unknown_framework_is_refused(api_as):
    response = api_as("coordinator").patch(
        f"{BASE}/test-program/", {"framework": "nowhere"}, format="json"
    )
    assert response.status_code == 400
    assert "framework" in response.json()["error"]["fields"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_create_cohorts(api_as, world, persona):
    body = {"year": 2027, "name": "Rural", "modality": "hybrid", "starts_on": "2027-03-01"}
    response = api_as(persona).post(f"{BASE}/test-program/cohorts/", body, format="json")
    expected = 201 if persona == "coordinator" else MEMBERS_DENIED[persona]
    assert response.status_code == expected
    created = Cohort.objects.filter(program=world.program, year=2027).exists()
    assert created is (persona == "coordinator")
    if persona == "coordinator":
        assert response.json()["modality"] == "hybrid"
        assert (response.json()["mentor_count"], response.json()["mentee_count"]) == (0, 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_change_a_cohort(api_as, world, persona):
    cohort = world.program.cohorts.get()
    response = api_as(persona).patch(
        f"{BASE}/test-program/cohorts/{cohort.pk}/", {"name": "Andina"}, format="json"
    )
    expected = 200 if persona == "coordinator" else MEMBERS_DENIED[persona]
    assert response.status_code == expected
    cohort.refresh_from_db()
    assert (cohort.name == "Andina") is (persona == "coordinator")
    if persona == "coordinator":
        assert response.json()["mentor_count"] == 2
        entry = AuditEntry.objects.get(action="programs.cohort.updated")
        assert entry.data["after"] == {"name": "Andina"}


def test_a_cohort_that_ends_before_it_starts_or_repeats_one_is_refused(api_as, world):
    client = api_as("coordinator")
    backwards = client.post(
        f"{BASE}/test-program/cohorts/",
        {"year": 2027, "modality": "virtual", "starts_on": "2027-06-01", "ends_on": "2027-01-01"},
        format="json",
    )
    assert backwards.status_code == 400
    assert "ends_on" in backwards.json()["error"]["fields"]
    existing = world.program.cohorts.get()
    twin = client.post(
        f"{BASE}/test-program/cohorts/",
        {"year": existing.year, "name": existing.name, "modality": "virtual"},
        format="json",
    )
    assert twin.status_code == 400
    other = client.post(
        f"{BASE}/test-program/cohorts/", {"year": 2027, "modality": "by-pigeon"}, format="json"
    )
    assert other.status_code == 400
    assert "modality" in other.json()["error"]["fields"]
    assert world.program.cohorts.count() == 1


def test_a_cohort_of_another_program_is_not_found(api_as, world):
    from acompana.programs.tests.factories import CohortFactory

    elsewhere = CohortFactory()
    response = api_as("coordinator").patch(
        f"{BASE}/test-program/cohorts/{elsewhere.pk}/", {"name": "x"}, format="json"
    )
    assert response.status_code == 404


def test_a_cohorts_mentor_capacity_is_written_and_read_over_the_api(api_as, world):
    client = api_as("coordinator")
    body = {"year": 2028, "name": "Centro", "modality": "virtual", "mentor_capacity": 6}
    created = client.post(f"{BASE}/test-program/cohorts/", body, format="json")
    assert created.status_code == 201 and created.json()["mentor_capacity"] == 6
    changed = client.patch(
        f"{BASE}/test-program/cohorts/{created.json()['id']}/",
        {"mentor_capacity": None},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["mentor_capacity"] is None
    refused = client.post(
        f"{BASE}/test-program/cohorts/", {**body, "name": "X", "mentor_capacity": 0}, format="json"
    )
    assert refused.status_code == 400
