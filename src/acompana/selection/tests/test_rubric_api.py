"""A call's rubric over the API: coordinators read it and replace it with a version check."""

import pytest

from acompana.common.models import AuditEntry
from acompana.selection import services
from acompana.selection.selectors import call_rubric
from acompana.selection.tests.test_rubric_and_list import PANEL, make_call
from acompana.selection.tests.test_selection import apply

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
EXPECTED = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(world):
    return make_call(world)


def url(call) -> str:
    return f"/api/v1/programs/test-program/calls/{call.pk}/rubric/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_read_and_replace_a_calls_rubric(api_as, call, persona):
    client = api_as(persona)
    assert client.get(url(call)).status_code == EXPECTED[persona]
    body = {"criteria": [*call.rubric["criteria"], PANEL], "version": "whatever"}
    response = client.put(url(call), body, format="json")
    assert response.status_code == (409 if persona == "coordinator" else EXPECTED[persona])
    call.refresh_from_db()
    assert "reflection" not in call_rubric(call).codes


def test_a_coordinator_adds_a_criterion_with_the_version_loaded(api_as, call):
    client = api_as("coordinator")
    loaded = client.get(url(call)).json()
    assert loaded["decided"] is False
    response = client.put(
        url(call),
        {"criteria": [*loaded["criteria"], PANEL], "version": loaded["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    saved = response.json()
    assert saved["criteria"][-1]["code"] == "reflection"
    assert saved["maximum"] > loaded["maximum"]
    assert saved["version"] != loaded["version"]
    call.refresh_from_db()
    assert "reflection" in call_rubric(call).codes
    assert AuditEntry.objects.filter(action="selection.rubric.changed").exists()


def test_a_stale_version_gets_409_with_the_rubric_as_it_is_now(api_as, world, call):
    client = api_as("coordinator")
    loaded = client.get(url(call)).json()
    services.rubric_criterion_save(  # someone else, on the page
        call=call, criterion=PANEL, replaces=None, actor=world.coordinator
    )
    response = client.put(
        url(call),
        {"criteria": loaded["criteria"][:-1], "version": loaded["version"]},
        format="json",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["current"]["criteria"][-1]["code"] == "reflection"
    call.refresh_from_db()
    assert "reflection" in call_rubric(call).codes


def test_after_a_decision_the_rubric_is_refused_in_the_error_format(api_as, world, call):
    application = apply(call, world.outsider)
    services.application_decide(
        application=application, status="waitlisted", reason="Sin vacantes", actor=world.coordinator
    )
    client = api_as("coordinator")
    loaded = client.get(url(call)).json()
    assert loaded["decided"] is True
    response = client.put(
        url(call),
        {"criteria": [*loaded["criteria"], PANEL], "version": loaded["version"]},
        format="json",
    )
    assert response.status_code == 400
    assert "Decisions have been made" in str(response.json()["error"]["fields"])


def test_a_documentary_criterion_on_the_wrong_scale_is_refused(api_as, call):
    client = api_as("coordinator")
    loaded = client.get(url(call)).json()
    criteria = [
        {**item, "kind": "panel", "panel_max": 4} if item["code"] == "teaching_years" else item
        for item in loaded["criteria"]
    ]
    response = client.put(
        url(call), {"criteria": criteria, "version": loaded["version"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_the_rubric_of_another_programs_call_or_a_missing_call_is_not_found(api_as, call):
    client = api_as("coordinator")
    assert (
        client.get(f"/api/v1/programs/test-program/calls/{call.pk + 999}/rubric/").status_code
        == 404
    )
    assert client.get("/api/v1/programs/test-program/calls/x/rubric/").status_code == 404
