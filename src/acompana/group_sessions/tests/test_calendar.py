"""Group and training sessions in each person's calendar feed."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import Kind
from acompana.group_sessions.tests.conftest import LIMA
from acompana.hub.calendar import user_calendar
from acompana.training import services as training_services
from acompana.training.models import TrainingSession


def soon(days: int, hour: int = 15) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LIMA)


def events(user) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(user_calendar(user=user).to_ical())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def group(world, cohort):
    session = services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.PROTOCOL_BRIEFING,
        title="Protocolo de la ronda 2",
        starts_at=soon(5),
        duration_minutes=90,
        mode=MeetingMode.VIDEO,
        facilitator=world.specialist,
        place="https://meet.example.org/ronda-2",
        mentors=[world.mentor_profile],
        actor=world.coordinator,
    )
    services.session_update(
        session=session,
        kind=session.kind,
        title=session.title,
        agenda="",
        starts_at=session.starts_at,
        duration_minutes=90,
        mode=session.mode,
        facilitator=world.specialist,
        place=session.place,
        round=None,
        notes="NOTES-NOT-IN-FEED",
        agreements="AGREEMENTS-NOT-IN-FEED",
        actor=world.coordinator,
    )
    return session


@pytest.fixture
def training(world, cohort):
    plan = training_services.plan_create(
        program=world.program,
        cohort=cohort,
        title="En servicio",
        induction=False,
        actor=world.coordinator,
    )
    return training_services.session_create(
        plan=plan,
        title="Preguntas reflexivas",
        module=TrainingSession.Module.SOFT_SKILLS,
        modality=TrainingSession.Modality.VIRTUAL,
        starts_at=soon(9, 10),
        duration_minutes=120,
        trainer=world.trainer,
        actor=world.coordinator,
    )


def test_invited_mentors_and_the_facilitator_get_the_group_session(world, group):
    uid = f"group-session-{group.pk}@acompana"
    event = events(world.mentor)[uid]
    assert "Protocolo de la ronda 2" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "https://meet.example.org/ronda-2"
    assert event["SEQUENCE"] == 1
    assert "NOTES-NOT-IN-FEED" not in str(event.to_ical())
    assert "AGREEMENTS-NOT-IN-FEED" not in event.to_ical().decode()
    assert uid in events(world.specialist)
    for person in (world.other_mentor_profile.user, world.coordinator, world.mentee, world.trainer):
        assert uid not in events(person)


def test_a_cancelled_group_session_stays_in_the_feed_as_cancelled(world, group):
    services.session_cancel(session=group, actor=world.coordinator)
    event = events(world.mentor)[f"group-session-{group.pk}@acompana"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_a_mentor_who_left_the_program_no_longer_gets_its_group_sessions(world, group):
    world.mentor.memberships.filter(program=world.program).delete()
    assert f"group-session-{group.pk}@acompana" not in events(world.mentor)


def test_the_trainer_and_the_cohorts_mentors_get_the_training_session(world, training):
    uid = f"training-session-{training.pk}@acompana"
    event = events(world.trainer)[uid]
    assert str(event["SUMMARY"]) == "Training: Preguntas reflexivas"
    assert uid in events(world.mentor)
    assert uid in events(world.other_mentor_profile.user)
    for person in (world.mentee, world.specialist, world.researcher, world.coordinator):
        assert uid not in events(person)


def test_a_training_session_for_new_mentors_is_not_in_an_experienced_mentors_feed(world, training):
    training.track = TrainingSession.Track.NEW
    training.save(update_fields=["track"])
    assert world.mentor_profile.programs_served >= 2
    assert f"training-session-{training.pk}@acompana" not in events(world.mentor)
    world.mentor_profile.programs_served = 0
    world.mentor_profile.save(update_fields=["programs_served"])
    assert f"training-session-{training.pk}@acompana" in events(world.mentor)


def test_a_cohort_completed_before_the_plans_year_makes_a_mentor_returning_in_the_feed(
    world, cohort, training
):
    from acompana.programs.tests.factories import CohortFactory

    uid = f"training-session-{training.pk}@acompana"
    profile = world.mentor_profile
    profile.programs_served = 1  # declared at entry: their first program
    profile.save(update_fields=["programs_served"])
    training.track = TrainingSession.Track.RETURNING
    training.save(update_fields=["track"])
    assert uid not in events(world.mentor)
    profile.cohorts.add(CohortFactory(program=world.program, year=cohort.year - 1))
    assert uid in events(world.mentor)
    training.track = TrainingSession.Track.NEW
    training.save(update_fields=["track"])
    assert uid not in events(world.mentor)


def test_the_feed_reads_group_and_training_sessions_in_a_fixed_number_of_queries(
    world, cohort, group, training, django_assert_max_num_queries
):
    for i in range(6):
        services.session_create(
            program=world.program,
            cohort=cohort,
            kind=Kind.COUNSELING,
            title=f"Consejería {i}",
            starts_at=soon(10 + i),
            duration_minutes=60,
            mode=MeetingMode.IN_PERSON,
            actor=world.coordinator,
        )
    with django_assert_max_num_queries(6):
        found = events(world.mentor)
    assert sum(uid.startswith("group-session-") for uid in found) == 7
