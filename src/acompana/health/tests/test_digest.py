"""The weekly digest: what it says, once a week, never to those who turned it off."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from acompana.health.digest import digest_send
from acompana.health.models import DigestPreference, DigestSent
from acompana.health.services import digest_preference_set
from acompana.people.tests.factories import PartnershipFactory
from acompana.visits.models import Commitment, Visit

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def done_visit(pair, days_ago: int) -> Visit:
    day = today() - datetime.timedelta(days=days_ago)
    return Visit.objects.create(
        program=pair.program,
        mentor=pair.mentor,
        mentee=pair.mentee,
        mode="in_person",
        scheduled_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        status=Visit.Status.DONE,
    )


@pytest.fixture
def news(world):
    """A pair of the specialist's mentor that crossed 30 days without a visit this week, and a
    commitment that fell overdue this week."""
    pair = PartnershipFactory(
        program=world.program,
        cohort=world.program.cohorts.get(),
        started_on=today() - datetime.timedelta(days=100),
        mentor=world.mentor_profile,
    )
    visit = done_visit(pair, 33)
    Commitment.objects.create(
        visit=visit,
        mentor=pair.mentor,
        mentee=pair.mentee,
        text="Plan de lectura",
        due_on=today() - datetime.timedelta(days=2),
    )
    return pair


def recipients() -> set[str]:
    return {m.to[0] for m in mail.outbox}


def test_coordinators_and_specialists_get_what_changed_this_week(world, news):
    sent = digest_send()

    assert sent == 2
    assert recipients() == {world.coordinator.email, world.specialist.email}
    body = next(m.body for m in mail.outbox if m.to == [world.specialist.email])
    assert "1" in body
    assert world.mentor.email not in recipients()


def test_a_second_run_of_the_same_week_sends_nothing(world, news):
    digest_send()
    mail.outbox.clear()

    assert digest_send() == 0
    assert mail.outbox == []
    assert DigestSent.objects.count() == 2


def test_next_week_only_what_changed_since_is_news(world, news):
    digest_send()
    mail.outbox.clear()

    # a week later the same pair is still inactive and the commitment still overdue: old news
    assert digest_send(today=today() + datetime.timedelta(days=7)) == 0


def test_a_person_who_turned_the_digest_off_gets_none(world, news):
    digest_preference_set(user=world.specialist, weekly_digest=False)

    digest_send()

    assert recipients() == {world.coordinator.email}


def test_nothing_new_sends_nothing(world):
    assert digest_send() == 0


def test_the_email_is_in_the_recipients_language(world, news):
    world.coordinator.preferred_language = "en"
    world.coordinator.save(update_fields=["preferred_language"])
    world.specialist.preferred_language = "es"
    world.specialist.save(update_fields=["preferred_language"])

    digest_send()

    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[world.coordinator.email].subject.startswith("Program health this week")
    assert by_person[world.specialist.email].subject.startswith("Salud del programa esta semana")


def test_the_alerts_page_turns_the_digest_off_and_on(client, world):
    client.force_login(world.specialist)
    url = reverse("health_alerts:alerts")

    assert client.get(url).status_code == 200
    client.post(url, {})
    assert DigestPreference.objects.get(user=world.specialist).weekly_digest is False
    client.post(url, {"weekly_digest": "on"})
    assert DigestPreference.objects.get(user=world.specialist).weekly_digest is True


def test_the_digest_of_a_specialist_counts_only_their_mentors_pairs(world, news):
    other = PartnershipFactory(
        program=world.program,
        cohort=world.program.cohorts.get(),
        started_on=today() - datetime.timedelta(days=100),
    )
    done_visit(other, 33)
    # (the world's specialist accompanies only the world's mentor)

    digest_send()

    body = next(m.body for m in mail.outbox if m.to == [world.specialist.email])
    coordinator = next(m.body for m in mail.outbox if m.to == [world.coordinator.email])
    assert "(in all: 1)" in body or "(en total: 1)" in body
    assert "(in all: 2)" in coordinator or "(en total: 2)" in coordinator
