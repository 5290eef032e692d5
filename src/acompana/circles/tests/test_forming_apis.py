"""Forming circles over the API: coordinators only; start, read circles, move, lock, mentor,
re-run and publish, with the version check."""

import pytest

from acompana.api.testing import BASE
from acompana.circles.forming_models import FormingRun
from acompana.circles.models import Circle
from acompana.circles.tests.conftest import teacher

RUNS = f"{BASE}/circle-forming-runs/"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}


def body(world, **extra):
    return {
        "cohort": world.program.cohorts.get().pk,
        "kind": "peer",
        "min_size": 4,
        "max_size": 6,
        **extra,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_read_or_start_runs(world, api_as, persona):
    client = api_as(persona)
    expected = DENIED | {"coordinator": 200}
    assert client.get(RUNS).status_code == expected[persona]
    started = client.post(RUNS, body(world), format="json")
    assert started.status_code == (DENIED | {"coordinator": 202})[persona]


def test_a_coordinator_forms_reviews_and_publishes_circles(
    world, api_as, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for k in range(14):
        teacher(world, subject=["matemática", "arte"][k % 2], career_stage="beginning")
    client = api_as("coordinator")
    started = client.post(
        RUNS,
        body(world, criteria=[{"attribute": "subject", "mode": "group", "weight": 5}]),
        format="json",
    )
    assert started.status_code == 202, started.json()
    run = started.json()
    assert run["status"] == "done" and run["summary"]["circles"] == 3
    url = f"{RUNS}{run['id']}/"
    with django_assert_max_num_queries(12):
        circles = client.get(f"{url}circles/").json()
    assert [len(c["members"]) for c in circles] == [6, 5, 5]
    mover = circles[0]["members"][0]["mentee"]
    moved = client.post(f"{url}move/", {"mentee": mover, "circle": 2, "version": 0}, format="json")
    assert moved.status_code == 200, moved.json()
    stale = client.post(
        f"{url}lock/", {"mentee": mover, "locked": False, "version": 0}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["version"] == 1
    bad = client.post(f"{url}move/", {"mentee": mover, "circle": 99}, format="json")
    assert bad.status_code == 400
    rerun = client.post(f"{url}rerun/", format="json")
    assert rerun.status_code == 202 and rerun.json()["previous"] == run["id"]
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{url}publish/", {"version": 1}, format="json")
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == FormingRun.Status.PUBLISHED
    assert Circle.objects.filter(program=world.program).count() == 3


def test_bad_bounds_and_mentor_of_a_peer_circle_are_400(world, api_as):
    client = api_as("coordinator")
    assert client.post(RUNS, body(world, min_size=2), format="json").status_code == 400
    for _ in range(4):
        teacher(world)
    run = client.post(RUNS, body(world), format="json").json()
    answer = client.post(
        f"{RUNS}{run['id']}/mentor/",
        {"circle": 1, "mentor": world.mentor_profile.pk},
        format="json",
    )
    assert answer.status_code == 400
