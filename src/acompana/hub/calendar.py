"""Calendar (ICS) feeds and downloads: the visits a person may see, for their calendar app.

Privacy: an event carries the time, place or link, mode, status, round and the names of the
mentor and mentee, nothing else: never the field notebook, the dialogue (not even its shared
summary) nor commitments. Who sees which visits is decided by ``visit_list_for_user``, so a
mentee's feed holds only their own visits and a specialist's only those of the mentors they
accompany.

Cancelled visits stay in the feed with ``STATUS:CANCELLED`` (and "Cancelled:" in the title)
rather than disappearing: a calendar that imported a single visit, or cached the feed, then
learns of the cancellation instead of silently keeping a stale event. ``SEQUENCE`` counts the
visit's status changes, so every reschedule or cancellation supersedes the earlier copy.

The feed covers events from ``CALENDAR_FEED_PAST_DAYS`` (setting, default 180) days ago to
``CALENDAR_FEED_FUTURE_DAYS`` (default 730) days ahead, so that years of field work do not make
the feed heavier with every month and a date typed with the wrong year does not linger in it.

Events come from *providers*: functions
``(*, user, since, until, base_url) -> Iterable[CalendarEvent]``
listed in ``EVENT_PROVIDERS``: visits, group sessions and training sessions. The feed gathers
three apps, which is why it lives in the top floor (``hub``) rather than in any one of them.

Group and training sessions in a person's feed:

* the group sessions they are invited to (as a mentor) or facilitate;
* the training sessions they run (as trainer), are invited to (a mentor of the plan's cohort
  on the session's track, as the training pages decide) or attended.

Only in the programs where they still hold the role. An event carries the title, type or
module, mode, place or link and the facilitator or trainer: never a session's notes,
agreements or cases. Cancelled group sessions stay in the feed as ``STATUS:CANCELLED``;
``SEQUENCE`` is the session's version.
"""

import datetime
import functools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acompana.accounts.models import CalendarFeed, Membership, Role
from acompana.accounts.permissions import is_site_admin
from acompana.common import audit
from acompana.common.counting import count_of
from acompana.group_sessions.models import Attendance, GroupSession
from acompana.people.models import MentorProfile
from acompana.people.selectors import NOVICE_MAX_PROGRAMS, programs_served_in_year
from acompana.programs.selectors import program_roles_for_user
from acompana.training.models import Attendance as TrainingAttendance
from acompana.training.models import TrainingSession
from acompana.visits.models import StatusChange, Visit
from acompana.visits.selectors import visit_list_for_user

PRODID = "-//Acompaña//Acompaña calendar//EN"
UID_DOMAIN = "acompana"
REFRESH_INTERVAL = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed, whatever its source (a visit, a group or training session)."""

    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    stamp: datetime.datetime  # when the record last changed (RFC 5545 DTSTAMP without METHOD)
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    sequence: int = 0


class EventProvider(Protocol):
    def __call__(
        self, *, user: Any, since: datetime.datetime, until: datetime.datetime, base_url: str
    ) -> Iterable[CalendarEvent]: ...


def program_timezone() -> ZoneInfo:
    """The programs' time zone (``TIME_ZONE``): events are written in it, with a VTIMEZONE."""
    return ZoneInfo(settings.TIME_ZONE)


# --- The feed address -------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_token(*, user: Any, rotate: bool = False) -> CalendarFeed:
    """The user's private feed address, created on first use.

    ``rotate`` replaces the token: the old address stops working at once (404), which is how a
    person revokes an address they shared by mistake.
    """
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": _new_token()}
    )
    if created:
        audit.log("calendar.feed.created", actor=user, target=feed)
    elif rotate:
        feed.token = _new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
        audit.log("calendar.feed.rotated", actor=user, target=feed)
    return feed


def calendar_feed_for_user(*, user: Any) -> CalendarFeed | None:
    """The user's feed address, if they created one."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_owner(*, token: str) -> Any | None:
    """The active user whose feed address holds ``token``, or None (unknown or revoked)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None


# --- Visits as events -------------------------------------------------------------------------


def visible_visits(*, user: Any) -> list[QuerySet[Visit]]:
    """The visits ``user`` may see, one query set per program (each served by that program's
    own indexed condition: a ``pk IN (…)`` over all programs at once led PostgreSQL to join
    every visit of the window before keeping the person's)."""
    per_program = []
    for entry in program_roles_for_user(user=user):
        try:
            per_program.append(visit_list_for_user(user=user, program=entry.program))
        except (PermissionDenied, Http404):  # trainers, researchers: no visits
            continue
    return per_program


def _name(profile: Any) -> str:
    return profile.user.get_full_name() or profile.code


def _visit_summary(visit: Visit, user: Any) -> str:
    if user is not None and visit.mentee.user_id == user.pk:
        title = _("Mentoring visit: %(mentor)s") % {"mentor": _name(visit.mentor)}
    else:
        title = _("Visit: %(mentee)s") % {"mentee": _name(visit.mentee)}
        school = visit.mentee.school
        if school is not None:
            title = f"{title} — {school.name}"
        if user is None or visit.mentor.user_id != user.pk:
            title = f"{title} ({_name(visit.mentor)})"
    if visit.status == Visit.Status.CANCELLED:
        title = _("Cancelled: %(title)s") % {"title": title}
    return title


def _visit_description(visit: Visit, link: str) -> str:
    lines = [
        _("Mode: %(mode)s") % {"mode": visit.get_mode_display()},
        _("Status: %(status)s") % {"status": visit.get_status_display()},
        _("Mentor: %(name)s") % {"name": _name(visit.mentor)},
        _("Mentee: %(name)s") % {"name": _name(visit.mentee)},
    ]
    if visit.round_id:
        lines.append(_("Round: %(round)s") % {"round": visit.round})
    lines.append(link)
    return "\n".join(lines)


def visit_event(
    *, visit: Visit, user: Any = None, base_url: str = "", sequence: int = 0
) -> CalendarEvent:
    """The event of one visit, titled from ``user``'s point of view, in the active language."""
    tz = program_timezone()
    start = visit.scheduled_at.astimezone(tz)
    link = base_url + reverse("visits:detail", args=[visit.program.slug, visit.pk])
    return CalendarEvent(
        uid=f"visit-{visit.pk}@{UID_DOMAIN}",
        start=start,
        end=start + datetime.timedelta(minutes=visit.duration_minutes),
        summary=_visit_summary(visit, user),
        stamp=visit.updated_at,
        description=_with_dial_in(_visit_description(visit, link), visit),
        location=visit.join_url or visit.place,
        url=visit.join_url or (link if base_url else ""),  # URL must be absolute
        cancelled=visit.status == Visit.Status.CANCELLED,
        sequence=sequence,
    )


def _with_related(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return visits.select_related(
        "program", "round", "mentor__user", "mentee__user", "mentee__school"
    )


def visit_events(
    *, user: Any, since: datetime.datetime, until: datetime.datetime, base_url: str
) -> list[CalendarEvent]:
    """Provider: the visits ``user`` may see scheduled from ``since`` until ``until``, one
    query per program. ``SEQUENCE`` (the number of status changes) is a subquery per visit
    shown rather than a ``GROUP BY`` over the joined rows."""
    events = []
    for visits in visible_visits(user=user):
        rows = (
            _with_related(visits)
            .filter(scheduled_at__gte=since, scheduled_at__lt=until)
            .annotate(changes=count_of(StatusChange, "visit"))
            .order_by("scheduled_at", "pk")
        )
        events += [
            visit_event(visit=v, user=user, base_url=base_url, sequence=v.changes) for v in rows
        ]
    return events


# --- Group and training sessions as events ---------------------------------------------------

FACILITATORS = (Role.COORDINATOR, Role.SPECIALIST, Role.MENTOR)


def _programs_with(user: Any, roles: Iterable[str]) -> Q:
    """Programs (as a condition on ``program``) where ``user`` holds one of ``roles``: a
    subquery, so that each provider costs one query. Site administrators coordinate all."""
    if is_site_admin(user) and Role.COORDINATOR in roles:
        return Q()
    return Q(program__in=Membership.objects.filter(user=user, role__in=roles).values("program"))


def _user_name(user: Any) -> str:
    return user.get_full_name() or user.email


def _session_event(
    session: GroupSession | TrainingSession,
    uid: str,
    summary: str,
    lines: list[str],
    link: str,
    base_url: str,
    **extra: Any,
) -> CalendarEvent:
    """A session's event (group or training): its time and length, ``lines`` and its link."""
    start = session.starts_at.astimezone(program_timezone())
    return CalendarEvent(
        uid=f"{uid}-{session.pk}@{UID_DOMAIN}",
        start=start,
        end=start + datetime.timedelta(minutes=session.duration_minutes),
        summary=summary,
        stamp=session.updated_at,
        description=_with_dial_in("\n".join([*lines, link]), session),
        url=session.join_url or (link if base_url else ""),
        **extra,
    )


def _with_dial_in(description: str, record: Any) -> str:
    """The description with the meeting's ID and dial-in numbers (never its passcode)."""
    dial_in = record.ics_dial_in()
    return f"{description}\n{dial_in}" if dial_in else description


def group_session_event(*, session: GroupSession, base_url: str = "") -> CalendarEvent:
    link = base_url + reverse("group_sessions:detail", args=[session.program.slug, session.pk])
    title = _("Group session: %(title)s") % {"title": session.title}
    if session.cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    lines = [
        _("Type: %(kind)s") % {"kind": session.get_kind_display()},
        _("Mode: %(mode)s") % {"mode": session.get_mode_display()},
    ]
    if session.facilitator is not None:
        lines.append(_("Facilitator: %(name)s") % {"name": _user_name(session.facilitator)})
    return _session_event(
        session,
        "group-session",
        title,
        lines,
        link,
        base_url,
        location=session.join_url or session.place,
        cancelled=session.cancelled,
        sequence=session.version,
    )


def group_session_events(
    *, user: Any, since: datetime.datetime, until: datetime.datetime, base_url: str
) -> list[CalendarEvent]:
    """Provider: the group sessions ``user`` is invited to or facilitates, from ``since``,
    in one query."""
    invited = Exists(
        Attendance.objects.filter(session=OuterRef("pk"), mentor__user=user)
    ) & _programs_with(user, [Role.MENTOR])
    facilitated = Q(facilitator=user) & _programs_with(user, FACILITATORS)
    sessions = (
        GroupSession.objects.filter(
            invited | facilitated, starts_at__gte=since, starts_at__lt=until
        )
        .select_related("program", "facilitator")
        .order_by("starts_at", "pk")
    )
    return [group_session_event(session=s, base_url=base_url) for s in sessions]


def training_session_event(*, session: TrainingSession, base_url: str = "") -> CalendarEvent:
    program = session.plan.program
    link = base_url + reverse("training:session", args=[program.slug, session.pk])
    lines = [
        _("Module: %(module)s") % {"module": session.get_module_display()},
        _("Modality: %(modality)s") % {"modality": session.get_modality_display()},
    ]
    if session.trainer is not None:
        lines.append(_("Trainer: %(name)s") % {"name": _user_name(session.trainer)})
    title = _("Training: %(title)s") % {"title": session.title}
    return _session_event(
        session, "training-session", title, lines, link, base_url, location=session.join_url
    )


def training_session_events(
    *, user: Any, since: datetime.datetime, until: datetime.datetime, base_url: str
) -> list[CalendarEvent]:
    """Provider: the training sessions ``user`` runs, is invited to (an active mentor of the
    plan's cohort, on the session's track) or attended, from ``since``, in one query."""
    runs = Q(trainer=user) & _in_plan_programs(user, [Role.TRAINER, Role.COORDINATOR])
    profile = MentorProfile.objects.filter(
        user=user,
        active=True,
        program=OuterRef("plan__program"),
        cohorts=OuterRef("plan__cohort"),
    )
    # the programs served in the year of the plan's cohort (``people.selectors``)
    served = profile.alias(served=programs_served_in_year(OuterRef("plan__cohort__year")))
    Track = TrainingSession.Track
    invited = (
        (Q(track=Track.ALL) & Exists(profile))
        | (Q(track=Track.NEW) & Exists(served.filter(served__lte=NOVICE_MAX_PROGRAMS)))
        | (Q(track=Track.RETURNING) & Exists(served.filter(served__gt=NOVICE_MAX_PROGRAMS)))
    )
    attended = Exists(
        TrainingAttendance.objects.filter(session=OuterRef("pk"), mentor__user=user, present=True)
    )
    as_mentor = (invited | attended) & _in_plan_programs(user, [Role.MENTOR])
    sessions = (
        TrainingSession.objects.filter(runs | as_mentor, starts_at__gte=since, starts_at__lt=until)
        .select_related("plan__program", "trainer")
        .order_by("starts_at", "pk")
    )
    return [training_session_event(session=s, base_url=base_url) for s in sessions]


def _in_plan_programs(user: Any, roles: Iterable[str]) -> Q:
    if is_site_admin(user) and Role.COORDINATOR in roles:
        return Q()
    return Q(
        plan__program__in=Membership.objects.filter(user=user, role__in=roles).values("program")
    )


EVENT_PROVIDERS: list[EventProvider] = [visit_events, group_session_events, training_session_events]


# --- Calendars --------------------------------------------------------------------------------


def _calendar(*, name: str, uid: str, events: Iterable[CalendarEvent]) -> icalendar.Calendar:
    cal = icalendar.Calendar.new(
        prodid=PRODID, name=name, uid=uid, refresh_interval=REFRESH_INTERVAL
    )
    cal.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    cal.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL).to_ical().decode())
    for event in events:
        cal.add_component(
            icalendar.Event.new(
                uid=event.uid,
                stamp=event.stamp,
                last_modified=event.stamp,
                start=event.start,
                end=event.end,
                summary=event.summary,
                description=event.description or None,
                location=event.location or None,
                url=event.url or None,
                status=icalendar.enums.STATUS.CANCELLED
                if event.cancelled
                else icalendar.enums.STATUS.CONFIRMED,
                sequence=event.sequence,
                # Someone sharing their calendar shows these as busy, without the details.
                classification=icalendar.enums.CLASS.PRIVATE,
            )
        )
    _add_missing_timezones(cal)  # the VTIMEZONE of every TZID used (none for UTC)
    return cal


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> icalendar.Timezone | None:
    """The VTIMEZONE of ``tzid``, built once per process: icalendar derives it from every
    transition of the zone, which cost more than the rest of a feed."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:  # a zone icalendar does not know: left out, as it would leave it
        return None


def _add_missing_timezones(cal: icalendar.Calendar) -> None:
    """What ``Calendar.add_missing_timezones`` does, from the cache above."""
    position = len(cal.timezones)
    for tzid in sorted(cal.get_missing_tzids()):
        vtimezone = _vtimezone(tzid)
        if vtimezone is not None:
            cal.subcomponents.insert(position, vtimezone)
            position += 1


def feed_since(now: datetime.datetime | None = None) -> datetime.datetime:
    days = getattr(settings, "CALENDAR_FEED_PAST_DAYS", 180)
    return (now or timezone.now()) - datetime.timedelta(days=days)


def feed_until(now: datetime.datetime | None = None) -> datetime.datetime:
    days = getattr(settings, "CALENDAR_FEED_FUTURE_DAYS", 730)
    return (now or timezone.now()) + datetime.timedelta(days=days)


def user_calendar(*, user: Any, base_url: str = "") -> icalendar.Calendar:
    """Every event ``user`` may see (visits in all their programs), in their language.

    ``base_url`` (e.g. ``https://acompana.example.org``) makes the links in the events absolute.
    """
    now = timezone.now()
    since, until = feed_since(now), feed_until(now)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        events: list[CalendarEvent] = []
        for provider in EVENT_PROVIDERS:
            events.extend(provider(user=user, since=since, until=until, base_url=base_url))
        events.sort(key=lambda e: (e.start, e.uid))
        return _calendar(
            name=_("Acompaña: %(name)s") % {"name": user.get_full_name() or user.email},
            uid=f"feed-{user.pk}@{UID_DOMAIN}",
            events=events,
        )


def visit_calendar(*, visit: Visit, user: Any = None, base_url: str = "") -> icalendar.Calendar:
    """One visit as a calendar to download and import (same UID as in the feed), in the
    active language."""
    event = visit_event(
        visit=visit, user=user, base_url=base_url, sequence=visit.status_changes.count()
    )
    return _calendar(name=event.summary, uid=f"visit-{visit.pk}-file@{UID_DOMAIN}", events=[event])
