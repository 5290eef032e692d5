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


def test_the_career_stages_of_a_framework_are_read_in_order_with_their_indicators(api_as):
    from acompana.frameworks.models import CareerStage, StageIndicator

    strand = Competency.objects.get(code="1.1", domain__framework__slug="ppst")
    stage = CareerStage.objects.get(framework__slug="ppst", code="CS2")
    StageIndicator.objects.create(competency=strand, stage=stage, text="Aplica el contenido")
    response = api_as("mentee").get(f"{BASE}/ppst/stages/")
    assert response.status_code == 200
    body = response.json()
    assert [s["name_en"] for s in body] == [
        "Beginning",
        "Proficient",
        "Highly Proficient",
        "Distinguished",
    ]
    assert body[1]["indicators"] == [
        {"strand": strand.pk, "text": "Aplica el contenido", "text_en": "", "verification": "U"}
    ]
    assert api_as("mentee").get(f"{BASE}/mbddir/stages/").json() == []


def test_coordinators_edit_a_career_stage_and_the_indicators_of_a_strand(world, as_persona):
    from django.urls import reverse

    from acompana.frameworks.models import CareerStage, StageIndicator

    strand = Competency.objects.get(code="1.1", domain__framework__slug="ppst")
    stages = list(CareerStage.objects.filter(framework__slug="ppst"))
    url = reverse("frameworks:indicators_edit", args=["ppst", strand.pk])
    client = as_persona("coordinator")
    assert client.get(url).status_code == 200
    data = {f"verification-{s.pk}": "U" for s in stages}
    data[f"text-{stages[0].pk}"] = "Demuestra conocimiento"
    data[f"text_en-{stages[0].pk}"] = "Demonstrates knowledge"
    assert client.post(url, data).status_code == 302
    indicator = StageIndicator.objects.get(competency=strand)
    assert (indicator.stage, indicator.text_en) == (stages[0], "Demonstrates knowledge")
    assert AuditEntry.objects.filter(action="frameworks.indicators.updated").exists()
    data[f"text-{stages[0].pk}"] = ""
    client.post(url, data)
    assert not StageIndicator.objects.filter(competency=strand).exists()
    edit = reverse("frameworks:item_edit", args=["ppst", "stage", stages[0].pk])
    assert client.get(edit).status_code == 200
    assert as_persona("mentor").get(url).status_code == 403
