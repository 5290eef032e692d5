"""Virtual delivery of a training session: the meeting, breakout rooms for Zoom and
attendance from the platform's participants report (real-shaped files)."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from acompana.accounts.models import User
from acompana.common.audit import AuditEntry
from acompana.people.tests.factories import MentorProfileFactory
from acompana.programs.tests.factories import RegionFactory
from acompana.training import services, virtual
from acompana.training.models import Attendance, BreakoutGroup, TrainingSession
from acompana.training.selectors import connection_minutes
from acompana.training.tests.test_training import FIELD_WORK, make_session
from acompana.visits.models import Round


def _mentor(world, cohort, first, last, email, *, served=0, region="Cusco"):
    user = User.objects.create_user(email=email, password="x-pass-123456")
    user.first_name, user.last_name = first, last
    user.save()
    mentor = MentorProfileFactory(
        program=world.program,
        user=user,
        programs_served=served,
        region=RegionFactory(program=world.program, name=region),
    )
    mentor.cohorts.add(cohort)
    return mentor


@pytest.fixture
def session(world):
    cohort = world.mentor_profile.cohorts.get()
    Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Diagnóstico",
        starts_on=FIELD_WORK,
        ends_on=FIELD_WORK + datetime.timedelta(days=30),
    )
    plan = services.plan_create(
        program=world.program, cohort=cohort, title="Inducción 2026", actor=world.coordinator
    )
    session = make_session(world, plan, modality=TrainingSession.Modality.VIRTUAL)
    for user, (first, last) in (
        (world.mentor, ("Marta", "Huamán")),
        (world.other_mentor_profile.user, ("Luis", "Torres")),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    world.other_mentor_profile.user.email = "other@example.org"
    world.other_mentor_profile.user.save()
    _mentor(world, cohort, "Rosa", "Quíspe", "rosa.quispe@example.org", served=3)
    _mentor(world, cohort, "José", "Núñez", "jose.nunez@example.org", region="Puno")
    return session


ZOOM_REPORT = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "812 3456 7890,Juego de roles,04/10/2026 09:00:01 AM,04/10/2026 01:00:00 PM,"
    "trainer@example.org,240,5\n"
    "\n"
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent,In Waiting Room\n"
    "Rosa Quíspe,rosa.quispe@example.org,04/10/2026 09:01:10 AM,04/10/2026 10:20:00 AM,79,No,"
    ",No\n"
    "Rosa Quíspe (Rosa Q),ROSA.QUISPE@example.org,04/10/2026 10:25:00 AM,04/10/2026 "
    "12:58:00 PM,153,No,,No\n"
    "jose nunez,,04/10/2026 09:05:00 AM,04/10/2026 12:30:00 PM,205,Yes,,No\n"
    "Marta Huamán,mentor@example.org,04/10/2026 09:00:00 AM,04/10/2026 09:30:00 AM,30,No,,No\n"
    "Invitada Especial,,04/10/2026 09:10:00 AM,04/10/2026 10:10:00 AM,60,Yes,,No\n"
).encode()

TEAMS_REPORT = (
    "1. Summary\n"
    "Meeting title\tJuego de roles\n"
    "Attended participants\t2\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Luis Torres\t4/10/26, 9:00:03 AM\t4/10/26, 1:00:00 PM\t3h 59m 57s\tother@example.org\t"
    "other@example.org\tAttendee\n"
    "Rosa Quíspe\t4/10/26, 9:02:00 AM\t4/10/26, 9:40:00 AM\t38m\trosa.quispe@example.org\t"
    "rosa.quispe@example.org\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Luis Torres\t4/10/26, 9:00:03 AM\t4/10/26, 1:00:00 PM\t3h 59m 57s\tother@example.org\t"
    "Attendee\n"
).encode("utf-16")

MEET_REPORT = (
    "First name,Last name,Email,Duration,Time joined,Time exited\n"
    "José,Núñez,jose.nunez@example.org,2 hr 10 min,9:01 AM,11:11 AM\n"
).encode()


def _present(session):
    return {
        a.mentor.user.email: (a.status, a.connection_minutes, a.present)
        for a in Attendance.objects.filter(session=session).select_related("mentor__user")
    }


def test_a_zoom_report_with_reconnections_accents_and_a_guest_is_previewed_without_writing(
    world, session
):
    report = virtual.attendance_report_read(content=ZOOM_REPORT, filename="participants.csv")
    assert report.format == "zoom"
    assert len(report.rows) == 5
    preview = virtual.attendance_import_preview(session=session, rows=report.rows, min_minutes=120)
    by_email = {line.mentor.user.email: line for line in preview.lines}
    assert by_email["rosa.quispe@example.org"].minutes == 232  # 79 + 153 across a reconnection
    assert by_email["rosa.quispe@example.org"].matched_by == "email"
    assert by_email["jose.nunez@example.org"].matched_by == "name"  # no email, no accents
    assert by_email["jose.nunez@example.org"].status == "present"
    assert by_email["mentor@example.org"].status == "partial"
    assert by_email["other@example.org"].status == "absent"
    [guest] = preview.unmatched
    assert guest.name == "Invitada Especial" and guest.minutes == 60
    assert preview.counts == {"present": 2, "partial": 1, "absent": 1}
    assert not Attendance.objects.filter(session=session).exists()


def test_confirming_needs_every_unmatched_connection_assigned_or_ignored(world, session):
    report = virtual.attendance_report_read(content=ZOOM_REPORT, filename="participants.csv")
    with pytest.raises(ValidationError, match="Assign or ignore"):
        virtual.attendance_import_confirm(
            session=session, rows=report.rows, min_minutes=120, actor=world.trainer
        )
    assert not Attendance.objects.filter(session=session).exists()
    [guest] = virtual.attendance_import_preview(session=session, rows=report.rows).unmatched
    virtual.attendance_import_confirm(
        session=session,
        rows=report.rows,
        min_minutes=120,
        assignments={guest.key: world.other_mentor_profile.pk},
        expected_version=0,
        platform="zoom",
        actor=world.trainer,
    )
    assert _present(session) == {
        "rosa.quispe@example.org": ("present", 232, True),
        "jose.nunez@example.org": ("present", 205, True),
        "mentor@example.org": ("partial", 30, False),
        "other@example.org": ("partial", 60, False),
    }
    entry = AuditEntry.objects.get(action="training.attendance.imported")
    assert entry.data["present"] == 2 and entry.data["platform"] == "zoom"
    session.refresh_from_db()
    assert session.attendance_version == 1


def test_an_ignored_guest_is_left_out_and_a_stale_confirmation_is_refused(world, session):
    report = virtual.attendance_report_read(content=ZOOM_REPORT, filename="participants.csv")
    [guest] = virtual.attendance_import_preview(session=session, rows=report.rows).unmatched
    services.attendance_record(session=session, present=[], actor=world.coordinator)
    with pytest.raises(ValidationError, match="since you opened"):
        virtual.attendance_import_confirm(
            session=session,
            rows=report.rows,
            assignments={guest.key: None},
            expected_version=0,
            actor=world.trainer,
        )
    assert set(_present(session).values()) == {("", None, False)}


def test_a_teams_report_in_utf16_with_sections_is_read_from_its_participants_table(world, session):
    report = virtual.attendance_report_read(content=TEAMS_REPORT, filename="attendance.csv")
    assert report.format == "teams"
    assert [(r.email, round(r.minutes)) for r in report.rows] == [
        ("other@example.org", 240),
        ("rosa.quispe@example.org", 38),
    ]
    virtual.attendance_import_confirm(
        session=session, rows=report.rows, min_minutes=60, actor=world.trainer
    )
    status = _present(session)
    assert status["other@example.org"][:2] == ("present", 240)
    assert status["rosa.quispe@example.org"][:2] == ("partial", 38)
    assert status["jose.nunez@example.org"][:2] == ("absent", 0)


def test_a_meet_report_is_read_by_its_columns(world, session):
    report = virtual.attendance_report_read(content=MEET_REPORT, filename="meet.csv")
    assert report.format == "meet"
    assert [(r.name, r.minutes) for r in report.rows] == [("José Núñez", 130)]


def test_a_malformed_report_is_refused_with_row_errors_and_nothing_written(world, session):
    bad = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        "Rosa Quíspe,rosa.quispe@example.org,09:00,10:00,60\n"
        ",,09:00,10:00,12\n"
        "Luis Torres,other@example.org,09:00,10:00,mucho\n"
        "Marta,no-es-correo,09:00,10:00,5\n"
    ).encode()
    with pytest.raises(ValidationError) as caught:
        virtual.attendance_report_read(content=bad, filename="zoom.csv")
    messages = caught.value.messages
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5"]
    assert not Attendance.objects.filter(session=session).exists()


def test_an_unknown_report_asks_for_its_columns_then_reads_them(world, session):
    content = "Participante;Correo;Minutos\nRosa Quíspe;;95\n".encode("cp1252")
    report = virtual.attendance_report_read(content=content, filename="otro.csv")
    assert report.format == "" and report.header == ["participante", "correo", "minutos"]
    report = virtual.attendance_report_read(
        content=content,
        filename="otro.csv",
        mapping={"name": "participante", "email": "correo", "duration": "minutos"},
    )
    assert report.format == "mapped" and report.rows[0].minutes == 95


def test_connection_minutes_per_mentor_for_the_modality_comparison(world, session):
    report = virtual.attendance_report_read(content=ZOOM_REPORT, filename="participants.csv")
    [guest] = virtual.attendance_import_preview(session=session, rows=report.rows).unmatched
    virtual.attendance_import_confirm(
        session=session, rows=report.rows, assignments={guest.key: None}, actor=world.trainer
    )
    minutes = connection_minutes(program=world.program)
    rosa = Attendance.objects.get(session=session, status="present", connection_minutes=232)
    assert minutes[rosa.mentor_id].minutes == 232
    assert minutes[rosa.mentor_id].scheduled == 240
    assert minutes[world.other_mentor_profile.pk].minutes == 0
    assert connection_minutes(program=world.program, modality="in_person") == {}


# Breakout rooms ------------------------------------------------------------------------------


def _groups(world, session):
    return services.groups_make(
        session=session, min_size=2, max_size=2, seed=1, actor=world.trainer
    )


def test_zoom_pre_assignment_file_has_two_columns_one_row_per_participant(world, session):
    groups = _groups(world, session)
    virtual.room_rename(group=groups[0], name="Sala Ñandú", actor=world.trainer)
    text = virtual.zoom_rooms_csv(session=session)
    assert text.startswith("\ufeffPre-assign Room Name,Email Address\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"]
    assert all(len(row) == 2 for row in rows)
    assert len(rows) == 1 + 4
    assert {row[0] for row in rows[1:]} == {"Sala Ñandú", "Room 2"}
    emails = sorted(row[1] for row in rows[1:])
    assert emails == sorted(
        [
            "jose.nunez@example.org",
            "mentor@example.org",
            "other@example.org",
            "rosa.quispe@example.org",
        ]
    )


def test_room_names_are_unique_short_and_never_formulas(world, session):
    first, second = _groups(world, session)
    virtual.room_rename(group=first, name="Cusco", actor=world.trainer)
    with pytest.raises(ValidationError, match="Another room"):
        virtual.room_rename(group=second, name="cusco", actor=world.trainer)
    with pytest.raises(ValidationError, match="cannot start"):
        virtual.room_rename(group=second, name="=HYPERLINK(1)", actor=world.trainer)
    with pytest.raises(ValidationError):
        virtual.room_rename(group=second, name="x" * 61, actor=world.trainer)


def test_more_than_a_thousand_participants_are_refused_with_a_clear_message(world, session):
    [group, *_rest] = _groups(world, session)
    cohort = session.plan.cohort
    extra = [MentorProfileFactory(program=world.program, programs_served=1) for _ in range(997)]
    for mentor in extra:
        mentor.cohorts.add(cohort)
    group.members.add(*extra)
    assert (
        BreakoutGroup.members.through.objects.filter(breakoutgroup__session=session).count() == 1001
    )
    with pytest.raises(ValidationError) as caught:
        virtual.zoom_rooms_rows(session=session)
    assert "at most 1,000 participants" in caught.value.messages[0]
    assert "1,001" in caught.value.messages[0]


def test_more_than_a_hundred_rooms_are_refused(world, session):
    BreakoutGroup.objects.bulk_create(
        BreakoutGroup(session=session, number=n) for n in range(1, 102)
    )
    with pytest.raises(ValidationError, match="at most 100 rooms"):
        virtual.zoom_rooms_rows(session=session)


def test_the_export_command_writes_the_zoom_file(world, session, tmp_path):
    _groups(world, session)
    out = tmp_path / "rooms.csv"
    call_command(
        "export",
        "zoom-rooms",
        "--program",
        world.program.slug,
        "--session",
        str(session.pk),
        "--format",
        "csv",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"] and len(rows) == 5
    with pytest.raises(CommandError):
        call_command(
            "export",
            "zoom-rooms",
            "--program",
            world.program.slug,
            "--session",
            "999999",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )


def test_the_generic_rooms_list_and_the_room_email(world, session):
    _groups(world, session)
    header, rows = virtual.rooms_table(session=session)
    assert [str(h) for h in header] == ["Room", "Name", "Email", "Role", "Experience", "Region"]
    rosa = next(r for r in rows if r[2] == "rosa.quispe@example.org")
    assert rosa[1] == "Rosa Quíspe" and rosa[5] == "Cusco"
    virtual.session_meeting_set(
        session=session,
        data={
            "meeting_platform": "zoom",
            "join_url": "https://zoom.us/j/81234567890",
            "meeting_code": "812 3456 7890",
            "passcode": "4821",
        },
        actor=world.trainer,
    )
    assert virtual.rooms_notify(session=session, actor=world.trainer) == 4
    body = mail.outbox[0].body
    assert "https://zoom.us/j/81234567890" in body and "Room" in body


def test_a_join_link_must_be_https(world, session):
    with pytest.raises(ValidationError):
        virtual.session_meeting_set(
            session=session, data={"join_url": "http://zoom.us/j/1"}, actor=world.trainer
        )
    with pytest.raises(ValidationError):
        virtual.session_meeting_set(
            session=session, data={"join_url": "javascript:alert(1)"}, actor=world.trainer
        )


def test_jitsi_rooms_are_unguessable_and_one_per_room(world, session):
    groups = _groups(world, session)
    assert (
        virtual.rooms_create_jitsi(
            session=session, base="https://meet.example.org/", actor=world.trainer
        )
        == len(groups) + 1
    )
    links = [g.join_url for g in BreakoutGroup.objects.filter(session=session)]
    session.refresh_from_db()
    links.append(session.join_url)
    assert len(set(links)) == len(links)
    assert all(link.startswith("https://meet.example.org/acompana-") for link in links)
    assert all(len(link.split("acompana-", 1)[1]) >= 20 for link in links)
