"""Induction training: the field-work deadline, attendance, feedback, breakout groups, pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.people.tests.factories import MentorProfileFactory
from acompana.programs.tests.factories import RegionFactory
from acompana.training import services
from acompana.training.models import BreakoutGroup, Feedback, TrainingSession
from acompana.visits.models import Round


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


FIELD_WORK = datetime.date(2026, 5, 1)


@pytest.fixture
def plan(world):
    cohort = world.mentor_profile.cohorts.get()
    Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Diagnóstico",
        starts_on=FIELD_WORK,
        ends_on=FIELD_WORK + datetime.timedelta(days=30),
    )
    return services.plan_create(
        program=world.program, cohort=cohort, title="Inducción 2026", actor=world.coordinator
    )


def make_session(world, plan, day=datetime.date(2026, 4, 10), **extra):
    fields = {
        "title": "Juego de roles",
        "module": TrainingSession.Module.ROLE_PLAY,
        "modality": TrainingSession.Modality.IN_PERSON,
        "starts_at": at(day),
        "duration_minutes": 240,
        "trainer": world.trainer,
        "actor": world.coordinator,
        **extra,
    }
    return services.session_create(plan=plan, **fields)


@pytest.fixture
def session(world, plan):
    return make_session(world, plan)


def add_mentors(world, cohort, count, *, experienced, regions=("Cusco", "Puno")):
    mentors = []
    for i in range(count):
        mentor = MentorProfileFactory(
            program=world.program,
            programs_served=3 if experienced else 0,
            region=RegionFactory(program=world.program, name=regions[i % len(regions)]),
        )
        mentor.cohorts.add(cohort)
        mentors.append(mentor)
    return mentors


def test_an_induction_session_must_end_the_set_days_before_field_work(world, plan):
    last_day = FIELD_WORK - datetime.timedelta(days=14)
    assert make_session(world, plan, day=last_day).pk
    with pytest.raises(ValidationError, match="14 days before field work"):
        make_session(world, plan, day=last_day + datetime.timedelta(days=1))
    assert AuditEntry.objects.filter(action="training.session.created").count() == 1


def test_a_session_needs_an_aware_time_and_a_trainer_of_the_program(world, plan):
    with pytest.raises(ValidationError):
        make_session(world, plan, starts_at=datetime.datetime(2026, 4, 1, 9))
    with pytest.raises(ValidationError):
        make_session(world, plan, trainer=world.outsider)


def test_in_service_plans_are_not_bound_to_the_field_work_deadline(world, plan):
    plan.induction = False
    plan.save(update_fields=["induction"])
    assert make_session(world, plan, day=FIELD_WORK + datetime.timedelta(days=20)).pk


def test_feedback_is_sent_only_once_and_only_by_attendees(world, session):
    scores = {"clarity": 5, "usefulness": 4, "pace": 3, "participation": 5}
    with pytest.raises(ValidationError, match="attended"):
        services.feedback_submit(
            session=session, mentor=world.mentor_profile, actor=world.mentor, **scores
        )
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.trainer
    )
    services.feedback_submit(
        session=session, mentor=world.mentor_profile, actor=world.mentor, **scores
    )
    with pytest.raises(ValidationError, match="already"):
        services.feedback_submit(
            session=session, mentor=world.mentor_profile, actor=world.mentor, **scores
        )
    with pytest.raises(ValidationError, match="attended"):
        services.feedback_submit(
            session=session, mentor=world.other_mentor_profile, actor=world.mentor, **scores
        )
    assert Feedback.objects.count() == 1


def test_attendance_marks_every_invited_mentor_and_can_be_corrected(world, session):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.trainer
    )
    services.attendance_record(
        session=session, present={world.other_mentor_profile.pk}, actor=world.trainer
    )
    rows = dict(session.attendances.values_list("mentor_id", "present"))
    assert rows == {world.mentor_profile.pk: False, world.other_mentor_profile.pk: True}


def groups_of(session):
    return [
        sorted(g.members.values_list("pk", flat=True))
        for g in BreakoutGroup.objects.filter(session=session).order_by("number")
    ]


def test_no_group_is_all_novices_when_there_are_enough_experienced_mentors(world, session):
    cohort = session.plan.cohort
    world.mentor_profile.cohorts.remove(cohort)
    world.other_mentor_profile.cohorts.remove(cohort)
    experienced = add_mentors(world, cohort, 3, experienced=True)
    novices = add_mentors(world, cohort, 12, experienced=False)
    groups = services.groups_make(
        session=session, min_size=4, max_size=5, seed=1, actor=world.trainer
    )
    assert len(groups) == 3
    veterans = {m.pk for m in experienced}
    for members in groups_of(session):
        assert veterans & set(members)
    assert sum(len(m) for m in groups_of(session)) == len(experienced) + len(novices)


def test_groups_are_the_same_for_a_seed_and_replace_the_previous_ones(world, session):
    cohort = session.plan.cohort
    add_mentors(world, cohort, 4, experienced=True)
    add_mentors(world, cohort, 10, experienced=False)
    services.groups_make(session=session, min_size=4, max_size=5, seed=7, actor=world.trainer)
    first = groups_of(session)
    services.groups_make(session=session, min_size=4, max_size=5, seed=7, actor=world.trainer)
    assert groups_of(session) == first
    assert BreakoutGroup.objects.filter(session=session).count() == len(first)


def test_groups_use_the_attendees_once_attendance_is_recorded(world, session):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.trainer
    )
    services.groups_make(session=session, min_size=2, max_size=4, seed=0, actor=world.trainer)
    assert groups_of(session) == [[world.mentor_profile.pk]]


def test_moving_a_member_takes_them_out_of_their_previous_group(world, session):
    add_mentors(world, session.plan.cohort, 6, experienced=False)
    first, second = services.groups_make(
        session=session, min_size=4, max_size=4, seed=0, actor=world.trainer
    )
    member = first.members.first()
    services.group_move(member=member, to_group=second, actor=world.trainer)
    assert not first.members.filter(pk=member.pk).exists()
    assert second.members.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="training.groups.moved").exists()


# Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("trainer", 200),
        ("mentor", 200),
        ("mentee", 403),
        ("specialist", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_who_sees_the_training_page(world, session, as_persona, persona, status):
    response = as_persona(persona).get(reverse("training:index", args=[world.program.slug]))
    assert response.status_code == status
    if status == 200:
        assert session.title in response.content.decode()
        assert ('id="session-form"' in response.content.decode()) == (
            persona in ("coordinator", "trainer")
        )


def test_trainers_see_only_their_own_sessions(world, plan, session, as_persona):
    other = make_session(world, plan, title="Cuaderno de campo", trainer=world.coordinator)
    body = as_persona("trainer").get(reverse("training:index", args=[world.program.slug]))
    assert session.title in body.content.decode()
    assert other.title not in body.content.decode()
    url = reverse("training:session", args=[world.program.slug, other.pk])
    assert as_persona("trainer").get(url).status_code == 403


def test_only_managers_create_plans(world, plan, as_persona):
    url = reverse("training:plan_create", args=[world.program.slug])
    data = {"cohort": plan.cohort_id, "title": "Otro", "induction": "on"}
    data["days_before_field_work"] = "7"
    assert as_persona("mentor").post(url, data).status_code == 403
    assert as_persona("trainer").post(url, data).status_code == 302
    assert plan.program.training_plans.filter(title="Otro").exists()


def test_a_trainer_creates_a_session_of_their_own_and_is_told_about_the_deadline(
    world, plan, as_persona
):
    url = reverse("training:session_create", args=[world.program.slug])
    data = {
        "plan": plan.pk,
        "title": "Instrumentos",
        "module": "instruments",
        "modality": "virtual",
        "track": "new",
        "starts_at": "2026-04-30T09:00",
        "duration_minutes": "120",
    }
    response = as_persona("trainer").post(url, data)
    assert response.status_code == 200
    assert "days before field work" in response.content.decode()
    data["starts_at"] = "2026-04-01T09:00"
    assert as_persona("trainer").post(url, data).status_code == 302
    assert TrainingSession.objects.get(title="Instrumentos").trainer == world.trainer


@pytest.mark.parametrize(
    ("persona", "status", "manages"),
    [
        ("coordinator", 200, True),
        ("trainer", 200, True),
        ("mentor", 200, False),
        ("mentee", 403, False),
        ("specialist", 403, False),
        ("researcher", 403, False),
        ("outsider", 404, False),
    ],
)
def test_who_sees_a_session_and_what(world, session, as_persona, persona, status, manages):
    services.attendance_record(
        session=session,
        present={world.mentor_profile.pk, world.other_mentor_profile.pk},
        actor=world.trainer,
    )
    services.groups_make(session=session, min_size=1, max_size=1, seed=0, actor=world.trainer)
    client = as_persona(persona)
    slug = world.program.slug
    response = client.get(reverse("training:session", args=[slug, session.pk]))
    assert response.status_code == status
    body = response.content.decode()
    if status == 200:
        assert ('id="attendance"' in body) == manages
        assert ('id="my-group"' in body) == (persona == "mentor")
        if persona == "mentor":
            # Their own group only: the other mentor is in another group.
            assert world.other_mentor_profile.user.email not in body
            assert 'id="feedback-form"' in body
    print_status = 200 if manages else (404 if persona == "outsider" else 403)
    url = reverse("training:groups_print", args=[slug, session.pk])
    assert client.get(url).status_code == print_status
    for name in ("attendance", "groups_make", "group_move"):
        response = client.post(reverse(f"training:{name}", args=[slug, session.pk]), {})
        assert response.status_code == (302 if manages else print_status)


def test_a_mentor_sends_feedback_once_through_the_page(world, session, as_persona):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.trainer
    )
    client = as_persona("mentor")
    url = reverse("training:feedback", args=[world.program.slug, session.pk])
    data = {"clarity": 5, "usefulness": 4, "pace": 3, "participation": 4, "comment": "Útil"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Feedback.objects.count() == 1
    page = client.get(reverse("training:session", args=[world.program.slug, session.pk]))
    assert 'id="feedback-form"' not in page.content.decode()
    assert as_persona("coordinator").post(url, data).status_code == 403


def test_the_trainer_records_attendance_and_moves_members_through_the_page(
    world, session, as_persona
):
    client = as_persona("trainer")
    slug = world.program.slug
    url = reverse("training:attendance", args=[slug, session.pk])
    client.post(url, {"present": [world.mentor_profile.pk, world.other_mentor_profile.pk]})
    assert session.attendances.filter(present=True).count() == 2
    url = reverse("training:groups_make", args=[slug, session.pk])
    client.post(url, {"min_size": 1, "max_size": 1, "seed": 0})
    first, second = BreakoutGroup.objects.filter(session=session).order_by("number")
    member = first.members.get()
    url = reverse("training:group_move", args=[slug, session.pk])
    client.post(url, {"member": member.pk, "group": second.number})
    assert second.members.count() == 2 and first.members.count() == 0


def test_the_session_page_keeps_a_query_budget(
    world, session, as_persona, django_assert_max_num_queries
):
    add_mentors(world, session.plan.cohort, 20, experienced=False)
    add_mentors(world, session.plan.cohort, 5, experienced=True)
    services.groups_make(session=session, min_size=4, max_size=6, seed=0, actor=world.trainer)
    client = as_persona("trainer")
    url = reverse("training:session", args=[world.program.slug, session.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("trainer", 200),
        ("mentor", 403),
        ("mentee", 403),
        ("specialist", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_who_reads_the_feedback_of_a_plan(world, plan, session, as_persona, persona, status):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.trainer
    )
    services.feedback_submit(
        session=session,
        mentor=world.mentor_profile,
        clarity=4,
        usefulness=5,
        pace=3,
        participation=4,
        actor=world.mentor,
    )
    url = reverse("training:plan_feedback", args=[world.program.slug, plan.pk])
    response = as_persona(persona).get(url)
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "<svg" in body and 'id="by-modality"' in body and 'id="by-track"' in body
        assert "4.0" in body  # the overall average of 4, 5, 3 and 4
