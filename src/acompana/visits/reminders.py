"""Email reminders about field work, each sent at most once, in the recipient's language.

Three kinds, each recorded in ``SentReminder`` (kind, key, user):

- ``visit_upcoming``: to the mentor and the mentee, once a planned or rescheduled visit is less
  than ``REMINDER_VISIT_AHEAD_HOURS`` (default 24) away. The key holds the visit's time, so a
  rescheduled visit is announced again for its new time.
- ``dialogue_empty``: to the mentor, when a visit that was not cancelled started more than
  ``REMINDER_DIALOGUE_AFTER_HOURS`` (default 24) ago and its reflective dialogue is still empty.
  Visits older than ``REMINDER_DIALOGUE_LOOKBACK_DAYS`` (default 14) are left alone, so that
  turning reminders on does not flood mentors about last year's visits.
- ``commitment_overdue``: to the mentor and the mentee, one email per person about the open
  commitments past their due date (in the last ``REMINDER_COMMITMENT_LOOKBACK_DAYS``, default
  60) not reminded to that person before: each commitment is in at most one reminder. The email
  lists the ``LISTED`` (20) most overdue, then "and N more" with a link to the program's page of
  overdue commitments (``visits:commitments_overdue``), which lists them all. Every commitment
  of the email is recorded as reminded, listed or not: the reminder says how many are overdue
  and where to see them, and reminding the rest again would send the same person an email
  every tick until the backlog is worked off, 20 at a time.

People who turned reminders off (``email_reminders``), inactive accounts and accounts without
an email get nothing (and nothing is recorded, so turning reminders back on works).

Idempotency: the ``SentReminder`` row is inserted in the same transaction that sends the email.
A second worker inserting the same row waits for the first transaction and then fails on the
unique constraint, so it skips; if sending fails, the row is rolled back and the next run
tries again. ``reminders_send`` is meant to run every 15 minutes (task or management command).

Memory stays bounded at national scale: visits are read in keyset batches of ``BATCH`` and the
sent reminders looked up for one batch's keys at a time; overdue commitments are gathered per
recipient, for as many recipients at a time as have about ``BATCH`` commitments together, after
one grouped query that leaves out, in SQL, what was already reminded (so a tick with nothing
to send reads no commitment). Of the commitments to remind only the ids are read, besides the
``LISTED`` most overdue per recipient (a window function, so the limit is applied in SQL): an
email renders at most ``LISTED`` entries however long the backlog. Nothing relies on
server-side cursors (PgBouncer-safe).
"""

import datetime
import functools
import logging
import smtplib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, Window
from django.db.models.functions import Cast, Concat, RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acompana.accounts.models import User
from acompana.common import audit
from acompana.visits.models import Commitment, SentReminder, Visit
from acompana.visits.services import DIALOGUE_FIELDS

KIND_VISIT = "visit_upcoming"
KIND_DIALOGUE = "dialogue_empty"
KIND_COMMITMENTS = "commitment_overdue"

# Rows read at a time (visits; commitments of the recipients handled together).
BATCH = 2000
# Overdue commitments listed in one email; the others are counted ("and N more").
LISTED = 20

T = TypeVar("T")
logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _wants_reminders(user: Any) -> bool:
    return bool(user.is_active and user.email_reminders and user.email)


def _name(profile: Any) -> str:
    return profile.user.get_full_name() or profile.code


def _link(visit: Visit) -> str:
    """An absolute link to the visit when ``SITE_URL`` is set (emails need absolute links)."""
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return site + reverse("visits:detail", args=[visit.program.slug, visit.pk]) if site else ""


def _message(user: Any, template: str, context: dict[str, Any]) -> mail.EmailMessage:
    """The first line of the rendered template is the subject, the rest the body."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(template, {"recipient": user, **context})
    subject, _sep, body = text.strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def _already_sent(kind: str, keys: Sequence[str]) -> set[tuple[str, int]]:
    """(key, user id) of the reminders of ``kind`` already sent, to skip them cheaply."""
    if not keys:
        return set()
    return set(
        SentReminder.objects.filter(kind=kind, key__in=set(keys)).values_list("key", "user_id")
    )


def _claim(kind: str, keys: Sequence[str], user: Any) -> set[str]:
    """Record the reminders of ``keys`` for ``user`` in one insert; the keys claimed now (none
    if another worker claimed one of them meanwhile: its keys wait for the next run)."""
    recorded = set(
        SentReminder.objects.filter(kind=kind, user=user, key__in=keys).values_list(
            "key", flat=True
        )
    )
    new = [key for key in dict.fromkeys(keys) if key not in recorded]
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the outer one usable
            SentReminder.objects.bulk_create(
                [SentReminder(kind=kind, key=key, user=user) for key in new]
            )
    except IntegrityError:
        return set()
    return set(new)


def _deliver(
    *,
    kind: str,
    user: Any,
    items: Sequence[tuple[str, T]],
    template: str,
    context: dict[str, Any] | Callable[[list[T]], dict[str, Any]],
    connection: Any,
) -> bool:
    """Claim the items not yet reminded to ``user`` and email them, in one transaction.

    If sending fails the claims are rolled back, so the reminder is tried again on the next
    run; the other reminders of this run still go out.
    """
    try:
        with transaction.atomic():
            keys = _claim(kind, [key for key, _item in items], user)
            claimed = [item for key, item in items if key in keys]
            if not claimed:
                return False
            data = context(claimed) if callable(context) else context
            connection.send_messages([_message(user, template, data)])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s reminder to user %s", kind, user.pk)
        return False
    return True


def _deliver_visit(
    kind: str, user: Any, key: str, visit: Visit, template: str, connection: Any, **context: Any
) -> bool:
    """``_deliver`` a reminder about one visit: its context has the visit, its link and the
    programs' time zone besides ``context``."""
    context = {"visit": visit, "link": _link(visit), "time_zone": settings.TIME_ZONE, **context}
    return _deliver(
        kind=kind,
        user=user,
        items=[(key, visit)],
        template=template,
        context=context,
        connection=connection,
    )


def _visit_related(visits: Any) -> Any:
    return visits.select_related("program", "mentor__user", "mentee__user", "mentee__school")


def _in_batches(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    """``queryset`` in lists of ``BATCH`` rows, by increasing primary key (keyset pagination:
    each batch is one query starting after the last key of the previous one)."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH]):
        yield batch
        last = batch[-1].pk


def _send_upcoming_visits(
    *, now: datetime.datetime, ahead: datetime.timedelta, connection: Any
) -> int:
    upcoming = _visit_related(
        Visit.objects.filter(
            status__in=[Visit.Status.PLANNED, Visit.Status.RESCHEDULED],
            scheduled_at__gt=now,
            scheduled_at__lte=now + ahead,
        )
    )
    sent = 0
    for visits in _in_batches(upcoming):
        keys = {v.pk: f"visit:{v.pk}:{int(v.scheduled_at.timestamp())}" for v in visits}
        done = _already_sent(KIND_VISIT, list(keys.values()))
        for visit in visits:
            key = keys[visit.pk]
            for role, user, other in (
                ("mentor", visit.mentor.user, _name(visit.mentee)),
                ("mentee", visit.mentee.user, _name(visit.mentor)),
            ):
                if (key, user.pk) in done or not _wants_reminders(user):
                    continue
                template = "visits/email/visit_upcoming.txt"
                sent += _deliver_visit(
                    KIND_VISIT, user, key, visit, template, connection, role=role, other=other
                )
    return sent


def _send_empty_dialogues(
    *,
    now: datetime.datetime,
    after: datetime.timedelta,
    lookback: datetime.timedelta,
    connection: Any,
) -> int:
    empty = Q(dialogue__isnull=True) | Q(**{f"dialogue__{field}": "" for field in DIALOGUE_FIELDS})
    unwritten = _visit_related(
        Visit.objects.exclude(status=Visit.Status.CANCELLED).filter(
            empty,
            scheduled_at__lte=now - after,
            scheduled_at__gt=now - after - lookback,
        )
    )
    sent = 0
    for visits in _in_batches(unwritten):
        done = _already_sent(KIND_DIALOGUE, [f"visit:{v.pk}" for v in visits])
        for visit in visits:
            key, user = f"visit:{visit.pk}", visit.mentor.user
            if (key, user.pk) in done or not _wants_reminders(user):
                continue
            template = "visits/email/dialogue_empty.txt"
            mentee = _name(visit.mentee)
            sent += _deliver_visit(
                KIND_DIALOGUE, user, key, visit, template, connection, mentee=mentee
            )
    return sent


def _list_link(program: Any) -> str:
    """An absolute link to the page that lists all of the person's overdue commitments."""
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return site + reverse("visits:commitments_overdue", args=[program.slug]) if site else ""


def _commitment_entries(
    claimed: list[int], *, user: Any, listed: list[Commitment]
) -> dict[str, Any]:
    """The email's context: the ``listed`` commitments (at most ``LISTED``, the most overdue)
    among the ``claimed`` ids, and how many more were claimed without being listed."""
    keep = set(claimed)
    shown = [c for c in listed if c.pk in keep]
    entries = [
        {
            "commitment": c,
            "other": _name(c.mentee) if c.mentor.user_id == user.pk else _name(c.mentor),
            "link": _link(c.visit),
        }
        for c in shown
    ]
    more = len(claimed) - len(entries)
    more_link = _list_link(shown[0].visit.program) if more and shown else ""
    return {"entries": entries, "count": len(claimed), "more": more, "more_link": more_link}


def _reminded(side: str) -> Exists:
    """The commitment was already reminded to the person on its ``side`` (unique index)."""
    return Exists(
        SentReminder.objects.filter(
            kind=KIND_COMMITMENTS,
            user_id=OuterRef(f"{side}__user_id"),
            key=Concat(Value("commitment:"), Cast(OuterRef("pk"), output_field=CharField())),
        )
    )


def _due_counts(overdue: QuerySet[Commitment], side: str) -> dict[int, int]:
    """{user id: overdue commitments not yet reminded to them} for the ``side`` ("mentor" or
    "mentee") of the commitments, for people who want reminders: one grouped query."""
    user = f"{side}__user"
    rows = (
        overdue.filter(**{f"{user}__is_active": True, f"{user}__email_reminders": True})
        .exclude(**{f"{user}__email": ""})
        .exclude(_reminded(side))
        .order_by()
        .values_list(f"{user}_id")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def _recipient_batches(counts: dict[int, int]) -> Iterator[list[int]]:
    """The recipients' ids in groups whose commitments add up to about ``BATCH``."""
    batch: list[int] = []
    total = 0
    for user_id in sorted(counts):
        if batch and total + counts[user_id] > BATCH:
            yield batch
            batch, total = [], 0
        batch.append(user_id)
        total += counts[user_id]
    if batch:
        yield batch


def _unreminded(overdue: QuerySet[Commitment], side: str, user_ids: list[int]) -> Any:
    """The ``overdue`` commitments of ``user_ids`` on ``side`` not yet reminded to them."""
    return overdue.filter(**{f"{side}__user_id__in": user_ids}).exclude(_reminded(side))


def _most_overdue(overdue: QuerySet[Commitment], side: str, user_ids: list[int]) -> Any:
    """For each of ``user_ids``, their ``LISTED`` most overdue commitments on ``side`` not yet
    reminded to them (a window function: the limit per person is applied in SQL)."""
    rank = Window(
        RowNumber(),
        partition_by=F(f"{side}__user_id"),
        order_by=[F("due_on").asc(), F("pk").asc()],
    )
    return (
        _unreminded(overdue, side, user_ids)
        .annotate(rank=rank)
        .filter(rank__lte=LISTED)
        .select_related("visit__program", "mentor__user", "mentee__user")
    )


def _send_overdue_commitments(
    *, now: datetime.datetime, lookback: datetime.timedelta, connection: Any
) -> int:
    today = timezone.localdate(now)  # in the programs' time zone
    overdue = Commitment.objects.filter(
        status=Commitment.Status.OPEN, due_on__lt=today, due_on__gte=today - lookback
    )
    counts = _due_counts(overdue, "mentor")
    for user_id, count in _due_counts(overdue, "mentee").items():
        counts[user_id] = counts.get(user_id, 0) + count
    sent = 0
    for user_ids in _recipient_batches(counts):
        users = {user.pk: user for user in User.objects.filter(pk__in=user_ids)}
        keys: dict[int, list[tuple[str, int]]] = {user_id: [] for user_id in user_ids}
        listed: dict[int, list[Commitment]] = {user_id: [] for user_id in user_ids}
        for side in ("mentor", "mentee"):
            rows = _unreminded(overdue, side, user_ids).order_by("due_on", "pk")
            for pk, user_id in rows.values_list("pk", f"{side}__user_id"):
                keys[user_id].append((f"commitment:{pk}", pk))
            for c in _most_overdue(overdue, side, user_ids):
                listed[getattr(c, side).user_id].append(c)
        for user_id, items in keys.items():
            user = users.get(user_id)
            if not items or user is None or not _wants_reminders(user):
                continue
            most = sorted(listed[user_id], key=lambda c: (c.due_on, c.pk))[:LISTED]
            sent += _deliver(
                kind=KIND_COMMITMENTS,
                user=user,
                items=items,
                template="visits/email/commitments_overdue.txt",
                context=functools.partial(_commitment_entries, user=user, listed=most),
                connection=connection,
            )
    return sent


def reminders_send(
    *,
    now: datetime.datetime | None = None,
    visit_ahead: datetime.timedelta | None = None,
    dialogue_after: datetime.timedelta | None = None,
) -> dict[str, int]:
    """Send the reminders due at ``now`` (default: now) that were not sent before.

    Returns the number of emails sent by kind. Safe to run often and from several workers at
    once. The windows default to the ``REMINDER_*`` settings (see the module docstring).
    """
    now = now or timezone.now()
    ahead = visit_ahead or datetime.timedelta(hours=_setting("REMINDER_VISIT_AHEAD_HOURS", 24))
    after = dialogue_after or datetime.timedelta(
        hours=_setting("REMINDER_DIALOGUE_AFTER_HOURS", 24)
    )
    dialogue_lookback = datetime.timedelta(days=_setting("REMINDER_DIALOGUE_LOOKBACK_DAYS", 14))
    commitment_lookback = datetime.timedelta(days=_setting("REMINDER_COMMITMENT_LOOKBACK_DAYS", 60))
    with mail.get_connection() as connection:
        counts = {
            KIND_VISIT: _send_upcoming_visits(now=now, ahead=ahead, connection=connection),
            KIND_DIALOGUE: _send_empty_dialogues(
                now=now, after=after, lookback=dialogue_lookback, connection=connection
            ),
            KIND_COMMITMENTS: _send_overdue_commitments(
                now=now, lookback=commitment_lookback, connection=connection
            ),
        }
    if any(counts.values()):
        audit.log("visits.reminders.sent", data=counts)
    return counts
