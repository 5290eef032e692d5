"""Writes for group sessions, their weekly series, attendance, cases and informal meetings.

Every action is audited under ``group_sessions.*``. Services check the relations between
records (a facilitator of the program, a visit of an attending mentor...); who may call them is
decided by the permission-checked getters in ``selectors``.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.common.choices import MeetingMode
from acompana.common.meetings import meeting_values
from acompana.group_sessions.models import (
    Attendance,
    CaseDiscussed,
    GroupSession,
    InformalMeeting,
    Kind,
    SessionSeries,
)
from acompana.group_sessions.permissions import FACILITATOR_ROLES
from acompana.group_sessions.selectors import SHEET_MAX_POSTED, cohort_mentors
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Round, Visit

MAX_OCCURRENCES = 104  # two years of weekly sessions
MIN_YEAR, MAX_YEAR = 2000, 2100  # sessions fall in these years (far from the date limits)


def _check_year(day: datetime.date) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(
            _("Choose a date between %(first)d and %(last)d.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
            code="date",
        )


def _check_session_fields(*, program: Program, cohort: Cohort, fields: dict[str, Any]) -> None:
    """Check a session's (or a series') ``fields`` against its program and cohort."""
    kind, mode, duration_minutes = fields["kind"], fields["mode"], fields["duration_minutes"]
    facilitator, round = fields.get("facilitator"), fields.get("round")
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    if kind not in Kind.values:
        raise ValidationError(_("Choose the type of session."))
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choose how the group meets."))
    if not 0 < duration_minutes <= 24 * 60:
        raise ValidationError(_("A session lasts between one minute and a day."))
    if facilitator is not None and not has_role(facilitator, program, *FACILITATOR_ROLES):
        raise ValidationError(
            _("The facilitator must be a coordinator, specialist or mentor of the program.")
        )
    if round is not None and round.cohort_id != cohort.pk:
        raise ValidationError(_("The round is not of the session's cohort."))


def _invitees(
    *, program: Program, cohort: Cohort, mentors: Iterable[MentorProfile] | None
) -> list[MentorProfile]:
    if mentors is None:
        return list(cohort_mentors(cohort=cohort))
    chosen = list(mentors)
    if any(m.program_id != program.pk for m in chosen):
        raise ValidationError(_("Invite only mentors of this program."))
    return chosen


def _new_session(*, invitees: list[MentorProfile], **fields: Any) -> GroupSession:
    """A session with ``fields`` (checked by ``_check_session_fields``) and its invitees."""
    session = GroupSession.objects.create(**fields)
    Attendance.objects.bulk_create(Attendance(session=session, mentor=m) for m in invitees)
    return session


@transaction.atomic
def session_create(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    facilitator: Any = None,
    place: str = "",
    agenda: str = "",
    round: Round | None = None,
    mentors: Iterable[MentorProfile] | None = None,
    actor: Any,
) -> GroupSession:
    """Schedule a group session of ``cohort``; ``mentors`` are invited (default: every
    active mentor of the cohort)."""
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The session time needs a time zone."))
    fields = {
        "kind": kind,
        "title": title,
        "agenda": agenda,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "facilitator": facilitator,
        "place": place,
        "round": round,
    }
    _check_session_fields(program=program, cohort=cohort, fields=fields)
    invitees = _invitees(program=program, cohort=cohort, mentors=mentors)
    session = _new_session(program=program, cohort=cohort, invitees=invitees, **fields)
    audit.log(
        "group_sessions.session.created",
        actor=actor,
        target=session,
        data={"kind": kind, "mode": mode, "invited": len(invitees)},
    )
    return session


@transaction.atomic
def session_update(
    *,
    session: GroupSession,
    kind: str,
    title: str,
    agenda: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    facilitator: Any,
    place: str,
    round: Round | None,
    notes: str,
    agreements: str,
    expected_version: int | None = None,
    actor: Any,
) -> GroupSession:
    """Edit one session (only this one, even if it belongs to a series). With
    ``expected_version``, refuse if someone saved the session since that version."""
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The session time needs a time zone."))
    fields = {
        "kind": kind,
        "title": title,
        "agenda": agenda,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "facilitator": facilitator,
        "place": place,
        "round": round,
        "notes": notes,
        "agreements": agreements,
    }
    _check_session_fields(program=session.program, cohort=session.cohort, fields=fields)
    locked = GroupSession.objects.select_for_update().get(pk=session.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Someone saved this session since you opened it. Reload it and edit again.")
        )
    changed = [
        name
        for name, value in fields.items()
        if getattr(locked, name if name not in ("facilitator", "round") else f"{name}_id")
        != (getattr(value, "pk", None) if name in ("facilitator", "round") else value)
    ]
    for name, value in fields.items():
        setattr(session, name, value)
    session.version = locked.version + 1
    session.save(update_fields=[*fields, "version", "updated_at"])
    audit.log(
        "group_sessions.session.updated",
        actor=actor,
        target=session,
        data={"changed": changed, "version": session.version},
    )
    return session


@transaction.atomic
def session_invitees_set(
    *, session: GroupSession, mentors: Collection[MentorProfile], actor: Any
) -> None:
    """Invite exactly ``mentors``: new ones are added, others removed, the attendance of
    those who stay is kept."""
    chosen = {
        m.pk: m for m in _invitees(program=session.program, cohort=session.cohort, mentors=mentors)
    }
    current = set(Attendance.objects.filter(session=session).values_list("mentor_id", flat=True))
    Attendance.objects.filter(session=session).exclude(mentor_id__in=list(chosen)).delete()
    Attendance.objects.bulk_create(
        Attendance(session=session, mentor=m) for pk, m in chosen.items() if pk not in current
    )
    GroupSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    audit.log(
        "group_sessions.session.invited",
        actor=actor,
        target=session,
        data={"mentors": sorted(chosen)},
    )


@transaction.atomic
def session_cancel(*, session: GroupSession, actor: Any) -> None:
    if session.cancelled:
        return
    session.status = GroupSession.Status.CANCELLED
    session.version += 1
    session.save(update_fields=["status", "version", "updated_at"])
    audit.log("group_sessions.session.cancelled", actor=actor, target=session)


@transaction.atomic
def attendance_record(
    *,
    session: GroupSession,
    present: Collection[int],
    mentors: Collection[int] | None = None,
    shown: Mapping[int, bool | None] | None = None,
    actor: Any,
) -> list[Attendance]:
    """Take attendance: each mentor of ``mentors`` (mentor profile ids: a page of the
    session's attendance) is marked present if in ``present``, absent otherwise; the other
    invited mentors keep what was recorded. Without ``mentors``, every invited mentor is
    recorded.

    All or nothing: every id must be a mentor invited to the session (and ``present`` a part of
    ``mentors``), at most ``SHEET_MAX_POSTED`` of them. ``shown`` is what the page showed for
    its mentors (True, False, or None when not taken): if the attendance of one of them changed
    since (someone else recorded it), nothing is written (code ``stale``). Pages of other
    mentors recorded meanwhile do not count.
    """
    if session.cancelled:
        raise ValidationError(_("The session was cancelled."))
    rows = Attendance.objects.select_for_update().filter(session=session).order_by("mentor_id")
    if mentors is not None:
        scope = set(mentors)
        if len(scope) > SHEET_MAX_POSTED:
            raise ValidationError(
                _("Record at most %(n)d mentors at a time.") % {"n": SHEET_MAX_POSTED}
            )
        rows = rows.filter(mentor_id__in=scope)
    locked = list(rows)
    invited = {row.mentor_id for row in locked}
    if (mentors is not None and invited != set(mentors)) or set(present) - invited:
        raise ValidationError(_("Some mentors are not invited to this session."))
    if shown is not None and any(
        row.mentor_id in shown and shown[row.mentor_id] != row.present for row in locked
    ):
        raise ValidationError(
            _(
                "Someone recorded the attendance of some of these mentors since you opened the "
                "page. Reload the page and record it again."
            ),
            code="stale",
        )
    for row in locked:
        row.present = row.mentor_id in present
    Attendance.objects.bulk_update(locked, ["present"])
    audit.log(
        "group_sessions.attendance.recorded",
        actor=actor,
        target=session,
        data={
            "present": sorted(set(present)),
            "recorded": len(locked),
            "whole_session": mentors is None,
        },
    )
    return locked


# --- Series -----------------------------------------------------------------------------------


def series_dates(
    *,
    weekday: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    occurrences: int | None = None,
) -> list[datetime.date]:
    """The dates of a weekly series: each ``weekday`` (0 Monday) from ``starts_on``, until
    ``ends_on`` (inclusive) or for ``occurrences`` weeks; exactly one of the two is given."""
    if not 0 <= weekday <= 6:
        raise ValidationError(_("Choose a weekday."))
    if (ends_on is None) == (occurrences is None):
        raise ValidationError(_("Give either an end date or a number of occurrences."))
    _check_year(starts_on)
    if ends_on is not None:
        _check_year(ends_on)
    first = starts_on + datetime.timedelta(days=(weekday - starts_on.weekday()) % 7)
    if occurrences is not None:
        if not 1 <= occurrences <= MAX_OCCURRENCES:
            raise ValidationError(
                _("A series has between 1 and %(max)d occurrences.") % {"max": MAX_OCCURRENCES}
            )
        return [first + datetime.timedelta(weeks=i) for i in range(occurrences)]
    assert ends_on is not None
    if ends_on < starts_on:
        raise ValidationError(_("The series cannot end before it starts."))
    dates = []
    day = first
    while day <= ends_on:
        dates.append(day)
        if len(dates) > MAX_OCCURRENCES:  # stop counting: the series is too long anyway
            raise ValidationError(
                _("A series has between 1 and %(max)d occurrences.") % {"max": MAX_OCCURRENCES}
            )
        day += datetime.timedelta(weeks=1)
    if not dates:
        raise ValidationError(_("No such weekday between these dates."))
    return dates


@transaction.atomic
def series_create(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    title: str,
    weekday: int,
    time: datetime.time,
    duration_minutes: int,
    mode: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    occurrences: int | None = None,
    facilitator: Any = None,
    place: str = "",
    agenda: str = "",
    mentors: Iterable[MentorProfile] | None = None,
    actor: Any,
) -> SessionSeries:
    """A weekly series and its sessions, at ``time`` in the program's time zone; each
    session invites ``mentors`` (default: every active mentor of the cohort)."""
    fields = {
        "kind": kind,
        "title": title,
        "agenda": agenda,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "facilitator": facilitator,
        "place": place,
    }
    _check_session_fields(program=program, cohort=cohort, fields=fields)
    dates = series_dates(
        weekday=weekday, starts_on=starts_on, ends_on=ends_on, occurrences=occurrences
    )
    invitees = _invitees(program=program, cohort=cohort, mentors=mentors)
    series = SessionSeries.objects.create(
        program=program,
        cohort=cohort,
        kind=kind,
        title=title,
        weekday=weekday,
        time=time,
        duration_minutes=duration_minutes,
        mode=mode,
        starts_on=starts_on,
        ends_on=ends_on,
        occurrences=occurrences,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    zone = timezone.get_default_timezone()
    for day in dates:
        starts_at = datetime.datetime.combine(day, time, tzinfo=zone)
        _new_session(
            program=program,
            cohort=cohort,
            series=series,
            starts_at=starts_at,
            invitees=invitees,
            **fields,
        )
    audit.log(
        "group_sessions.series.created",
        actor=actor,
        target=series,
        data={"weekday": weekday, "sessions": len(dates), "invited": len(invitees)},
    )
    return series


@transaction.atomic
def series_cancel_rest(*, series: SessionSeries, from_date: datetime.date, actor: Any) -> int:
    """Cancel the series' sessions on or after ``from_date`` that are still scheduled; the
    earlier ones stay as they are. Returns how many were cancelled."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(from_date, datetime.time.min, tzinfo=zone)
    count = GroupSession.objects.filter(
        series=series, starts_at__gte=start, status=GroupSession.Status.SCHEDULED
    ).update(
        status=GroupSession.Status.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
    )
    series.cancelled_from = from_date
    series.save(update_fields=["cancelled_from", "updated_at"])
    audit.log(
        "group_sessions.series.cancelled",
        actor=actor,
        target=series,
        data={"from": from_date.isoformat(), "cancelled": count},
    )
    return count


# --- Cases discussed --------------------------------------------------------------------------


@transaction.atomic
def case_add(*, session: GroupSession, visit: Visit, actor: Any) -> CaseDiscussed:
    """Bring ``visit`` to the session as a case. The visit's mentor must be invited and not
    marked absent; a mentor brings only their own visits, the facilitator and coordinators
    any attending mentor's."""
    if visit.program_id != session.program_id:
        raise ValidationError(_("The visit is not of this program."))
    manages = session.facilitator_id == actor.pk or has_role(
        actor, session.program, Role.COORDINATOR
    )
    if not manages and visit.mentor.user_id != actor.pk:
        raise PermissionDenied(_("Bring only your own visits as cases."))
    attendance = Attendance.objects.filter(session=session, mentor_id=visit.mentor_id).first()
    if attendance is None or attendance.present is False:
        raise ValidationError(_("Only visits of mentors attending the session can be discussed."))
    if CaseDiscussed.objects.filter(session=session, visit=visit).exists():
        raise ValidationError(_("This visit is already a case of the session."))
    case = CaseDiscussed.objects.create(
        session=session, visit=visit, added_by=actor if getattr(actor, "pk", None) else None
    )
    audit.log("group_sessions.case.added", actor=actor, target=session, data={"visit": visit.pk})
    return case


def case_remove(*, case: CaseDiscussed, actor: Any) -> None:
    """Unlink a case: who added it, the facilitator or a coordinator."""
    session = case.session
    if not (
        case.added_by_id == actor.pk
        or session.facilitator_id == actor.pk
        or has_role(actor, session.program, Role.COORDINATOR)
    ):
        raise PermissionDenied(_("Only who added the case or who runs the session removes it."))
    visit_id = case.visit_id
    case.delete()
    audit.log("group_sessions.case.removed", actor=actor, target=session, data={"visit": visit_id})


# --- Informal meetings ------------------------------------------------------------------------


@transaction.atomic
def informal_meeting_log(
    *,
    program: Program,
    logged_by: MentorProfile,
    participants: Collection[MentorProfile],
    met_on: datetime.date,
    mode: str,
    topic: str,
    learnt: str = "",
    cohort: Cohort | None = None,
    actor: Any,
) -> InformalMeeting:
    """Log an informal meeting of ``logged_by`` with peers (other mentors of the program).

    Without ``cohort`` the meeting is filed under the logger's cohort of the meeting's year,
    if they have one, so that it shows in that cohort's network.
    """
    if logged_by.program_id != program.pk:
        raise ValidationError(_("The mentor is not in this program."))
    peers = {m.pk: m for m in participants if m.pk != logged_by.pk}
    if not peers:
        raise ValidationError(_("Choose at least one peer you met."))
    if any(m.program_id != program.pk for m in peers.values()):
        raise ValidationError(_("Choose peers among the program's mentors."))
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choose how you met."))
    if met_on > timezone.localdate():
        raise ValidationError(_("The meeting date cannot be in the future."))
    if not topic.strip():
        raise ValidationError(_("Say what you talked about."))
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    if cohort is None:
        cohort = logged_by.cohorts.filter(year=met_on.year).order_by("name").first()
    meeting = InformalMeeting.objects.create(
        program=program,
        cohort=cohort,
        logged_by=logged_by,
        met_on=met_on,
        mode=mode,
        topic=topic.strip(),
        learnt=learnt,
    )
    meeting.participants.set([logged_by, *peers.values()])
    audit.log(
        "group_sessions.informal_meeting.logged",
        actor=actor,
        target=meeting,
        data={"participants": sorted([logged_by.pk, *peers]), "mode": mode},
    )
    return meeting


@transaction.atomic
def session_meeting_set(
    *, session: GroupSession, data: Mapping[str, Any], actor: Any
) -> GroupSession:
    """Save how participants join the session: platform, https join link, meeting ID, passcode
    and dial-in numbers (``common.meetings``)."""
    values = meeting_values(dict(data))
    for name, value in values.items():
        setattr(session, name, value)
    session.save(update_fields=[*values, "updated_at"])
    audit.log(
        "group_sessions.meeting.set",
        actor=actor,
        target=session,
        data={"platform": session.meeting_platform, "link": bool(session.join_url)},
    )
    return session
