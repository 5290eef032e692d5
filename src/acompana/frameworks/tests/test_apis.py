"""Standards frameworks over the API: everyone signed in reads them, coordinators edit items."""

import pytest
from rest_framework.test import APIClient

from acompana.common.models import AuditEntry
from acompana.frameworks.models import Competency, Domain, Performance

BASE = "/api/v1/frameworks"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]


@pytest.fixture
def competency(db) -> Competency:
    return Competency.objects.get(code="C1", domain__framework__slug="mbddir")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_user_reads_the_frameworks_as_on_the_pages(api_as, persona):
    client = api_as(persona)
    listed = client.get(f"{BASE}/")
    assert listed.status_code == 200
    assert "mbddir" in {row["slug"] for row in listed.json()["results"]}
    detail = client.get(f"{BASE}/mbddir/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["can_edit"] is (persona == "coordinator")
    assert [d["code"] for d in body["domains"]] == ["DOM1", "DOM2"]
    performances = [
        p["code"] for d in body["domains"] for c in d["competencies"] for p in c["performances"]
    ]
    assert performances == [f"D{n}" for n in range(1, 22)]


def test_anonymous_callers_get_401(db):
    assert APIClient().get(f"{BASE}/").status_code == 401


def test_the_framework_tree_costs_the_same_queries_whatever_its_size(
    api_as, django_assert_max_num_queries
):
    client = api_as("mentor")
    with django_assert_max_num_queries(6):
        assert client.get(f"{BASE}/mbddir/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"{BASE}/").status_code == 200


def test_a_coordinator_edits_a_competency_and_the_old_wording_is_audited(api_as, competency):
    url = f"{BASE}/mbddir/competencies/{competency.pk}/"
    response = api_as("coordinator").patch(
        url, {"name": "Planificación", "verification": "V"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["name"], response.json()["verification"]) == ("Planificación", "V")
    competency.refresh_from_db()
    assert competency.name == "Planificación"
    assert competency.code == "C1"  # left out, kept
    entry = AuditEntry.objects.get(action="frameworks.item.updated")
    assert entry.data["before"]["name"] == "Planificación institucional"


@pytest.mark.parametrize("persona", ["mentor", "mentee", "specialist", "trainer", "researcher"])
def test_only_coordinators_edit_framework_items(api_as, competency, persona):
    response = api_as(persona).patch(
        f"{BASE}/mbddir/competencies/{competency.pk}/", {"name": "Otro"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    competency.refresh_from_db()
    assert competency.name == "Planificación institucional"


def test_outsiders_may_not_edit_framework_items(api_as, competency):
    response = api_as("outsider").patch(
        f"{BASE}/mbddir/competencies/{competency.pk}/", {"name": "Otro"}, format="json"
    )
    assert response.status_code == 403


def test_an_item_is_found_only_in_its_own_framework_and_level(api_as, competency):
    client = api_as("coordinator")
    domain = Domain.objects.filter(framework__slug="mbddir").first()
    performance = Performance.objects.filter(competency__domain__framework__slug="mbddir").first()
    assert client.get(f"{BASE}/mbddir/domains/{domain.pk}/").json()["code"] == domain.code
    assert client.get(f"{BASE}/mbddir/performances/{performance.pk}/").status_code == 200
    assert client.get(f"{BASE}/mbdd/competencies/{competency.pk}/").status_code == 404
    assert client.get(f"{BASE}/mbddir/domains/{competency.pk + 10000}/").status_code == 404
    assert client.get(f"{BASE}/mbddir/teachers/{competency.pk}/").status_code == 404
    assert client.get(f"{BASE}/nowhere/").status_code == 404


def test_a_bad_verification_mark_is_refused_in_the_error_format(api_as, competency):
    response = api_as("coordinator").patch(
        f"{BASE}/mbddir/competencies/{competency.pk}/", {"verification": "X"}, format="json"
    )
    assert response.status_code == 400
    assert "verification" in response.json()["error"]["fields"]
