"""Reminders over a generated national-size backlog: memory and queries grow by batches."""

import datetime
import tracemalloc
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acompana.accounts.models import User
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.visits import reminders, services
from acompana.visits.models import Commitment, SentReminder
from acompana.visits.reminders import reminders_send

NOW = datetime.datetime(2031, 4, 14, 12, 0, tzinfo=ZoneInfo("America/Lima"))
# Ten batches of 600 commitments: what a national tick does with batches of 2,000, at a size
# that a test can afford (each commitment is rendered in two emails).
MENTORS, MENTEES, COMMITMENTS, BATCH = 20, 200, 6_000, 600
PEAK_MB = 20  # one pass over the 6,000 (no batches) peaks at about 40 MB


def _clones(profile, model, prefix: str, count: int):
    """``count`` copies of ``profile``, each with a user of its own."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", first_name=prefix, last_name=str(n))
        for n in range(count)
    )
    fields = {
        field.attname: getattr(profile, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }
    return model.objects.bulk_create(
        model(**{**fields, "user_id": user.pk, "code": f"{prefix.upper()}{n}"})
        for n, user in enumerate(users)
    )


@pytest.fixture
def backlog(world):
    """6,000 open commitments past due, 20 mentors and 200 principals sharing them."""
    visit = services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=NOW - datetime.timedelta(days=20),
        mode="video",
        place="https://meet.example.org/abc",
        actor=world.mentor,
    )
    mentors = _clones(world.mentor_profile, MentorProfile, "mentor-", MENTORS)
    mentees = _clones(world.mentee_profile, MenteeProfile, "principal-", MENTEES)
    due = NOW.date() - datetime.timedelta(days=3)
    Commitment.objects.bulk_create(
        (
            Commitment(
                visit=visit,
                mentor=mentors[n % MENTORS],
                mentee=mentees[n % MENTEES],
                text=f"Compromiso {n}",
                due_on=due,
            )
            for n in range(COMMITMENTS)
        ),
        batch_size=1000,
    )
    return visit


def _tick() -> tuple[dict[str, int], float, int]:
    """One run of the reminders: what it sent, its peak of Python memory (MB), its queries."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            counts = reminders_send(now=NOW)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return counts, peak / 1024**2, len(queries)


def test_a_tick_over_thousands_of_overdue_commitments_keeps_memory_and_queries_bounded(
    backlog, settings, monkeypatch
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    monkeypatch.setattr(reminders, "BATCH", BATCH)
    counts, peak, queries = _tick()
    emails = MENTORS + MENTEES
    assert counts["commitment_overdue"] == emails
    assert SentReminder.objects.filter(kind="commitment_overdue").count() == 2 * COMMITMENTS
    # One batch of commitments with their people is in memory, never all of them.
    assert peak < PEAK_MB
    # Queries: a few per batch and per email (its claim), none per commitment.
    batches = 2 * COMMITMENTS // BATCH + 2
    assert queries <= 10 + 6 * batches + 6 * emails

    counts, peak, queries = _tick()
    assert counts["commitment_overdue"] == 0
    assert queries <= 10  # a tick with nothing to send reads no commitment
