"""Agreements, goals and partnership changes over the API, with the pages' rules: coordinators
see and manage everything in their program; a mentor sees their own pairs' agreements and a
mentee only their own (another pair's is 404, by id or in any list); specialists, trainers and
researchers get 403; outsiders 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acompana.agreements import services
from acompana.agreements.models import Agreement, Goal, PartnershipChange
from acompana.api.testing import BASE
from acompana.people.models import Partnership
from acompana.people.tests.factories import PartnershipFactory

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
AGREEMENTS = f"{BASE}/agreements/"
GOALS = f"{BASE}/goals/"
CHANGES = f"{BASE}/partnership-changes/"
# Which of the two pairs' agreements each persona sees, or the status of being refused.
SEES = {
    "coordinator": {"own", "other"},
    "mentor": {"own"},
    "mentee": {"own"},
    "specialist": 403,
    "trainer": 403,
    "researcher": 403,
    "outsider": 404,
}


@pytest.fixture
def agreements(world) -> dict[str, Agreement]:
    template = services.template_defaults_ensure(program=world.program)[0]
    pairs = {
        "own": Partnership.objects.get(mentee=world.mentee_profile),
        "other": Partnership.objects.get(mentee=world.other_mentee_profile),
    }
    made = {}
    for name, pair in pairs.items():
        made[name] = services.agreement_issue(
            partnership=pair, template=template, actor=world.coordinator, notify=False
        )
        services.goal_add(agreement=made[name], title=f"Meta {name}", actor=world.coordinator)
    return made


def check_error(response, status: int) -> None:
    """The status, in the API's one error format (400s also name the fields)."""
    assert response.status_code == status, response.content
    expected = {"code", "message", "fields"} if status == 400 else {"code", "message"}
    assert set(response.json()["error"]) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_exactly_the_agreements_and_goals_they_may_see(
    world, api_as, agreements, persona
):
    client = api_as(persona)
    for url in (AGREEMENTS, GOALS):
        response = client.get(url)
        if isinstance(SEES[persona], int):
            check_error(response, SEES[persona])
            continue
        assert response.status_code == 200
        ids = {row["agreement" if url == GOALS else "id"] for row in response.json()["results"]}
        assert ids == {agreements[name].pk for name in SEES[persona]}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", ["own", "other"])
def test_each_persona_reads_one_agreement_only_if_they_may(
    world, api_as, agreements, persona, target
):
    response = api_as(persona).get(f"{AGREEMENTS}{agreements[target].pk}/")
    expected = SEES[persona]
    if isinstance(expected, int):
        check_error(response, expected)
    elif target not in expected:
        check_error(response, 404)
    else:
        body = response.json()
        assert body["versions"][0]["number"] == 1
        assert body["goals"][0]["title"] == f"Meta {target}"


def test_a_mentee_cannot_reach_another_pairs_agreement_or_goals_by_id(world, api_as, agreements):
    client = api_as("mentee")
    other = agreements["other"]
    goal = Goal.objects.get(agreement=other)
    check_error(client.get(f"{AGREEMENTS}{other.pk}/"), 404)
    assert client.get(f"{GOALS}?agreement={other.pk}").json()["results"] == []
    check_error(
        client.post(f"{AGREEMENTS}{other.pk}/acknowledge/", {"party": "mentee", "number": 1}), 404
    )
    check_error(client.post(f"{GOALS}{goal.pk}/progress/", {"percent": 50}), 404)
    check_error(client.post(GOALS, {"agreement": other.pk, "title": "Intrusa"}), 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_issue_an_agreement(world, api_as, persona):
    pair = Partnership.objects.get(mentee=world.mentee_profile)
    response = api_as(persona).post(AGREEMENTS, {"partnership": pair.pk}, format="json")
    if persona == "coordinator":
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "awaiting"
        assert body["versions"][0]["cadence"]
    else:
        check_error(response, 404 if persona == "outsider" else 403)


def test_a_partnership_of_another_program_cannot_get_an_agreement_here(world, api_as):
    foreign = PartnershipFactory()
    response = api_as("coordinator").post(AGREEMENTS, {"partnership": foreign.pk}, format="json")
    check_error(response, 400)


def test_the_three_parties_acknowledge_and_the_agreement_comes_into_force(
    world, api_as, agreements
):
    url = f"{AGREEMENTS}{agreements['own'].pk}/acknowledge/"
    check_error(api_as("mentee").post(url, {"party": "mentor", "number": 1}), 403)
    for persona in ["mentor", "mentee", "coordinator"]:
        response = api_as(persona).post(url, {"party": persona, "number": 1}, format="json")
        assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["in_force_number"]) == ("in_force", 1)
    assert {a["party"] for a in body["versions"][0]["acknowledgements"]} == {
        "mentor",
        "mentee",
        "coordinator",
    }
    again = api_as("mentor").post(url, {"party": "mentor", "number": 1}, format="json")
    check_error(again, 400)


def test_renegotiating_needs_the_current_revision_and_the_coordinator(world, api_as, agreements):
    agreement = agreements["own"]
    detail = api_as("coordinator").get(f"{AGREEMENTS}{agreement.pk}/").json()
    texts = {
        k: detail["versions"][0][k]
        for k in (
            "mentor_duties",
            "mentee_duties",
            "leadership_duties",
            "cadence",
            "modes",
            "confidentiality",
        )
    }
    body = texts | {"cadence": "Semanal", "revision": detail["revision"], "change_note": "Virtual"}
    url = f"{AGREEMENTS}{agreement.pk}/versions/"
    check_error(api_as("mentor").post(url, body, format="json"), 403)
    response = api_as("coordinator").post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert [v["number"] for v in response.json()["versions"]] == [2, 1]
    stale = api_as("coordinator").post(url, body, format="json")
    check_error(stale, 400)
    assert "Someone changed this agreement" in str(stale.json())


@pytest.mark.parametrize("persona", PERSONAS)
def test_goals_are_added_by_the_parties_and_progress_by_the_pair(
    world, api_as, agreements, competencies, persona
):
    world.program.framework = competencies[0].domain.framework
    world.program.save(update_fields=["framework"])
    agreement = agreements["own"]
    client = api_as(persona)
    created = client.post(
        GOALS,
        {"agreement": agreement.pk, "title": "Liderar el GIA", "competency": competencies[0].code},
        format="json",
    )
    goal = Goal.objects.get(agreement=agreement, title="Meta own")
    progress = client.post(f"{GOALS}{goal.pk}/progress/", {"percent": 40}, format="json")
    if persona in {"mentor", "mentee"}:
        assert created.status_code == 201, created.content
        assert created.json()["competency"] == competencies[0].code
        assert progress.status_code == 201, progress.content
        assert [p["percent"] for p in progress.json()["progress"]] == [40]
    elif persona == "coordinator":
        assert created.status_code == 201
        check_error(progress, 403)
    else:
        check_error(created, SEES[persona])
        check_error(progress, SEES[persona])


def test_progress_outside_0_to_100_is_refused(world, api_as, agreements):
    goal = Goal.objects.get(agreement=agreements["own"])
    check_error(api_as("mentee").post(f"{GOALS}{goal.pk}/progress/", {"percent": 120}), 400)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_change_a_partnership(world, api_as, agreements, persona):
    pair = agreements["own"].partnership
    body = {
        "partnership": pair.pk,
        "kind": "reassign",
        "reason": "Cambio de región",
        "new_mentor": world.other_mentor_profile.code,
    }
    response = api_as(persona).post(CHANGES, body, format="json")
    if persona == "coordinator":
        assert response.status_code == 201, response.content
        change = PartnershipChange.objects.get()
        assert response.json()["new_partnership"] == change.new_partnership_id
        agreements["own"].refresh_from_db()
        assert agreements["own"].status == "closed"
    else:
        check_error(response, 404 if persona == "outsider" else 403)
        assert not PartnershipChange.objects.exists()


def test_listing_agreements_takes_the_same_queries_for_two_or_twenty(world, api_as, agreements):
    client = api_as("coordinator")
    client.get(AGREEMENTS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(AGREEMENTS).status_code == 200
    template = services.template_defaults_ensure(program=world.program)[0]
    for _ in range(18):
        services.agreement_issue(
            partnership=PartnershipFactory(program=world.program),
            template=template,
            actor=world.coordinator,
            notify=False,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(AGREEMENTS)
    assert response.json()["count"] == 20
    assert len(many) == len(few)


def test_anonymous_callers_get_401_everywhere(api, agreements):
    for url in (AGREEMENTS, f"{AGREEMENTS}{agreements['own'].pk}/", GOALS):
        check_error(api.get(url), 401)
    check_error(api.post(CHANGES, {}), 401)
