"""Email reminders: before visits, for empty dialogues and for overdue commitments, each once."""

import datetime
import smtplib
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.visits import reminders, services
from acompana.visits.models import Commitment, SentReminder, Visit
from acompana.visits.reminders import reminders_send
from acompana.visits.tasks import reminders_task

LIMA = ZoneInfo("America/Lima")
NOW = datetime.datetime(2031, 4, 14, 12, 0, tzinfo=LIMA)
NONE_SENT = {"visit_upcoming": 0, "dialogue_empty": 0, "commitment_overdue": 0}


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def schedule(world, when: datetime.datetime, *, other: bool = False) -> Visit:
    mentor = world.other_mentor_profile if other else world.mentor_profile
    mentee = world.other_mentee_profile if other else world.mentee_profile
    return services.visit_schedule(
        mentor=mentor,
        mentee=mentee,
        scheduled_at=when,
        mode="video",
        place="https://meet.example.org/abc",
        actor=mentor.user,
    )


def sent(**counts: int) -> dict[str, int]:
    return {**NONE_SENT, **counts}


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def tomorrow(world):
    return schedule(world, NOW + datetime.timedelta(hours=22))


def commit(visit: Visit, text: str, due_on: datetime.date | None, actor) -> Commitment:
    return services.commitment_add(
        visit=visit, text=text, owner="mentee", due_on=due_on, actor=actor
    )


# --- Before a visit --------------------------------------------------------------------------


def test_the_mentor_and_the_mentee_are_reminded_of_a_visit_once_even_if_the_service_runs_twice(
    world, tomorrow
):
    assert reminders_send(now=NOW) == sent(visit_upcoming=2)
    assert reminders_send(now=NOW + datetime.timedelta(minutes=15)) == NONE_SENT
    assert recipients() == ["mentee@example.org", "mentor@example.org"]
    assert SentReminder.objects.filter(kind="visit_upcoming").count() == 2
    assert all("https://meet.example.org/abc" in m.body for m in mail.outbox)


def test_visits_beyond_the_window_or_cancelled_or_past_get_no_reminder(world):
    schedule(world, NOW + datetime.timedelta(hours=30))
    schedule(world, NOW - datetime.timedelta(hours=1))
    cancelled = schedule(world, NOW + datetime.timedelta(hours=3))
    services.visit_status_change(
        visit=cancelled, status=Visit.Status.CANCELLED, reason="strike", actor=world.mentor
    )
    assert reminders_send(now=NOW)["visit_upcoming"] == 0
    assert reminders_send(now=NOW, visit_ahead=datetime.timedelta(hours=36)) == sent(
        visit_upcoming=2
    )


def test_a_rescheduled_visit_is_announced_again_for_its_new_time(world, tomorrow):
    reminders_send(now=NOW)
    services.visit_status_change(
        visit=tomorrow,
        status=Visit.Status.RESCHEDULED,
        reason="connectivity",
        new_time=NOW + datetime.timedelta(hours=5),
        actor=world.mentor,
    )
    assert reminders_send(now=NOW) == sent(visit_upcoming=2)
    assert len(mail.outbox) == 4


def test_people_who_turned_reminders_off_or_were_deactivated_get_none(world, tomorrow):
    world.mentor.email_reminders = False
    world.mentor.save()
    world.mentee.is_active = False
    world.mentee.save()
    assert reminders_send(now=NOW) == NONE_SENT
    assert mail.outbox == []
    # Nothing was recorded, so turning reminders back on works.
    world.mentor.email_reminders = True
    world.mentor.save()
    assert reminders_send(now=NOW) == sent(visit_upcoming=1)
    assert recipients() == ["mentor@example.org"]


def test_each_reminder_is_written_in_its_recipients_language_as_plain_text(world, tomorrow):
    world.mentee.preferred_language = "es"
    world.mentee.save()
    world.mentor.first_name, world.mentor.last_name = "Rosa", "D'Ángelo"
    world.mentor.preferred_language = "en"
    world.mentor.save()
    reminders_send(now=NOW)
    by_person = {m.to[0]: m for m in mail.outbox}
    to_mentee, to_mentor = by_person["mentee@example.org"], by_person["mentor@example.org"]
    assert "15 de abril de 2031" in to_mentee.body  # tomorrow, 10:00 in Lima
    assert "April" not in to_mentee.body
    assert "April 15, 2031" in to_mentor.body
    assert "Rosa D'Ángelo" in to_mentee.body  # plain text: no HTML escaping
    assert "&#x27;" not in to_mentee.body + to_mentee.subject
    assert "\n" not in to_mentor.subject and to_mentor.subject


# --- After a visit ---------------------------------------------------------------------------


def test_the_mentor_is_reminded_of_an_empty_dialogue_but_not_when_a_dialogue_exists(world):
    empty = schedule(world, NOW - datetime.timedelta(hours=30))
    written = schedule(world, NOW - datetime.timedelta(hours=30))
    services.dialogue_save(
        visit=written, data={"strengths": "Lidera el GIA"}, base_version=0, actor=world.mentor
    )
    services.visit_status_change(
        visit=empty, status=Visit.Status.DONE, reason="", actor=world.mentor
    )
    cancelled = schedule(world, NOW - datetime.timedelta(hours=30))
    services.visit_status_change(
        visit=cancelled, status=Visit.Status.CANCELLED, reason="strike", actor=world.mentor
    )
    schedule(world, NOW - datetime.timedelta(hours=3))  # too recent to nag
    assert reminders_send(now=NOW) == sent(dialogue_empty=1)
    assert recipients() == ["mentor@example.org"]
    assert SentReminder.objects.get(kind="dialogue_empty").key == f"visit:{empty.pk}"
    assert reminders_send(now=NOW + datetime.timedelta(hours=1)) == NONE_SENT


def test_an_emptied_dialogue_counts_as_empty_and_old_visits_are_left_alone(world):
    visit = schedule(world, NOW - datetime.timedelta(hours=30))
    services.dialogue_save(visit=visit, data={"summary": ""}, base_version=0, actor=world.mentor)
    schedule(world, NOW - datetime.timedelta(days=60))
    assert reminders_send(now=NOW) == sent(dialogue_empty=1)


# --- Commitments -----------------------------------------------------------------------------


def test_overdue_commitments_are_listed_in_one_email_per_person_and_reminded_once(world):
    visit = schedule(world, NOW - datetime.timedelta(days=20))
    services.dialogue_save(visit=visit, data={"summary": "ok"}, base_version=0, actor=world.mentor)
    today = NOW.date()
    commit(
        visit, "Observar dos aulas de 4.° grado", today - datetime.timedelta(days=3), world.mentor
    )
    commit(visit, "Reunir al equipo directivo", today - datetime.timedelta(days=1), world.mentor)
    commit(visit, "Revisar el PAT", today + datetime.timedelta(days=2), world.mentor)
    done = commit(visit, "Ya cumplido", today - datetime.timedelta(days=5), world.mentor)
    services.commitment_set_status(commitment=done, status="done", actor=world.mentor)
    commit(visit, "Sin fecha", None, world.mentor)

    assert reminders_send(now=NOW) == sent(commitment_overdue=2)
    assert recipients() == ["mentee@example.org", "mentor@example.org"]
    for message in mail.outbox:
        assert "Observar dos aulas de 4.° grado" in message.body
        assert "Reunir al equipo directivo" in message.body
        assert "Revisar el PAT" not in message.body
        assert "Ya cumplido" not in message.body and "Sin fecha" not in message.body
        assert "2 overdue commitments" in message.subject

    assert reminders_send(now=NOW + datetime.timedelta(days=1)) == NONE_SENT
    mail.outbox.clear()
    commit(visit, "Enviar el informe", today - datetime.timedelta(days=1), world.mentor)
    assert reminders_send(now=NOW) == sent(commitment_overdue=2)
    for message in mail.outbox:
        assert "Enviar el informe" in message.body
        assert "Observar dos aulas" not in message.body
        assert "1 overdue commitment" in message.subject


# --- Several workers, failures, entry points ----------------------------------------------------


def test_a_worker_that_finds_the_reminder_already_claimed_sends_nothing(
    world, tomorrow, monkeypatch
):
    # Another worker claimed the mentor's reminder after this one looked for sent reminders.
    monkeypatch.setattr(reminders, "_already_sent", lambda kind, keys: set())
    key = f"visit:{tomorrow.pk}:{int(tomorrow.scheduled_at.timestamp())}"
    SentReminder.objects.create(kind="visit_upcoming", key=key, user=world.mentor)
    assert reminders_send(now=NOW) == sent(visit_upcoming=1)
    assert recipients() == ["mentee@example.org"]


def test_a_reminder_that_could_not_be_sent_is_tried_again_on_the_next_run(
    world, tomorrow, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    assert reminders_send(now=NOW) == NONE_SENT
    assert not SentReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send(now=NOW) == sent(visit_upcoming=2)


def test_the_task_and_the_command_send_the_reminders_that_are_due(world):
    schedule(world, timezone.now() + datetime.timedelta(hours=2))
    result = reminders_task.enqueue()
    assert result.return_value == sent(visit_upcoming=2)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "visit_upcoming: 0" in out.getvalue()
    assert len(mail.outbox) == 2


def test_a_long_backlog_lists_the_most_overdue_then_counts_the_rest_with_a_link(world, settings):
    settings.SITE_URL = "https://acompana.example.org"
    visit = schedule(world, NOW - datetime.timedelta(days=20))
    today = NOW.date()

    def backlog(prefix: str) -> None:
        Commitment.objects.bulk_create(
            Commitment(
                visit=visit,
                mentor=world.mentor_profile,
                mentee=world.mentee_profile,
                text=f"{prefix} {n:03}",
                due_on=today - datetime.timedelta(days=1 + n % 50),
            )
            for n in range(100)
        )

    backlog("Compromiso")
    with CaptureQueriesContext(connection) as first:
        assert reminders_send(now=NOW) == sent(commitment_overdue=2)
    for message in mail.outbox:
        listed = [line for line in message.body.splitlines() if line.startswith("- ")]
        assert len(listed) == reminders.LISTED == 20
        # The most overdue first: due 50 days ago (n = 49 and 99), then 49 days ago...
        assert listed[:2] == ["- Compromiso 049", "- Compromiso 099"]
        assert "And 80 more overdue commitments" in message.body
        assert (
            f"https://acompana.example.org/p/{visit.program.slug}/visits/commitments/overdue/"
            in message.body
        )
        assert "100 overdue commitments" in message.subject
    # Every commitment was recorded, listed or not: the rest are not sent again every tick.
    assert SentReminder.objects.filter(kind="commitment_overdue").count() == 200
    assert reminders_send(now=NOW) == NONE_SENT

    mail.outbox.clear()
    backlog("Otro")
    backlog("Más")
    with CaptureQueriesContext(connection) as second:
        assert reminders_send(now=NOW) == sent(commitment_overdue=2)
    assert all("And 180 more overdue commitments" in m.body for m in mail.outbox)
    assert len(second) == len(first)  # twice the commitments, the same queries
