"""The weekly health digest: one email per coordinator or specialist and program, about what
changed since their previous digest (or in the last 7 days, for the first one).

What it says, for the pairs the person may see on the health page:

- pairs newly inactive: their latest done visit crossed the program's N days since the previous
  digest (it was within N days of that digest's day and is more than N days old today);
- commitments newly overdue: open, due on or after the previous digest's day and before today;
- mentees waiting for a mentor (coordinators): how many, today;
- each with today's total and a link to the health page.

A person with nothing new gets no email. People who turned the digest off (``DigestPreference``),
inactive accounts and accounts without an email get nothing.

Idempotency: a ``DigestSent`` row (person, program, ISO week) is inserted in the transaction that
sends the email; a second run of the same week finds it and skips, a second worker racing the
first fails on the unique constraint and skips, and a failed send rolls the row back so the next
run tries again. Run it daily (``acompana send_health_digest``): each person gets at most one
digest per program and week.

Memory stays bounded: memberships are read in keyset batches of ``BATCH``; each recipient costs a
fixed number of capped-count queries, whatever the size of the program.
"""

import datetime
import logging
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acompana.accounts.models import Membership, Role
from acompana.common.counting import CappedCount, capped_count
from acompana.health.models import DigestPreference, DigestSent
from acompana.health.selectors import CAP, ScopedHealth, _start_of, health_scope

BATCH = 500
ROLES = (Role.COORDINATOR, Role.SPECIALIST)
logger = logging.getLogger(__name__)


def week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Digest:
    newly_inactive: CappedCount
    inactive: CappedCount
    newly_overdue: CappedCount
    overdue: CappedCount
    waiting: CappedCount | None

    @property
    def news(self) -> bool:
        return bool(self.newly_inactive or self.newly_overdue or self.waiting)


def digest_of(health: ScopedHealth, *, since: datetime.date) -> Digest:
    """What changed for ``health``'s person since ``since`` (a fixed number of queries)."""
    s = health.scope
    was_active = health._done_visits().filter(
        scheduled_at__gte=_start_of(since - datetime.timedelta(days=s.inactive_days))
    )
    inactive = health.inactive()
    overdue = health.overdue()
    return Digest(
        newly_inactive=capped_count(inactive.filter(Exists(was_active)).values("pk"), CAP),
        inactive=capped_count(inactive.values("pk"), CAP),
        newly_overdue=capped_count(overdue.filter(due_on__gte=since).values("pk"), CAP),
        overdue=capped_count(overdue.values("pk"), CAP),
        waiting=capped_count(health.waiting().values("pk"), CAP) if s.coordinator else None,
    )


def _wants_digest(user: Any) -> bool:
    return bool(user.is_active and user.email)


def _memberships(today: datetime.date) -> Iterator[list[Membership]]:
    """Coordinator and specialist memberships of people who want the digest, in batches."""
    opted_out = DigestPreference.objects.filter(weekly_digest=False).values("user_id")
    rows = (
        Membership.objects.filter(role__in=ROLES, user__is_active=True)
        .exclude(user__email="")
        .exclude(user_id__in=opted_out)
        .exclude(
            Exists(
                DigestSent.objects.filter(
                    user_id=OuterRef("user_id"),
                    program_id=OuterRef("program_id"),
                    week=week_key(today),
                )
            )
        )
        .select_related("user", "program")
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _link(program: Any) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return site + reverse("health:page", args=[program.slug]) if site else ""


def _message(user: Any, context: dict[str, Any]) -> mail.EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string("health/email/digest.txt", {"recipient": user, **context})
    subject, _sep, body = text.strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def digest_send(*, today: datetime.date | None = None) -> int:
    """Send this week's digests not sent yet; returns how many emails were sent."""
    today = today or timezone.localdate()
    week = week_key(today)
    sent = 0
    seen: set[tuple[int, int]] = set()  # a person with both roles in a program: one digest
    for batch in _memberships(today):
        previous = {
            (d["user_id"], d["program_id"]): d["sent_at"]
            for d in DigestSent.objects.filter(
                Q(user_id__in={m.user_id for m in batch}),
                program_id__in={m.program_id for m in batch},
            )
            .order_by("user_id", "program_id", "sent_at")
            .values("user_id", "program_id", "sent_at")
        }
        for membership in batch:
            key = (membership.user_id, membership.program_id)
            if key in seen or not _wants_digest(membership.user):
                continue
            seen.add(key)
            last = previous.get(key)
            since = timezone.localdate(last) if last else today - datetime.timedelta(days=7)
            health = health_scope(user=membership.user, program=membership.program, today=today)
            digest = digest_of(health, since=since)
            if not digest.news:
                continue
            program = membership.program
            context = {"program": program, "digest": digest, "link": _link(program)}
            message = _message(membership.user, context)
            try:
                with transaction.atomic():
                    DigestSent.objects.create(
                        user_id=membership.user_id, program_id=membership.program_id, week=week
                    )
                    message.send()
            except IntegrityError:
                continue  # another worker sent it
            except (smtplib.SMTPException, OSError):
                logger.exception("health digest to user %s failed", membership.user_id)
                continue
            sent += 1
    return sent
