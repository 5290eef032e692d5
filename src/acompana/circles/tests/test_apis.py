"""Circles over the API: who may read and write, the version check, and private notes that
only their author ever reads."""

import pytest

from acompana.api.testing import BASE
from acompana.circles import services
from acompana.circles.tests.conftest import last_week, teacher

CIRCLES = f"{BASE}/circles/"
MEETINGS = f"{BASE}/circle-meetings/"
GOALS = f"{BASE}/circle-goals/"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}
READ = DENIED | {"coordinator": 200, "mentor": 200, "mentee": 200, "specialist": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_circles_and_meetings(world, circles, api_as, persona):
    client = api_as(persona)
    assert client.get(CIRCLES).status_code == READ[persona]
    assert client.get(f"{CIRCLES}{circles.mentoring.pk}/").status_code == READ[persona]
    assert client.get(f"{CIRCLES}{circles.mentoring.pk}/members/").status_code == READ[persona]
    meeting = f"{MEETINGS}{circles.group_meeting.pk}/"
    assert client.get(meeting).status_code == READ[persona]
    assert client.get(MEETINGS).status_code == READ[persona]
    assert client.get(GOALS).status_code == READ[persona]


def test_lists_hold_only_the_circles_one_may_see(world, circles, api_as):
    names = {c["name"] for c in api_as("mentee").get(CIRCLES).json()["results"]}
    assert names == {circles.mentoring.name}
    assert api_as("coordinator").get(CIRCLES).json()["count"] == 2
    response = api_as("mentor").get(f"{CIRCLES}{circles.reciprocal.pk}/")
    assert response.status_code == 404


def test_coordinators_create_and_update_circles_with_the_version(world, circles, api_as):
    a, b = teacher(world), teacher(world)
    body = {
        "cohort": world.program.cohorts.get().pk,
        "kind": "reciprocal",
        "name": "Par API",
        "mentees": [a.pk, b.pk],
        "status": "active",
    }
    assert api_as("mentor").post(CIRCLES, body, format="json").status_code == 403
    created = api_as("coordinator").post(CIRCLES, body, format="json")
    assert created.status_code == 201, created.json()
    too_many = {**body, "mentees": [a.pk, b.pk, teacher(world).pk]}
    assert api_as("coordinator").post(CIRCLES, too_many, format="json").status_code == 400
    url = f"{CIRCLES}{created.json()['id']}/"
    update = {
        "name": "Par renombrado",
        "purpose": "",
        "status": "active",
        "mentor": None,
        "mentees": [a.pk, b.pk],
        "version": 0,
    }
    assert api_as("coordinator").put(url, update, format="json").status_code == 200
    stale = api_as("coordinator").put(url, update, format="json")
    assert stale.status_code in (400, 409)


def test_a_member_plans_and_records_a_peer_meeting(world, circles, api_as, client):
    from rest_framework.test import APIClient

    member = APIClient()
    member.force_authenticate(circles.user("teacher_a"))
    planned = member.post(
        MEETINGS,
        {
            "circle": circles.reciprocal.pk,
            "starts_at": last_week().isoformat(),
            "mode": "video",
            "facilitator": circles.teacher_b.pk,
        },
        format="json",
    )
    assert planned.status_code == 201, planned.json()
    meeting = planned.json()["id"]
    recorded = member.post(
        f"{MEETINGS}{meeting}/record/",
        {
            "status": "done",
            "summary": "Compartido",
            "attendance": [{"mentee": circles.teacher_a.pk, "present": True}],
            "commitments": [{"mentee": circles.teacher_b.pk, "text": "Grabar una clase"}],
            "version": 0,
        },
        format="json",
    )
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["commitments"][0]["text"] == "Grabar una clase"
    # the mentee of the mentoring circle may read, never record
    mentee_record = api_as("mentee").post(
        f"{MEETINGS}{circles.group_meeting.pk}/record/",
        {"status": "done", "version": 0},
        format="json",
    )
    assert mentee_record.status_code == 403


def test_the_note_endpoint_only_ever_returns_the_callers_own_note(world, circles):
    from rest_framework.test import APIClient

    meeting = circles.pair_meeting
    services.private_note_save(meeting=meeting, author=circles.user("teacher_a"), text="SECRETO-A")
    a, b, coordinator = APIClient(), APIClient(), APIClient()
    a.force_authenticate(circles.user("teacher_a"))
    b.force_authenticate(circles.user("teacher_b"))
    coordinator.force_authenticate(world.coordinator)
    note = f"{MEETINGS}{meeting.pk}/note/"
    assert a.get(note).json()["text"] == "SECRETO-A"
    assert b.get(note).json() == {"text": "", "version": 0}
    assert b.put(note, {"text": "SECRETO-B", "version": 0}, format="json").status_code == 200
    assert coordinator.get(note).status_code == 403
    for client, other in ((a, "SECRETO-B"), (b, "SECRETO-A"), (coordinator, "SECRETO-")):
        for url in (
            CIRCLES,
            f"{CIRCLES}{circles.reciprocal.pk}/",
            MEETINGS,
            f"{MEETINGS}{meeting.pk}/",
            f"{MEETINGS}?circle={circles.reciprocal.pk}",
            GOALS,
        ):
            assert other not in client.get(url).content.decode()
    assert a.get(note).json()["text"] == "SECRETO-A"


def test_goals_and_progress_over_the_api(world, circles, api_as):
    created = api_as("mentor").post(
        GOALS, {"circle": circles.mentoring.pk, "title": "Preguntas abiertas"}, format="json"
    )
    assert created.status_code == 201, created.json()
    goal = created.json()["id"]
    progress = api_as("mentee").post(f"{GOALS}{goal}/progress/", {"percent": 30}, format="json")
    assert progress.status_code == 200 and progress.json()["progress"] == [30]
    assert (
        api_as("specialist")
        .post(f"{GOALS}{goal}/progress/", {"percent": 30}, format="json")
        .status_code
        == 403
    )


def test_the_circle_list_keeps_its_query_budget(
    world, circles, api_as, django_assert_max_num_queries
):
    cohort = world.program.cohorts.get()
    for i in range(15):
        services.circle_create(
            program=world.program,
            cohort=cohort,
            kind="peer",
            name=f"Pares {i}",
            mentees=[teacher(world), teacher(world), teacher(world)],
            actor=world.coordinator,
        )
    client = api_as("coordinator")
    with django_assert_max_num_queries(10):
        assert client.get(CIRCLES).json()["count"] == 17


def test_the_meeting_and_goal_lists_keep_their_query_budgets(
    world, circles, api_as, django_assert_max_num_queries
):
    for i in range(12):
        services.meeting_create(
            circle=circles.mentoring, starts_at=last_week(), mode="video", actor=world.mentor
        )
        goal = services.goal_create(circle=circles.mentoring, title=f"Meta {i}", actor=world.mentor)
        services.goal_progress_add(goal=goal, percent=i, actor=world.mentee)
    client = api_as("mentee")
    with django_assert_max_num_queries(10):
        assert client.get(MEETINGS).json()["count"] == 13
    with django_assert_max_num_queries(10):
        assert client.get(GOALS).json()["count"] == 12
