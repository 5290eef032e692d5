"""Writes of selection and induction over the API, and the rest of it: opening calls,
applying with evidence, the coordinators' filtered list of applications; creating plans and
sessions, forming and editing breakout groups; readiness; buddy pairs and their meetings;
specialists who accompany mentors. Each endpoint follows the rules of its page."""

import datetime

import pytest
from django.utils import timezone

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.api.testing import (
    BASE,
    COORDINATORS_AND_MENTORS,
    COORDINATORS_ONLY,
    COORDINATORS_SPECIALISTS_MENTORS,
    MANAGERS,
    MANAGERS_AND_MENTORS,
)
from acompana.people.models import BuddyPair, SpecialistAssignment
from acompana.people.tests.factories import MentorProfileFactory
from acompana.training import services as training_services
from acompana.training.models import (
    BreakoutGroup,
    BuddyMeeting,
    ReadinessCheck,
    TrainingPlan,
    TrainingSession,
)
from acompana.training.tests.test_apis import make_session
from acompana.visits.tests.test_apis import check_error

PLANS = f"{BASE}/training/plans/"
SESSIONS = f"{BASE}/training/sessions/"
READINESS = f"{BASE}/training/readiness/"
PAIRS = f"{BASE}/training/buddy-pairs/"
ASSIGNMENTS = f"{BASE}/training/specialist-assignments/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- Plans, sessions and breakout groups -------------------------------------------------------


@pytest.fixture
def plan(world, cohort):
    return training_services.plan_create(
        program=world.program,
        cohort=cohort,
        title="Inducción 2026",
        induction=False,
        actor=world.coordinator,
    )


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_coordinators_and_trainers_create_training_plans(api_as, cohort, persona, status):
    body = {"cohort": cohort.pk, "title": "Plan 2026", "days_before_field_work": 10}

    response = api_as(persona).post(PLANS, body, format="json")

    if status != 200:
        check_error(response, status)
        assert not TrainingPlan.objects.exists()
        return
    assert response.status_code == 201, response.content
    plan = TrainingPlan.objects.get()
    assert (plan.title, plan.induction, plan.days_before_field_work) == ("Plan 2026", True, 10)


def session_body(plan, **overrides):
    return {
        "plan": plan.pk,
        "title": "Cuaderno de campo",
        "module": "field_notebook",
        "modality": "virtual",
        "starts_at": (timezone.now() + datetime.timedelta(days=5)).isoformat(),
        "duration_minutes": 120,
        **overrides,
    }


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_coordinators_and_trainers_create_sessions(api_as, world, plan, persona, status):
    response = api_as(persona).post(SESSIONS, session_body(plan), format="json")

    if status != 200:
        check_error(response, status)
        assert not TrainingSession.objects.exists()
        return
    assert response.status_code == 201, response.content
    session = TrainingSession.objects.get()
    # A trainer's session is theirs; a coordinator who names no trainer leaves it open.
    assert session.trainer == (world.trainer if persona == "trainer" else None)
    assert response.json()["modality"] == "virtual"


def test_a_coordinator_names_the_trainer_and_a_trainer_cannot_name_another(api_as, world, plan):
    named = api_as("coordinator").post(
        SESSIONS, session_body(plan, trainer=world.trainer.pk), format="json"
    )
    not_a_trainer = api_as("coordinator").post(
        SESSIONS, session_body(plan, trainer=world.mentor.pk), format="json"
    )
    other = api_as("trainer").post(
        SESSIONS, session_body(plan, trainer=world.coordinator.pk), format="json"
    )

    assert named.status_code == 201
    assert TrainingSession.objects.get().trainer == world.trainer
    assert not_a_trainer.status_code == 400
    assert list(other.json()["error"]["fields"]) == ["trainer"]


def test_an_induction_session_after_the_deadline_gives_400(api_as, world, cohort):
    from acompana.visits.models import Round

    plan = training_services.plan_create(
        program=world.program, cohort=cohort, title="Inducción", actor=world.coordinator
    )
    Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Ronda 1",
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=40),
    )

    response = api_as("coordinator").post(SESSIONS, session_body(plan), format="json")

    assert response.status_code == 400
    assert "before field work" in str(response.json()["error"]["fields"])


@pytest.fixture
def session(world, plan):
    return make_session(world, plan)


@pytest.fixture
def crowd(world, cohort):
    """Twelve more mentors in the cohort: four experienced, eight novices."""
    mentors = [
        MentorProfileFactory(program=world.program, programs_served=2 if n < 4 else 0)
        for n in range(12)
    ]
    for mentor in mentors:
        mentor.cohorts.add(cohort)
    return mentors


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_the_sessions_trainer_and_coordinators_form_breakout_groups(
    api_as, session, crowd, persona, status
):
    body = {"min_size": 4, "max_size": 5, "seed": 7}

    response = api_as(persona).post(f"{SESSIONS}{session.pk}/groups/", body, format="json")

    if status != 200:
        check_error(response, status)
        assert not BreakoutGroup.objects.exists()
        return
    assert response.status_code == 201, response.content
    groups = response.json()
    sizes = [len(g["members"]) for g in groups]
    assert sum(sizes) == 14 and all(4 <= size <= 5 for size in sizes)
    again = api_as(persona).post(f"{SESSIONS}{session.pk}/groups/", body, format="json").json()
    assert again == groups


def test_groups_need_sizes_in_order(api_as, session):
    response = api_as("coordinator").post(
        f"{SESSIONS}{session.pk}/groups/", {"min_size": 6, "max_size": 3}, format="json"
    )

    assert list(response.json()["error"]["fields"]) == ["max_size"]


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_the_sessions_trainer_and_coordinators_move_a_mentor(
    api_as, world, session, persona, status
):
    first = BreakoutGroup.objects.create(session=session, number=1)
    first.members.add(world.mentor_profile, world.other_mentor_profile)
    BreakoutGroup.objects.create(session=session, number=2)
    body = {"member": world.mentor_profile.pk, "group": 2}

    response = api_as(persona).post(f"{SESSIONS}{session.pk}/groups/move/", body, format="json")

    if status != 200:
        check_error(response, status)
        assert list(first.members.all()) != [world.other_mentor_profile]
        return
    assert response.status_code == 200, response.content
    groups = {g["number"]: [m["id"] for m in g["members"]] for g in response.json()}
    assert groups == {1: [world.other_mentor_profile.pk], 2: [world.mentor_profile.pk]}


def test_moving_into_a_missing_group_or_a_stranger_gives_400(api_as, session):
    BreakoutGroup.objects.create(session=session, number=1)
    stranger = MentorProfileFactory()
    address = f"{SESSIONS}{session.pk}/groups/move/"

    no_group = api_as("coordinator").post(address, {"member": 1, "group": 9}, format="json")
    foreign = api_as("coordinator").post(
        address, {"member": stranger.pk, "group": 1}, format="json"
    )

    assert list(no_group.json()["error"]["fields"]) == ["group"]
    assert list(foreign.json()["error"]["fields"]) == ["member"]


# --- Readiness ---------------------------------------------------------------------------------


@pytest.fixture
def items(world, cohort):
    return training_services.readiness_items_default(cohort=cohort, actor=world.coordinator)


@pytest.mark.parametrize(("persona", "status"), MANAGERS_AND_MENTORS.items())
def test_readiness_is_read_by_trainers_and_coordinators_and_a_mentor_reads_their_own(
    api_as, world, items, persona, status
):
    training_services.readiness_sign(
        item=items[0], mentor=world.mentor_profile, evidence="Lista firmada", actor=world.trainer
    )

    response = api_as(persona).get(READINESS)

    if status != 200:
        check_error(response, status)
        return
    rows = {row["mentor"]["id"]: row for row in response.json()["results"]}
    expected = {world.mentor_profile.pk}
    if persona != "mentor":
        expected.add(world.other_mentor_profile.pk)
    assert set(rows) == expected
    mine = rows[world.mentor_profile.pk]
    assert mine["ready"] is False
    assert (mine["items"][0]["signed"], mine["items"][0]["evidence"]) == (True, "Lista firmada")
    assert mine["items"][1]["signed"] is False


def test_a_mentor_cannot_read_another_cohorts_readiness(api_as, world, items):
    from acompana.programs.tests.factories import CohortFactory

    other = CohortFactory(program=world.program, year=2030)

    check_error(api_as("mentor").get(READINESS, {"cohort": other.pk}), 404)
    assert api_as("coordinator").get(READINESS, {"cohort": other.pk}).json()["count"] == 0


@pytest.mark.parametrize(("persona", "status"), MANAGERS.items())
def test_trainers_and_coordinators_sign_and_unsign_readiness(api_as, world, items, persona, status):
    client = api_as(persona)
    body = {"item": items[0].pk, "mentor": world.mentor_profile.pk, "evidence": "Asistió"}

    signed = client.post(f"{READINESS}sign/", body, format="json")

    if status != 200:
        check_error(signed, status)
        assert not ReadinessCheck.objects.exists()
        return
    assert signed.status_code == 200, signed.content
    assert (signed.json()["signed"], signed.json()["evidence"]) == (True, "Asistió")
    assert ReadinessCheck.objects.get().signed_by == world.persona(persona)
    unsigned = client.post(f"{READINESS}unsign/", body, format="json")
    assert unsigned.status_code == 204
    assert not ReadinessCheck.objects.exists()


def test_signing_for_a_mentor_outside_the_cohort_or_an_unknown_item_gives_400(api_as, world, items):
    outside = MentorProfileFactory(program=world.program)
    client = api_as("trainer")

    wrong_cohort = client.post(
        f"{READINESS}sign/", {"item": items[0].pk, "mentor": outside.pk}, format="json"
    )
    no_item = client.post(
        f"{READINESS}sign/", {"item": 999999, "mentor": outside.pk}, format="json"
    )

    assert wrong_cohort.status_code == 400
    assert list(no_item.json()["error"]["fields"]) == ["item"]
    assert not ReadinessCheck.objects.exists()


# --- Buddy pairs -------------------------------------------------------------------------------


@pytest.fixture
def novice(world, cohort):
    profile = MentorProfileFactory(program=world.program, programs_served=0)
    profile.cohorts.add(cohort)
    return profile


@pytest.fixture
def pair(world, cohort):
    # The world's mentor is the novice here (so that they may log meetings as a mentor).
    return BuddyPair.objects.create(
        program=world.program,
        cohort=cohort,
        novice=world.mentor_profile,
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 3, 1),
    )


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_AND_MENTORS.items())
def test_buddy_pairs_are_read_by_coordinators_and_the_pairs_mentors(api_as, pair, persona, status):
    response = api_as(persona).get(PAIRS)

    if status != 200:
        check_error(response, status)
        return
    (row,) = response.json()["results"]
    assert (row["id"], row["novice"]["id"], row["ended_on"]) == (pair.pk, pair.novice_id, None)


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_create_buddy_pairs(api_as, world, novice, persona, status):
    body = {"novice": novice.pk, "buddy": world.mentor_profile.pk, "started_on": "2026-03-01"}

    response = api_as(persona).post(PAIRS, body, format="json")

    if status != 200:
        check_error(response, status)
        assert not BuddyPair.objects.exists()
        return
    assert response.status_code == 201, response.content
    assert BuddyPair.objects.get().buddy == world.mentor_profile


def test_an_inexperienced_buddy_gives_400(api_as, world, novice):
    body = {"novice": world.mentor_profile.pk, "buddy": novice.pk, "started_on": "2026-03-01"}

    assert api_as("coordinator").post(PAIRS, body, format="json").status_code == 400
    assert not BuddyPair.objects.exists()


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_AND_MENTORS.items())
def test_only_coordinators_end_a_buddy_pair(api_as, pair, persona, status):
    response = api_as(persona).post(
        f"{PAIRS}{pair.pk}/end/", {"ended_on": "2026-07-31"}, format="json"
    )

    pair.refresh_from_db()
    if persona != "coordinator":
        check_error(response, 403 if status == 200 else status)
        assert pair.ended_on is None
        return
    assert response.status_code == 200, response.content
    assert response.json()["ended_on"] == "2026-07-31"
    assert pair.ended_on == datetime.date(2026, 7, 31)


MEETING = {
    "met_on": "2026-04-02",
    "mode": "phone",
    "topics": "Primera visita",
    "duration_minutes": 30,
}


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_AND_MENTORS.items())
def test_the_pairs_mentors_log_meetings_and_read_them(api_as, pair, persona, status):
    client = api_as(persona)

    logged = client.post(f"{PAIRS}{pair.pk}/meetings/", MEETING, format="json")

    if status != 200:
        check_error(logged, status)
        assert not BuddyMeeting.objects.exists()
        return
    assert logged.status_code == 201, logged.content
    listed = client.get(f"{PAIRS}{pair.pk}/meetings/").json()
    assert [(m["mode"], m["topics"]) for m in listed] == [("phone", "Primera visita")]


def test_a_mentor_outside_the_pair_gets_404_and_a_future_meeting_400(api_as, world, pair):
    other_pair = BuddyPair.objects.create(
        program=world.program,
        novice=MentorProfileFactory(program=world.program, programs_served=0),
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 3, 1),
    )
    future = str(timezone.localdate() + datetime.timedelta(days=3))

    check_error(api_as("mentor").get(f"{PAIRS}{other_pair.pk}/meetings/"), 404)
    response = api_as("mentor").post(
        f"{PAIRS}{pair.pk}/meetings/", {**MEETING, "met_on": future}, format="json"
    )
    assert response.status_code == 400
    assert not BuddyMeeting.objects.exists()


# --- Specialists -------------------------------------------------------------------------------


@pytest.fixture
def second_specialist(world):
    user = UserFactory(first_name="Manuel", last_name="Rojas")
    MembershipFactory(user=user, program=world.program, role="specialist")
    return user


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_SPECIALISTS_MENTORS.items())
def test_assignments_are_read_by_coordinators_and_by_the_specialist_and_mentor_in_them(
    api_as, world, second_specialist, persona, status
):
    SpecialistAssignment.objects.create(
        program=world.program,
        specialist=second_specialist,
        mentor=world.other_mentor_profile,
        discipline="anthropologist",
    )

    response = api_as(persona).get(ASSIGNMENTS)

    if status != 200:
        check_error(response, status)
        return
    seen = {(row["specialist_id"], row["mentor"]["id"]) for row in response.json()["results"]}
    mine = (world.specialist.pk, world.mentor_profile.pk)
    theirs = (second_specialist.pk, world.other_mentor_profile.pk)
    assert seen == ({mine, theirs} if persona == "coordinator" else {mine})


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_assign_a_specialist_with_a_discipline(
    api_as, world, second_specialist, persona, status
):
    body = {
        "specialist": second_specialist.pk,
        "mentor": world.other_mentor_profile.pk,
        "discipline": "sociologist",
    }

    response = api_as(persona).post(ASSIGNMENTS, body, format="json")

    created = SpecialistAssignment.objects.filter(specialist=second_specialist)
    if status != 200:
        check_error(response, status)
        assert not created.exists()
        return
    assert response.status_code == 201, response.content
    assert (response.json()["discipline"], response.json()["discipline_label"]) == (
        "sociologist",
        "Sociologist",
    )
    assert created.get().mentor == world.other_mentor_profile


def test_another_discipline_needs_its_name_and_only_specialists_are_assigned(
    api_as, world, second_specialist
):
    client = api_as("coordinator")
    base = {"specialist": second_specialist.pk, "mentor": world.other_mentor_profile.pk}

    unnamed = client.post(ASSIGNMENTS, {**base, "discipline": "other"}, format="json")
    trainer = client.post(
        ASSIGNMENTS,
        {**base, "specialist": world.trainer.pk, "discipline": "pedagogue"},
        format="json",
    )
    named = client.post(
        ASSIGNMENTS, {**base, "discipline": "other", "other": "Psicología"}, format="json"
    )

    assert list(unnamed.json()["error"]["fields"]) == ["other"]
    assert list(trainer.json()["error"]["fields"]) == ["specialist"]
    assert named.json()["discipline"] == "Psicología"


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_SPECIALISTS_MENTORS.items())
def test_only_coordinators_end_an_assignment(api_as, world, persona, status):
    assignment = SpecialistAssignment.objects.get(specialist=world.specialist)

    response = api_as(persona).delete(f"{ASSIGNMENTS}{assignment.pk}/")

    if persona != "coordinator":
        check_error(response, 403 if status == 200 else status)
        assert SpecialistAssignment.objects.filter(pk=assignment.pk).exists()
        return
    assert response.status_code == 204
    assert not SpecialistAssignment.objects.filter(pk=assignment.pk).exists()
