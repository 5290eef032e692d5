"""Calendar-feed providers for group sessions and training sessions.

Listed in ``acompana.visits.calendar.EVENT_PROVIDERS`` (through small wrappers there, so that
neither module imports the other at load time). A person's feed gets:

* the group sessions they are invited to (as a mentor) or facilitate;
* the training sessions they run (as trainer), are invited to (a mentor of the plan's cohort
  on the session's track, as the training pages decide) or attended.

Only in the programs where they still hold the role. An event carries the title, type or
module, mode, place or link and the facilitator or trainer: never a session's notes,
agreements or cases. Cancelled group sessions stay in the feed as ``STATUS:CANCELLED``;
``SEQUENCE`` is the session's version.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin
from acompana.group_sessions.models import Attendance, GroupSession
from acompana.people.models import MentorProfile
from acompana.training.models import Attendance as TrainingAttendance
from acompana.training.models import TrainingSession
from acompana.training.selectors import EXPERIENCED_FROM
from acompana.visits.calendar import UID_DOMAIN, CalendarEvent, program_timezone

FACILITATORS = (Role.COORDINATOR, Role.SPECIALIST, Role.MENTOR)


def _programs_with(user: Any, roles: Iterable[str]) -> Q:
    """Programs (as a condition on ``program``) where ``user`` holds one of ``roles``: a
    subquery, so that each provider costs one query. Site administrators coordinate all."""
    if is_site_admin(user) and Role.COORDINATOR in roles:
        return Q()
    return Q(program__in=Membership.objects.filter(user=user, role__in=roles).values("program"))


def _name(user: Any) -> str:
    return user.get_full_name() or user.email


def group_session_event(*, session: GroupSession, base_url: str = "") -> CalendarEvent:
    tz = program_timezone()
    start = session.starts_at.astimezone(tz)
    link = base_url + reverse("group_sessions:detail", args=[session.program.slug, session.pk])
    title = _("Group session: %(title)s") % {"title": session.title}
    if session.cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    lines = [
        _("Type: %(kind)s") % {"kind": session.get_kind_display()},
        _("Mode: %(mode)s") % {"mode": session.get_mode_display()},
    ]
    if session.facilitator is not None:
        lines.append(_("Facilitator: %(name)s") % {"name": _name(session.facilitator)})
    lines.append(link)
    return CalendarEvent(
        uid=f"group-session-{session.pk}@{UID_DOMAIN}",
        start=start,
        end=start + datetime.timedelta(minutes=session.duration_minutes),
        summary=title,
        stamp=session.updated_at,
        description="\n".join(lines),
        location=session.place,
        url=link if base_url else "",
        cancelled=session.cancelled,
        sequence=session.version,
    )


def group_session_events(
    *, user: Any, since: datetime.datetime, base_url: str
) -> list[CalendarEvent]:
    """Provider: the group sessions ``user`` is invited to or facilitates, from ``since``,
    in one query."""
    invited = Exists(
        Attendance.objects.filter(session=OuterRef("pk"), mentor__user=user)
    ) & _programs_with(user, [Role.MENTOR])
    facilitated = Q(facilitator=user) & _programs_with(user, FACILITATORS)
    sessions = (
        GroupSession.objects.filter(invited | facilitated, starts_at__gte=since)
        .select_related("program", "facilitator")
        .order_by("starts_at", "pk")
    )
    return [group_session_event(session=s, base_url=base_url) for s in sessions]


def training_session_event(*, session: TrainingSession, base_url: str = "") -> CalendarEvent:
    tz = program_timezone()
    start = session.starts_at.astimezone(tz)
    program = session.plan.program
    link = base_url + reverse("training:session", args=[program.slug, session.pk])
    lines = [
        _("Module: %(module)s") % {"module": session.get_module_display()},
        _("Modality: %(modality)s") % {"modality": session.get_modality_display()},
    ]
    if session.trainer is not None:
        lines.append(_("Trainer: %(name)s") % {"name": _name(session.trainer)})
    lines.append(link)
    return CalendarEvent(
        uid=f"training-session-{session.pk}@{UID_DOMAIN}",
        start=start,
        end=start + datetime.timedelta(minutes=session.duration_minutes),
        summary=_("Training: %(title)s") % {"title": session.title},
        stamp=session.updated_at,
        description="\n".join(lines),
        url=link if base_url else "",
    )


def training_session_events(
    *, user: Any, since: datetime.datetime, base_url: str
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
    Track = TrainingSession.Track
    invited = (
        (Q(track=Track.ALL) & Exists(profile))
        | (Q(track=Track.NEW) & Exists(profile.filter(programs_served__lt=EXPERIENCED_FROM)))
        | (Q(track=Track.RETURNING) & Exists(profile.filter(programs_served__gte=EXPERIENCED_FROM)))
    )
    attended = Exists(
        TrainingAttendance.objects.filter(session=OuterRef("pk"), mentor__user=user, present=True)
    )
    as_mentor = (invited | attended) & _in_plan_programs(user, [Role.MENTOR])
    sessions = (
        TrainingSession.objects.filter(runs | as_mentor, starts_at__gte=since)
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
