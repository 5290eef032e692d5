"""Group sessions: scheduling, weekly series, attendance, cases, informal meetings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acompana.common.choices import MeetingMode
from acompana.common.models import AuditEntry
from acompana.group_sessions import services
from acompana.group_sessions.models import Attendance, GroupSession, Kind
from acompana.group_sessions.selectors import session_cases
from acompana.group_sessions.tests.conftest import LIMA, at
from acompana.people.tests.factories import MentorProfileFactory
from acompana.programs.tests.factories import CohortFactory
from acompana.visits import services as visit_services
from acompana.visits.models import Round

PRIVATE_NOTE = "Tensiones con la UGEL: no compartir"
PRIVATE_DIALOGUE = "Le cuesta delegar en el equipo directivo"
SHARED_SUMMARY = "Acordamos observar aulas de 3.° grado"


def series(world, cohort, **extra):
    fields = {
        "program": world.program,
        "cohort": cohort,
        "kind": Kind.COUNSELING,
        "title": "Consejería de los viernes",
        "weekday": 4,
        "time": datetime.time(15, 0),
        "duration_minutes": 240,
        "mode": MeetingMode.IN_PERSON,
        "starts_on": datetime.date(2026, 5, 4),  # a Monday
        "occurrences": 4,
        "actor": world.coordinator,
        **extra,
    }
    return services.series_create(**fields)


def test_a_session_invites_every_active_mentor_of_the_cohort_by_default(world, session):
    invited = set(Attendance.objects.filter(session=session).values_list("mentor", flat=True))
    assert invited == {world.mentor_profile.pk, world.other_mentor_profile.pk}
    assert AuditEntry.objects.filter(action="group_sessions.session.created").count() == 1


def test_a_session_needs_a_facilitator_of_the_program_and_a_round_of_its_cohort(world, cohort):
    fields = {
        "program": world.program,
        "cohort": cohort,
        "kind": Kind.PROTOCOL_BRIEFING,
        "title": "Protocolo de la ronda 2",
        "starts_at": at(datetime.date(2026, 6, 1)),
        "duration_minutes": 90,
        "mode": MeetingMode.VIDEO,
        "actor": world.coordinator,
    }
    with pytest.raises(ValidationError, match="facilitator"):
        services.session_create(facilitator=world.mentee, **fields)
    other_round = Round.objects.create(
        program=world.program,
        cohort=CohortFactory(program=world.program, year=2027),
        name="Ronda 2027",
        starts_on=datetime.date(2027, 5, 1),
        ends_on=datetime.date(2027, 6, 1),
    )
    with pytest.raises(ValidationError, match="round"):
        services.session_create(round=other_round, **fields)
    with pytest.raises(ValidationError, match="time zone"):
        services.session_create(**{**fields, "starts_at": datetime.datetime(2026, 6, 1, 9)})
    assert services.session_create(facilitator=world.mentor, **fields).pk


def test_a_weekly_series_until_a_number_of_occurrences_falls_on_the_chosen_weekday(world, cohort):
    made = series(world, cohort)
    sessions = list(made.sessions.order_by("starts_at"))
    assert [timezone.localtime(s.starts_at, LIMA).date() for s in sessions] == [
        datetime.date(2026, 5, 8),
        datetime.date(2026, 5, 15),
        datetime.date(2026, 5, 22),
        datetime.date(2026, 5, 29),
    ]
    assert {timezone.localtime(s.starts_at, LIMA).time() for s in sessions} == {
        datetime.time(15, 0)
    }
    assert all(s.attendances.count() == 2 for s in sessions)


def test_a_weekly_series_until_a_date_includes_that_date(world, cohort):
    made = series(world, cohort, occurrences=None, ends_on=datetime.date(2026, 5, 22))
    assert made.sessions.count() == 3


def test_a_series_needs_exactly_one_of_an_end_date_and_a_number_of_occurrences(world, cohort):
    with pytest.raises(ValidationError, match="either"):
        series(world, cohort, ends_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="either"):
        series(world, cohort, occurrences=None)
    with pytest.raises(ValidationError, match="between 1 and"):
        series(world, cohort, occurrences=500)
    assert not GroupSession.objects.exists()


def test_editing_one_occurrence_leaves_the_others_unchanged(world, cohort):
    made = series(world, cohort)
    first, second, *_rest = made.sessions.order_by("starts_at")
    services.session_update(
        session=second,
        kind=Kind.CASE_REVIEW,
        title="Revisión de casos",
        agenda="Casos de la ronda",
        starts_at=second.starts_at + datetime.timedelta(hours=1),
        duration_minutes=60,
        mode=MeetingMode.VIDEO,
        facilitator=world.specialist,
        place="https://meet.example.org/abc",
        round=None,
        notes="Se revisaron dos casos",
        agreements="Visitar juntos la I.E. 123",
        expected_version=0,
        actor=world.coordinator,
    )
    titles = list(made.sessions.order_by("starts_at").values_list("title", "duration_minutes"))
    assert titles[1] == ("Revisión de casos", 60)
    assert {t for i, t in enumerate(titles) if i != 1} == {("Consejería de los viernes", 240)}
    first.refresh_from_db()
    assert first.notes == "" and first.version == 0


def test_an_edit_from_a_stale_version_is_refused(world, session):
    fields = {
        "kind": session.kind,
        "title": "Nuevo título",
        "agenda": "",
        "starts_at": session.starts_at,
        "duration_minutes": 60,
        "mode": session.mode,
        "facilitator": None,
        "place": "",
        "round": None,
        "notes": "",
        "agreements": "",
        "actor": world.coordinator,
    }
    services.session_update(session=session, expected_version=0, **fields)
    with pytest.raises(ValidationError, match="Someone saved"):
        services.session_update(session=session, expected_version=0, **fields)


def test_cancelling_the_rest_of_a_series_keeps_the_earlier_sessions(world, cohort):
    made = series(world, cohort)
    count = services.series_cancel_rest(
        series=made, from_date=datetime.date(2026, 5, 16), actor=world.coordinator
    )
    assert count == 2
    statuses = list(made.sessions.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["scheduled", "scheduled", "cancelled", "cancelled"]
    made.refresh_from_db()
    assert made.cancelled_from == datetime.date(2026, 5, 16)
    assert AuditEntry.objects.filter(action="group_sessions.series.cancelled").exists()


def test_attendance_marks_every_invitee_and_refuses_strangers(world, session):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.specialist
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("mentor", "present"))
    assert marks == {world.mentor_profile.pk: True, world.other_mentor_profile.pk: False}
    stranger = MentorProfileFactory(program=world.program)
    with pytest.raises(ValidationError, match="not invited"):
        services.attendance_record(session=session, present={stranger.pk}, actor=world.coordinator)


def test_changing_invitees_keeps_the_attendance_of_those_who_stay(world, session):
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.coordinator
    )
    newcomer = MentorProfileFactory(program=world.program)
    services.session_invitees_set(
        session=session, mentors=[world.mentor_profile, newcomer], actor=world.coordinator
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("mentor", "present"))
    assert marks == {world.mentor_profile.pk: True, newcomer.pk: None}


@pytest.fixture
def visit(world):
    visit = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(datetime.date(2026, 4, 20), 9),
        mode="in_person",
        actor=world.mentor,
    )
    visit_services.field_note_save(
        visit=visit,
        data={"context": PRIVATE_NOTE, "events": "", "interpretation": "", "notes": ""},
        base_version=0,
        actor=world.mentor,
    )
    return visit


def test_a_case_shows_the_reference_but_never_the_notebook_nor_an_unshared_dialogue(
    world, session, visit
):
    visit_services.dialogue_save(
        visit=visit,
        data={"strengths": PRIVATE_DIALOGUE, "summary": SHARED_SUMMARY},
        base_version=0,
        actor=world.mentor,
    )
    services.case_add(session=session, visit=visit, actor=world.mentor)
    (case,) = session_cases(session=session)
    assert case.mentee_code == world.mentee_profile.code
    assert world.mentee_profile.school.code in case.school
    assert case.shared_summary == ""  # written but not shared with the mentee yet
    assert PRIVATE_NOTE not in repr(case) and PRIVATE_DIALOGUE not in repr(case)
    visit_services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    (case,) = session_cases(session=session)
    assert case.shared_summary == SHARED_SUMMARY
    assert PRIVATE_NOTE not in repr(case) and PRIVATE_DIALOGUE not in repr(case)


def test_a_mentor_brings_only_their_own_visits_and_only_while_attending(world, session, visit):
    with pytest.raises(PermissionDenied):
        services.case_add(session=session, visit=visit, actor=world.other_mentor_profile.user)
    services.attendance_record(
        session=session, present={world.other_mentor_profile.pk}, actor=world.coordinator
    )
    with pytest.raises(ValidationError, match="attending"):
        services.case_add(session=session, visit=visit, actor=world.coordinator)
    services.attendance_record(
        session=session, present={world.mentor_profile.pk}, actor=world.coordinator
    )
    case = services.case_add(session=session, visit=visit, actor=world.specialist)
    with pytest.raises(ValidationError, match="already"):
        services.case_add(session=session, visit=visit, actor=world.mentor)
    with pytest.raises(PermissionDenied):
        services.case_remove(case=case, actor=world.mentor)
    services.case_remove(case=case, actor=world.coordinator)
    assert not session.cases.exists()


def test_a_mentor_logs_an_informal_meeting_filed_under_their_cohort(world, cohort):
    other = world.other_mentor_profile
    meeting = services.informal_meeting_log(
        program=world.program,
        logged_by=world.mentor_profile,
        participants=[other],
        met_on=datetime.date(2026, 4, 2),
        mode=MeetingMode.PHONE,
        topic="Preguntas reflexivas",
        learnt="Empezar por las fortalezas",
        actor=world.mentor,
    )
    assert set(meeting.participants.all()) == {world.mentor_profile, other}
    assert meeting.cohort == cohort


def test_an_informal_meeting_needs_a_peer_of_the_program_and_a_past_date(world):
    fields = {
        "program": world.program,
        "logged_by": world.mentor_profile,
        "mode": MeetingMode.PHONE,
        "topic": "Dudas",
        "actor": world.mentor,
    }
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="peer"):
        services.informal_meeting_log(participants=[world.mentor_profile], met_on=today, **fields)
    stranger = MentorProfileFactory()
    with pytest.raises(ValidationError, match="program"):
        services.informal_meeting_log(participants=[stranger], met_on=today, **fields)
    with pytest.raises(ValidationError, match="future"):
        services.informal_meeting_log(
            participants=[world.other_mentor_profile],
            met_on=today + datetime.timedelta(days=1),
            **fields,
        )


def test_a_series_reaching_past_the_calendar_is_refused_without_overflowing(world, cohort):
    with pytest.raises(ValidationError, match="between 2000"):
        services.series_dates(
            weekday=4, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date.max
        )
    with pytest.raises(ValidationError, match="between 2000"):
        services.series_dates(weekday=4, starts_on=datetime.date(9999, 12, 30), occurrences=2)
    with pytest.raises(ValidationError, match="between 2000"):
        series(world, cohort, starts_on=datetime.date(1, 1, 1))
    assert not GroupSession.objects.exists()
