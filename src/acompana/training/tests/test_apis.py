"""Selection of mentors and their training over the API: calls, ranking, applications, reviews
and decisions; training plans, sessions, attendance, feedback and its summary.

Calls and rankings are for coordinators; an application is read by its candidate (who need
not be a member) and coordinators, and is not found for anyone else; coordinators review and
decide. Training is read by coordinators, trainers (their own sessions) and mentors (the
sessions they are invited to, their own breakout group); the session's trainer and
coordinators record attendance; a mentor who attended rates a session once.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.api.testing import BASE
from acompana.training import services as training_services
from acompana.training.models import BreakoutGroup, Feedback, TrainingSession
from acompana.visits.tests.test_apis import check_error

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
COORDINATORS_ONLY = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}
TRAINING_READ = COORDINATORS_ONLY | {"trainer": 200, "mentor": 200}
MANAGERS = COORDINATORS_ONLY | {"trainer": 200}
# The outsider is the candidate: they read their own application; the others never see it.
APPLICATION_READ = {p: 404 for p in PERSONAS} | {"coordinator": 200, "outsider": 200}
APPLICATION_MANAGE = {p: 404 for p in PERSONAS} | {"coordinator": 200, "outsider": 403}

CALLS = f"{BASE}/calls/"
PLANS = f"{BASE}/training/plans/"
SESSIONS = f"{BASE}/training/sessions/"
MOTIVATION_SECRET = "Quiero acompañar a directores rurales"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


# --- Training ----------------------------------------------------------------------------------


def at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def plan(world):
    return training_services.plan_create(
        program=world.program,
        cohort=world.mentor_profile.cohorts.get(),
        title="Inducción 2026",
        induction=False,
        actor=world.coordinator,
    )


def make_session(world, plan, *, trainer=True, title="Juego de roles", days=10):
    return training_services.session_create(
        plan=plan,
        title=title,
        module=TrainingSession.Module.ROLE_PLAY,
        modality=TrainingSession.Modality.IN_PERSON,
        starts_at=at(days),
        duration_minutes=180,
        trainer=world.trainer if trainer else None,
        actor=world.coordinator,
    )


@pytest.fixture
def session(world, plan):
    return make_session(world, plan)


def session_url(session, rest: str = "") -> str:
    return f"{SESSIONS}{session.pk}/{rest}"


@pytest.mark.parametrize(("persona", "status"), TRAINING_READ.items())
def test_training_plans_are_read_by_coordinators_trainers_and_mentors(
    api_as, plan, session, persona, status
):
    response = api_as(persona).get(PLANS)

    if status != 200:
        check_error(response, status)
        return
    (row,) = response.json()["results"]
    assert (row["id"], row["title"], row["sessions"]) == (plan.pk, "Inducción 2026", [session.pk])


@pytest.mark.parametrize(("persona", "status"), TRAINING_READ.items())
def test_sessions_are_read_as_their_trainer_runs_them_or_the_mentor_is_invited(
    api_as, world, plan, session, persona, status
):
    unassigned = make_session(world, plan, trainer=False, title="Sin formador", days=11)
    returning = training_services.session_create(
        plan=plan,
        title="Sólo nuevos",
        module=TrainingSession.Module.THEORY,
        modality=TrainingSession.Modality.VIRTUAL,
        track=TrainingSession.Track.NEW,
        starts_at=at(12),
        duration_minutes=60,
        trainer=world.trainer,
        actor=world.coordinator,
    )

    response = api_as(persona).get(SESSIONS)

    if status != 200:
        check_error(response, status)
        return
    seen = {row["id"] for row in response.json()["results"]}
    expected = {
        "coordinator": {session.pk, unassigned.pk, returning.pk},
        "trainer": {session.pk, returning.pk},
        # The mentor has served in two programs: returning, so not invited to "new" sessions.
        "mentor": {session.pk, unassigned.pk},
    }[persona]
    assert seen == expected


@pytest.mark.parametrize("persona", ["coordinator", "trainer", "mentor"])
def test_the_plan_and_session_lists_cost_the_same_queries_for_few_and_many(
    api_as, world, plan, persona
):
    client = api_as(persona)
    make_session(world, plan)
    few = (queries(client, PLANS), queries(client, SESSIONS))

    for n in range(15):
        other = training_services.plan_create(
            program=world.program,
            cohort=plan.cohort,
            title=f"Plan {n}",
            induction=False,
            actor=world.coordinator,
        )
        make_session(world, other, days=n + 1)
        make_session(world, plan, days=n + 20)
    many = (queries(client, PLANS), queries(client, SESSIONS))

    assert many == few
    assert max(many) <= 8


@pytest.mark.parametrize(("persona", "status"), TRAINING_READ.items())
def test_a_session_shows_every_group_to_managers_and_a_mentor_only_theirs(
    api_as, world, session, persona, status
):
    mine = BreakoutGroup.objects.create(session=session, number=1)
    mine.members.add(world.mentor_profile)
    other = BreakoutGroup.objects.create(session=session, number=2)
    other.members.add(world.other_mentor_profile)

    response = api_as(persona).get(session_url(session))

    if status != 200:
        check_error(response, status)
        return
    body = response.json()
    assert body["title"] == "Juego de roles"
    groups = {g["number"]: [m["code"] for m in g["members"]] for g in body["groups"]}
    if persona == "mentor":
        assert groups == {1: [world.mentor_profile.code]}
    else:
        assert groups == {1: [world.mentor_profile.code], 2: [world.other_mentor_profile.code]}


def test_a_session_of_another_trainer_is_refused_to_a_trainer(api_as, world, plan):
    unassigned = make_session(world, plan, trainer=False)

    check_error(api_as("trainer").get(session_url(unassigned)), 403)
    check_error(api_as("coordinator").get(f"{SESSIONS}999999/"), 404)


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_the_sessions_trainer_and_coordinators_record_attendance(
    api_as, world, session, persona, status
):
    body = {"present": [world.mentor_profile.pk]}

    response = api_as(persona).post(session_url(session, "attendance/"), body, format="json")

    if status != 200:
        check_error(response, status)
        assert not session.attendances.exists()
        return
    assert response.status_code == 200, response.content
    rows = {row["mentor"]: row["present"] for row in response.json()}
    assert rows[world.mentor_profile.pk] is True
    assert rows[world.other_mentor_profile.pk] is False


def test_attendance_of_a_mentor_not_invited_gives_400(api_as, session):
    response = api_as("coordinator").post(
        session_url(session, "attendance/"), {"present": [999999]}, format="json"
    )

    assert response.status_code == 400
    assert not session.attendances.exists()


FEEDBACK_WRITE = {p: 403 for p in PERSONAS} | {"mentor": 201, "outsider": 404}
FEEDBACK = {"clarity": 5, "usefulness": 4, "pace": 3, "participation": 4, "comment": "Útil"}


@pytest.fixture
def attended(world, session):
    training_services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.coordinator
    )
    return session


@pytest.mark.parametrize(("persona", "status"), FEEDBACK_WRITE.items())
def test_only_an_attending_mentor_rates_a_session(api_as, world, attended, persona, status):
    response = api_as(persona).post(session_url(attended, "feedback/"), FEEDBACK, format="json")

    if status != 201:
        check_error(response, status)
        assert not Feedback.objects.exists()
        return
    assert response.status_code == 201, response.content
    created = Feedback.objects.get()
    assert (created.mentor, created.clarity) == (world.mentor_profile, 5)


def test_a_mentor_rates_once_and_only_after_attending(api_as, world, session):
    client = api_as("mentor")

    absent = client.post(session_url(session, "feedback/"), FEEDBACK, format="json")
    assert absent.status_code == 400
    training_services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.coordinator
    )
    first = client.post(session_url(session, "feedback/"), FEEDBACK, format="json")
    again = client.post(session_url(session, "feedback/"), FEEDBACK, format="json")
    bad = client.post(session_url(session, "feedback/"), {**FEEDBACK, "pace": 9}, format="json")

    assert first.status_code == 201
    assert again.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["pace"]
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_coordinators_and_trainers_read_the_feedback_summary(
    api_as, world, plan, attended, persona, status
):
    training_services.feedback_submit(
        session=attended,
        mentor=world.mentor_profile,
        clarity=5,
        usefulness=3,
        pace=4,
        participation=4,
        actor=world.mentor,
    )

    response = api_as(persona).get(f"{PLANS}{plan.pk}/feedback-summary/")

    if status != 200:
        check_error(response, status)
        return
    body = response.json()
    in_person = body["modality"][0]
    assert (in_person["count"], in_person["clarity"], in_person["overall"]) == (1, 5.0, 4.0)
    assert {row["count"] for row in body["track"]} == {0, 1}
