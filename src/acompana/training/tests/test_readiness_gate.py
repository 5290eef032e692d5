"""Readiness that means something: items signed from attendance, and the program's gate that
keeps mentors who are not ready from being published in a matching run or visiting."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.matching import services as matching_services
from acompana.matching.models import DEFAULT_CRITERIA, MatchRun
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory
from acompana.programs.services import program_update
from acompana.training import services
from acompana.training.models import ReadinessCheck, ReadinessItem, TrainingSession
from acompana.visits import services as visit_services
from acompana.visits.models import Visit

Module = TrainingSession.Module


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def cohort(world):
    return world.mentor_profile.cohorts.get()


@pytest.fixture
def plan(world, cohort):
    return services.plan_create(
        program=world.program, cohort=cohort, title="Inducción", actor=world.coordinator
    )


def session(world, plan, module, day=1, track=TrainingSession.Track.ALL):
    return services.session_create(
        plan=plan,
        title=f"Sesión {module} {day}",
        module=module,
        modality=TrainingSession.Modality.IN_PERSON,
        track=track,
        starts_at=at(datetime.date(2026, 2, day)),
        duration_minutes=120,
        trainer=world.trainer,
        actor=world.coordinator,
    )


@pytest.fixture
def item(world, cohort):
    """ "Attended theory and role-play", signed from attendance."""
    item = services.readiness_item_add(cohort=cohort, title="Asistió", actor=world.coordinator)
    return services.readiness_item_set_modules(
        item=item, modules=[Module.THEORY, Module.ROLE_PLAY], actor=world.coordinator
    )


def signed(item, mentor):
    return ReadinessCheck.objects.filter(item=item, mentor=mentor).first()


# --- Signed from attendance -------------------------------------------------------------------


def test_attending_every_session_of_the_modules_signs_the_item_as_the_system(world, plan, item):
    theory, role_play = session(world, plan, Module.THEORY), session(world, plan, Module.ROLE_PLAY)
    me, other = world.mentor_profile, world.other_mentor_profile

    services.attendance_record(session=theory, present=[me.pk, other.pk], actor=world.trainer)
    assert signed(item, me) is None  # role-play is still to attend

    services.attendance_record(session=role_play, present=[me.pk], actor=world.trainer)
    check = signed(item, me)
    assert (check.automatic, check.signed_by) == (True, None)
    assert signed(item, other) is None
    entry = AuditEntry.objects.get(action="training.readiness.from_attendance")
    assert entry.actor is None
    assert entry.data["signed"] == [[item.pk, me.pk]]


def test_a_module_with_a_session_missed_is_not_attended(world, plan, item):
    first, second = session(world, plan, Module.THEORY, 1), session(world, plan, Module.THEORY, 2)
    role_play = session(world, plan, Module.ROLE_PLAY, 3)
    me = world.mentor_profile
    services.attendance_record(session=first, present=[me.pk], actor=world.trainer)
    services.attendance_record(session=role_play, present=[me.pk], actor=world.trainer)
    assert signed(item, me) is None

    services.attendance_record(session=second, present=[me.pk], actor=world.trainer)
    assert signed(item, me) is not None


def test_sessions_of_the_other_track_do_not_count(world, plan, cohort, item):
    """A session for new mentors is not one an experienced mentor had to attend."""
    veteran = MentorProfileFactory(program=world.program, programs_served=4)
    veteran.cohorts.add(cohort)
    session(world, plan, Module.THEORY, 1, track=TrainingSession.Track.NEW)
    theory = session(world, plan, Module.THEORY, 2)
    role_play = session(world, plan, Module.ROLE_PLAY, 3)

    services.attendance_record(session=theory, present=[veteran.pk], actor=world.trainer)
    services.attendance_record(session=role_play, present=[veteran.pk], actor=world.trainer)

    assert signed(item, veteran).automatic


def test_correcting_attendance_withdraws_an_automatic_signature_but_not_a_persons(
    world, plan, cohort, item
):
    by_hand = services.readiness_item_add(cohort=cohort, title="Leyó", actor=world.coordinator)
    theory, role_play = session(world, plan, Module.THEORY), session(world, plan, Module.ROLE_PLAY)
    me, other = world.mentor_profile, world.other_mentor_profile
    both = [me.pk, other.pk]
    services.attendance_record(session=theory, present=both, actor=world.trainer)
    services.attendance_record(session=role_play, present=both, actor=world.trainer)
    services.readiness_sign(item=item, mentor=other, evidence="Lista", actor=world.trainer)
    services.readiness_sign(item=by_hand, mentor=me, actor=world.trainer)

    services.attendance_record(session=role_play, present=[], actor=world.trainer)

    assert signed(item, me) is None
    assert signed(item, other).automatic is False  # a person signed it: kept
    assert signed(by_hand, me) is not None
    entry = AuditEntry.objects.filter(action="training.readiness.from_attendance").latest("pk")
    assert entry.data["withdrawn"] == [[item.pk, me.pk]]


def test_naming_modules_signs_at_once_for_attendance_already_recorded(world, plan, cohort):
    theory = session(world, plan, Module.THEORY)
    services.attendance_record(
        session=theory, present=[world.mentor_profile.pk], actor=world.trainer
    )
    item = services.readiness_item_add(cohort=cohort, title="Teoría", actor=world.coordinator)

    services.readiness_item_set_modules(item=item, modules=[Module.THEORY], actor=world.coordinator)

    assert signed(item, world.mentor_profile).automatic
    assert signed(item, world.other_mentor_profile) is None
    with pytest.raises(ValidationError):
        services.readiness_item_set_modules(item=item, modules=["juggling"], actor=None)


def test_the_recompute_command_signs_existing_data(world, plan, cohort):
    theory = session(world, plan, Module.THEORY)
    services.attendance_record(
        session=theory, present=[world.mentor_profile.pk], actor=world.trainer
    )
    item = ReadinessItem.objects.create(
        program=world.program, cohort=cohort, title="Teoría", modules=[Module.THEORY]
    )
    assert signed(item, world.mentor_profile) is None

    call_command("readiness-recompute", program=world.program.slug, stdout=io.StringIO())

    assert signed(item, world.mentor_profile).automatic


def test_signing_by_hand_over_an_automatic_signature_makes_it_a_persons(world, plan, item):
    for module in (Module.THEORY, Module.ROLE_PLAY):
        services.attendance_record(
            session=session(world, plan, module),
            present=[world.mentor_profile.pk],
            actor=world.trainer,
        )
    check = services.readiness_sign(
        item=item, mentor=world.mentor_profile, evidence="Visto", actor=world.trainer
    )
    assert (check.automatic, check.signed_by) == (False, world.trainer)


# --- The gate ---------------------------------------------------------------------------------


@pytest.fixture
def checklist(world, cohort):
    """Two items; the world's mentor has signed the first only, the other mentor both."""
    first = services.readiness_item_add(cohort=cohort, title="Asistió", actor=None)
    second = services.readiness_item_add(cohort=cohort, title="Practicó", actor=None)
    services.readiness_sign(item=first, mentor=world.mentor_profile, actor=world.trainer)
    for item in (first, second):
        services.readiness_sign(item=item, mentor=world.other_mentor_profile, actor=world.trainer)
    return first, second


def gate(world, on=True):
    program_update(program=world.program, readiness_gate=on, actor=world.coordinator)


@pytest.fixture
def run(world, cohort, django_capture_on_commit_callbacks):
    for _ in range(3):
        MenteeProfileFactory(program=world.program).cohorts.add(cohort)
    for mentor in (world.mentor_profile, world.other_mentor_profile):
        mentor.capacity = 3
        mentor.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_services.match_run_start(
            program=world.program,
            cohort=cohort,
            actor=world.coordinator,
            kind="mentees",
            objective="total",
            criteria=DEFAULT_CRITERIA,
        )
    run.refresh_from_db()
    assert run.proposals.filter(mentor=world.mentor_profile).exists()
    return run


def test_the_gate_refuses_to_publish_a_run_naming_the_mentor_and_the_missing_items(
    world, checklist, run
):
    gate(world)

    with pytest.raises(ValidationError) as refused:
        matching_services.match_run_publish(run=run, actor=world.coordinator)

    text = " ".join(refused.value.messages)
    assert f"{world.mentor_profile.code} " in text and "Practicó" in text
    assert world.other_mentor_profile.code not in text
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE


def test_the_gate_lets_a_run_of_ready_mentors_be_published(world, checklist, run):
    gate(world)
    services.readiness_sign(item=checklist[1], mentor=world.mentor_profile, actor=world.trainer)

    queued = matching_services.match_run_publish(run=run, actor=world.coordinator)

    assert queued.status == MatchRun.Status.PUBLISHING


def test_with_the_gate_off_a_mentor_who_is_not_ready_is_published_and_visits(world, checklist, run):
    queued = matching_services.match_run_publish(run=run, actor=world.coordinator)
    assert queued.status == MatchRun.Status.PUBLISHING
    assert schedule(world).pk


def schedule(world, mentor=None, mentee=None):
    return visit_services.visit_schedule(
        mentor=mentor or world.mentor_profile,
        mentee=mentee or world.mentee_profile,
        scheduled_at=at(datetime.date(2026, 4, 20)),
        mode="in_person",
        actor=world.mentor,
    )


def test_the_gate_refuses_the_first_visit_of_a_mentor_who_is_not_ready(world, checklist):
    gate(world)

    with pytest.raises(ValidationError) as refused:
        schedule(world)

    assert "Practicó" in " ".join(refused.value.messages)
    assert not Visit.objects.exists()
    assert schedule(world, world.other_mentor_profile, world.other_mentee_profile).pk


def test_the_gate_guards_only_the_first_visit(world, checklist):
    first = schedule(world)
    gate(world)

    assert schedule(world).pk != first.pk  # field work already started: not stopped now
    Visit.objects.filter(mentor=world.mentor_profile).update(status=Visit.Status.CANCELLED)
    with pytest.raises(ValidationError):
        schedule(world)  # cancelled visits never happened: this is still the first


def test_a_cohort_without_a_checklist_gates_nothing(world):
    gate(world)
    assert schedule(world).pk
