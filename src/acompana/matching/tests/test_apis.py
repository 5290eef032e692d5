"""Matching over the API: the whole workflow over HTTP, the role rules and query budgets."""

import pytest
from rest_framework.test import APIClient

from acompana.matching import services
from acompana.matching.models import DEFAULT_CRITERIA, MatchRun, PairRule
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory

BASE = "/api/v1/programs/test-program/matching"
DENIED = ["mentor", "mentee", "specialist", "trainer", "researcher"]


def test_a_coordinator_runs_the_whole_matching_workflow_over_http(
    world, cohort, django_capture_on_commit_callbacks
):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"email": "coordinator@example.org", "password": "pass-word-123"},
        format="json",
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    # Configure: read the suggested weights for the cohort, make region a hard constraint.
    cohorts = client.get("/api/v1/programs/test-program/cohorts/").json()["results"]
    cohort_id = cohorts[0]["id"]
    settings = client.get(f"{BASE}/runs/settings/", {"cohort": cohort_id}).json()
    criteria = {row["criterion"]: row["weight"] for row in settings["criteria"]}
    assert criteria == DEFAULT_CRITERIA
    criteria["needs"] = 10

    # Start a run; the background worker runs it when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"{BASE}/runs/",
            {"cohort": cohort_id, "objective": "total", "criteria": criteria, "max_km": 80},
            format="json",
        )
    assert started.status_code == 202, started.json()
    assert started.json()["status"] == "queued"
    run_url = f"{BASE}/runs/{started.json()['id']}/"

    # Poll the progress until the run is done.
    for _attempt in range(10):
        progress = client.get(run_url).json()
        if progress["status"] not in {"queued", "running"}:
            break
    assert (progress["status"], progress["progress"]) == ("done", 100)
    assert progress["criteria"]["needs"] == 10
    assert progress["options"] == {"max_km": 80}

    proposals = client.get(f"{run_url}proposals/").json()
    assert proposals["count"] == 5
    new = [p for p in proposals["results"] if not p["kept"]]
    first = next(p for p in new if p["mentor"]["code"] == world.mentor_profile.code)
    second = next(p for p in new if p["mentor"]["code"] == world.other_mentor_profile.code)

    explanation = client.get(f"{run_url}proposals/{first['id']}/").json()
    assert {row["criterion"] for row in explanation["explanation"]} == set(DEFAULT_CRITERIA)
    assert sum(row["contribution"] for row in explanation["explanation"]) == pytest.approx(
        explanation["score"], abs=1e-3
    )

    swapped = client.post(
        f"{run_url}swap/", {"proposals": [first["id"], second["id"]]}, format="json"
    )
    assert swapped.status_code == 200, swapped.json()
    mentors = {row["id"]: row["mentor"]["code"] for row in swapped.json()}
    assert mentors == {
        first["id"]: world.other_mentor_profile.code,
        second["id"]: world.mentor_profile.code,
    }

    locked = client.post(f"{run_url}proposals/{first['id']}/lock/", {"locked": True})
    assert locked.status_code == 200
    assert locked.json()["locked"] is True

    third = next(p for p in new if p["id"] not in {first["id"], second["id"]})
    excluded = client.post(f"{run_url}proposals/{third['id']}/exclude/")
    assert excluded.status_code == 200
    assert third["person"]["code"] in {row["code"] for row in excluded.json()["unmatched"]}
    assert client.get(f"{run_url}proposals/").json()["count"] == 4

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{run_url}publish/")
    assert published.status_code == 202
    assert published.json()["status"] == "publishing"
    done = client.get(run_url).json()
    assert (done["status"], done["progress"]) == ("published", 100)
    assert done["summary"]["publication"]["created"] == 2

    partnerships = client.get(f"{BASE}/partnerships/", {"cohort": cohort_id}).json()
    pairs = {(row["mentor"]["code"], row["mentee"]["code"]) for row in partnerships["results"]}
    assert pairs == {
        (world.mentor_profile.code, world.mentee_profile.code),
        (world.other_mentor_profile.code, world.other_mentee_profile.code),
        (world.other_mentor_profile.code, first["person"]["code"]),
        (world.mentor_profile.code, second["person"]["code"]),
    }

    # A published run can no longer be changed.
    again = client.post(f"{run_url}proposals/{first['id']}/lock/", {"locked": False})
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("persona", DENIED)
def test_members_who_do_not_coordinate_may_not_see_or_start_runs(api_as, run, persona):
    client = api_as(persona)
    urls = [
        f"{BASE}/runs/",
        f"{BASE}/runs/{run.pk}/",
        f"{BASE}/runs/{run.pk}/proposals/",
        f"{BASE}/partnerships/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    response = client.post(f"{BASE}/runs/", {"cohort": run.cohort_id}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert client.post(f"{BASE}/runs/{run.pk}/publish/").status_code == 403
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.DONE


def test_outsiders_get_404_on_every_matching_url(api_as, run):
    client = api_as("outsider")
    proposal = run.proposals.first()
    for url in [
        f"{BASE}/runs/",
        f"{BASE}/runs/{run.pk}/",
        f"{BASE}/runs/{run.pk}/proposals/",
        f"{BASE}/runs/{run.pk}/proposals/{proposal.pk}/",
        f"{BASE}/partnerships/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{BASE}/runs/{run.pk}/publish/").status_code == 404
    assert client.post(f"{BASE}/runs/{run.pk}/proposals/{proposal.pk}/exclude/").status_code == 404


def test_anonymous_callers_get_401(run):
    assert APIClient().get(f"{BASE}/runs/").status_code == 401


def test_a_run_of_another_program_or_a_pair_of_another_run_is_not_found(
    world, api_as, run, cohort, django_capture_on_commit_callbacks
):
    client = api_as("coordinator")
    proposal = run.proposals.first()
    assert client.get(f"{BASE}/runs/{run.pk + 1000}/").status_code == 404
    assert client.get(f"{BASE}/runs/{run.pk}/proposals/999999/").status_code == 404
    assert client.get(f"{BASE}/runs/abc/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        other = services.match_run_start(
            program=world.program,
            cohort=cohort,
            kind="mentees",
            objective="total",
            criteria=DEFAULT_CRITERIA,
            actor=world.coordinator,
        )
    assert client.get(f"{BASE}/runs/{other.pk}/proposals/{proposal.pk}/").status_code == 404


def test_starting_a_run_refuses_bad_weights_and_foreign_cohorts(api_as, run, world):
    client = api_as("coordinator")
    bad = client.post(
        f"{BASE}/runs/",
        {"cohort": run.cohort_id, "criteria": {"region": 11}},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    unknown = client.post(
        f"{BASE}/runs/", {"cohort": run.cohort_id, "criteria": {"height": 3}}, format="json"
    )
    assert unknown.status_code == 400
    foreign = client.post(f"{BASE}/runs/", {"cohort": 999999}, format="json")
    assert foreign.status_code == 400
    assert "cohort" in foreign.json()["error"]["fields"]
    assert MatchRun.objects.count() == 1


def test_a_run_started_without_weights_uses_the_cohorts_last_ones(
    api_as, run, django_capture_on_commit_callbacks
):
    run.criteria = {**DEFAULT_CRITERIA, "philosophy": 0}
    run.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("coordinator").post(
            f"{BASE}/runs/", {"cohort": run.cohort_id, "objective": "maxmin"}, format="json"
        )
    assert response.status_code == 202
    assert response.json()["criteria"]["philosophy"] == 0


def test_swapping_a_locked_pair_or_the_same_pair_twice_is_refused(api_as, run):
    client = api_as("coordinator")
    first, second = run.proposals.filter(kept=False).order_by("pk")[:2]
    same = client.post(
        f"{BASE}/runs/{run.pk}/swap/", {"proposals": [first.pk, first.pk]}, format="json"
    )
    assert same.status_code == 400
    client.post(f"{BASE}/runs/{run.pk}/proposals/{first.pk}/lock/", {"locked": True})
    assert PairRule.objects.filter(rule="lock", mentor=first.mentor, mentee=first.mentee).exists()
    locked = client.post(
        f"{BASE}/runs/{run.pk}/swap/", {"proposals": [first.pk, second.pk]}, format="json"
    )
    assert locked.status_code == 400
    assert "Unlock" in str(locked.json()["error"]["fields"])
    one = client.post(f"{BASE}/runs/{run.pk}/swap/", {"proposals": [first.pk]}, format="json")
    assert one.status_code == 400
    stranger = client.post(
        f"{BASE}/runs/{run.pk}/swap/", {"proposals": [second.pk, 999999]}, format="json"
    )
    assert stranger.status_code == 400
    assert "proposals" in stranger.json()["error"]["fields"]


def test_the_run_list_costs_the_same_queries_for_many_runs(
    api_as, run, world, cohort, django_assert_max_num_queries
):
    client = api_as("coordinator")
    for _ in range(20):
        MatchRun.objects.create(program=world.program, cohort=cohort, criteria=DEFAULT_CRITERIA)
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}/runs/")
    assert response.json()["count"] == 21


def test_the_proposal_list_costs_the_same_queries_for_many_pairs(
    api_as, world, cohort, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for _ in range(3):
        mentor = MentorProfileFactory(program=world.program, capacity=5)
        mentor.cohorts.add(cohort)
    for _ in range(12):
        MenteeProfileFactory(program=world.program).cohorts.add(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.match_run_start(
            program=world.program,
            cohort=cohort,
            kind="mentees",
            objective="total",
            criteria=DEFAULT_CRITERIA,
            actor=world.coordinator,
        )
    client = api_as("coordinator")
    with django_assert_max_num_queries(7):
        response = client.get(f"{BASE}/runs/{run.pk}/proposals/")
    assert response.json()["count"] > 10
    with django_assert_max_num_queries(6):
        client.get(f"{BASE}/partnerships/")
