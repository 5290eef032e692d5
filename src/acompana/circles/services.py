"""Writes for circles: the circle and its members, meetings and their shared record
(attendance, commitments per member), private notes, goals and their progress.

Every action is audited under ``circles.*`` (a private note's text never goes into the audit
log). Services check the relations between records; who may call them is decided by the
permission-checked getters in ``selectors``.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.circles.models import (
    Attendance,
    Circle,
    Commitment,
    Goal,
    GoalProgress,
    Kind,
    Meeting,
    Member,
    PrivateNote,
    validate_shape,
)
from acompana.circles.selectors import facilitator_user_id
from acompana.common import audit
from acompana.common.choices import MeetingMode
from acompana.frameworks.models import Competency
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Cohort, Program

MAX_TEXT = 20_000  # characters of a summary, what was agreed, a private note
MAX_COMMITMENTS = 50  # new commitments recorded at once
MIN_YEAR, MAX_YEAR = 2000, 2100


class StaleVersion(ValidationError):
    """Someone saved the record since the version the editor started from."""

    def __init__(self) -> None:
        super().__init__(
            _("Someone else saved this in the meantime. Reload the page and try again."),
            code="stale",
        )


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise StaleVersion()


def _check_text(value: str, label: str, limit: int = MAX_TEXT) -> None:
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s is longer than %(limit)d characters.") % {"field": label, "limit": limit},
            code="length",
        )


# --- Circles ----------------------------------------------------------------------------------


def _check_members(*, program: Program, cohort: Cohort, mentees: Sequence[MenteeProfile]) -> None:
    if len({m.pk for m in mentees}) != len(mentees):
        raise ValidationError(_("A teacher is listed twice."), code="members")
    if any(m.program_id != program.pk for m in mentees):
        raise ValidationError(_("Members must be mentees of this program."), code="members")
    in_cohort = set(
        MenteeProfile.objects.filter(pk__in=[m.pk for m in mentees], cohorts=cohort).values_list(
            "pk", flat=True
        )
    )
    if len(in_cohort) != len(mentees):
        raise ValidationError(_("Members must be mentees of the circle's cohort."), code="members")


def _check_circle(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    name: str,
    status: str,
    mentor: MentorProfile | None,
    mentees: Sequence[MenteeProfile],
) -> None:
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."), code="cohort")
    if not name.strip() or len(name) > 200:
        raise ValidationError(_("Give the circle a name (up to 200 characters)."), code="name")
    if status not in Circle.Status.values:
        raise ValidationError(_("Choose the circle's status."), code="status")
    if mentor is not None and mentor.program_id != program.pk:
        raise ValidationError(_("The mentor is not in this program."), code="mentor")
    validate_shape(
        kind=kind,
        has_mentor=mentor is not None,
        size=len(mentees),
        active=status == Circle.Status.ACTIVE,
    )
    _check_members(program=program, cohort=cohort, mentees=mentees)


@transaction.atomic
def circle_create(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    name: str,
    mentees: Sequence[MenteeProfile],
    mentor: MentorProfile | None = None,
    purpose: str = "",
    status: str = Circle.Status.DRAFT,
    actor: Any,
) -> Circle:
    """Create a circle of ``cohort`` with ``mentees`` as its members (see ``validate_shape``)."""
    _check_circle(
        program=program,
        cohort=cohort,
        kind=kind,
        name=name,
        status=status,
        mentor=mentor,
        mentees=mentees,
    )
    _check_text(purpose, _("Purpose"))
    circle = Circle.objects.create(
        program=program,
        cohort=cohort,
        kind=kind,
        name=name.strip(),
        purpose=purpose,
        status=status,
        mentor=mentor,
        created_by=actor,
    )
    today = timezone.localdate()
    Member.objects.bulk_create(Member(circle=circle, mentee=m, joined_on=today) for m in mentees)
    audit.log(
        "circles.circle.created",
        actor=actor,
        target=circle,
        data={"kind": kind, "members": [m.pk for m in mentees], "status": status},
    )
    return circle


@transaction.atomic
def circle_update(
    *,
    circle: Circle,
    name: str,
    status: str,
    mentees: Sequence[MenteeProfile],
    mentor: MentorProfile | None = None,
    purpose: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> Circle:
    """Change a circle's name, purpose, status, mentor and members. Members no longer listed
    leave it today (their meetings stay); refused if someone saved the circle since
    ``expected_version``."""
    locked = Circle.objects.select_for_update().get(pk=circle.pk)
    _check_version(locked.version, expected_version)
    _check_circle(
        program=circle.program,
        cohort=circle.cohort,
        kind=circle.kind,
        name=name,
        status=status,
        mentor=mentor,
        mentees=mentees,
    )
    _check_text(purpose, _("Purpose"))
    today = timezone.localdate()
    wanted = {m.pk for m in mentees}
    current = {m.mentee_id: m for m in Member.objects.filter(circle=circle).select_for_update()}
    left = [pk for pk, m in current.items() if pk not in wanted and m.left_on is None]
    Member.objects.filter(circle=circle, mentee_id__in=left).update(left_on=today)
    rejoined = [pk for pk in wanted if pk in current and current[pk].left_on is not None]
    Member.objects.filter(circle=circle, mentee_id__in=rejoined).update(left_on=None)
    joined = [pk for pk in wanted if pk not in current]
    Member.objects.bulk_create(
        Member(circle=circle, mentee_id=pk, joined_on=today) for pk in joined
    )
    circle.name, circle.purpose, circle.status = name.strip(), purpose, status
    circle.mentor = mentor
    circle.version = locked.version + 1
    circle.save(update_fields=["name", "purpose", "status", "mentor", "version", "updated_at"])
    audit.log(
        "circles.circle.updated",
        actor=actor,
        target=circle,
        data={"joined": joined + rejoined, "left": left, "status": status},
    )
    return circle


# --- Meetings ---------------------------------------------------------------------------------


def _check_meeting_fields(
    *, starts_at: datetime.datetime, duration_minutes: int, mode: str, place: str
) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The meeting time needs a time zone."), code="starts_at")
    if not MIN_YEAR <= starts_at.year <= MAX_YEAR:
        raise ValidationError(
            _("Choose a date between %(first)d and %(last)d.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
            code="starts_at",
        )
    if not 0 < duration_minutes <= 24 * 60:
        raise ValidationError(_("A meeting lasts between one minute and a day."), code="duration")
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choose how the circle meets."), code="mode")
    if len(place) > 300:
        raise ValidationError(_("The place or link is too long."), code="place")


def _facilitators(
    *, circle: Circle, member: MenteeProfile | None
) -> tuple[MentorProfile | None, MenteeProfile | None]:
    """The facilitator fields of a meeting of ``circle``: its mentor for a mentoring circle;
    ``member`` (a current member) for a peer or reciprocal one."""
    if circle.kind == Kind.MENTORING:
        if member is not None:
            raise ValidationError(
                _("The mentor facilitates a mentoring circle."), code="facilitator"
            )
        return circle.mentor, None
    if (
        member is None
        or not Member.objects.filter(circle=circle, mentee=member, left_on__isnull=True).exists()
    ):
        raise ValidationError(
            _("The facilitator must be a member of the circle."), code="facilitator"
        )
    return None, member


@transaction.atomic
def meeting_create(
    *,
    circle: Circle,
    starts_at: datetime.datetime,
    mode: str,
    duration_minutes: int = 90,
    place: str = "",
    facilitator: MenteeProfile | None = None,
    actor: Any,
) -> Meeting:
    """Plan a meeting of ``circle``; every current member is expected (attendance not yet
    taken). ``facilitator`` is the member whose turn it is (peer and reciprocal circles)."""
    if circle.status == Circle.Status.CLOSED:
        raise ValidationError(_("The circle is closed."), code="closed")
    _check_meeting_fields(
        starts_at=starts_at, duration_minutes=duration_minutes, mode=mode, place=place
    )
    by_mentor, by_member = _facilitators(circle=circle, member=facilitator)
    meeting = Meeting.objects.create(
        circle=circle,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        facilitator_mentor=by_mentor,
        facilitator_member=by_member,
    )
    members = Member.objects.filter(circle=circle, left_on__isnull=True).values_list(
        "mentee_id", flat=True
    )
    Attendance.objects.bulk_create(Attendance(meeting=meeting, mentee_id=pk) for pk in members)
    audit.log(
        "circles.meeting.planned",
        actor=actor,
        target=meeting,
        program=circle.program,
        data={"circle": circle.pk, "starts_at": starts_at.isoformat()},
    )
    return meeting


@dataclass(frozen=True)
class NewCommitment:
    mentee_id: int
    text: str
    due_on: datetime.date | None = None


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    status: str,
    summary: str = "",
    agreed: str = "",
    cancel_reason: str = "",
    attendance: Mapping[int, bool | None] | None = None,
    commitments: Iterable[NewCommitment] = (),
    facilitator: MenteeProfile | None = None,
    details: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    actor: Any,
) -> Meeting:
    """Record a meeting: its status (a cancellation gives its reason), the shared record
    (summary, what was agreed), attendance by member id and new commitments of members, all
    or nothing. ``details`` corrects what was planned (``starts_at``, ``duration_minutes``,
    ``mode``, ``place``: the hours counted are the duration recorded). Refused if someone
    saved the meeting since ``expected_version``."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_version(locked.version, expected_version)
    circle = meeting.circle
    if circle.status == Circle.Status.CLOSED:
        raise ValidationError(_("The circle is closed."), code="closed")
    if status not in Meeting.Status.values:
        raise ValidationError(_("Choose the meeting's status."), code="status")
    cancel_reason = cancel_reason.strip()
    if status == Meeting.Status.CANCELLED and not cancel_reason:
        raise ValidationError(_("Say why the meeting was cancelled."), code="cancel_reason")
    if len(cancel_reason) > 300:
        raise ValidationError(_("The reason is too long."), code="cancel_reason")
    _check_text(summary, _("Summary"))
    _check_text(agreed, _("What was agreed"))
    new = list(commitments)
    if len(new) > MAX_COMMITMENTS:
        raise ValidationError(
            _("Record at most %(n)d commitments at once.") % {"n": MAX_COMMITMENTS},
            code="commitments",
        )
    expected = set(Attendance.objects.filter(meeting=meeting).values_list("mentee_id", flat=True))
    marks = dict(attendance or {})
    if set(marks) - expected:
        raise ValidationError(_("Attendance is taken of the circle's members only."))
    for item in new:
        if item.mentee_id not in expected:
            raise ValidationError(_("Commitments are made by members of the circle."))
        if not item.text.strip() or len(item.text) > 500:
            raise ValidationError(_("A commitment has a text of up to 500 characters."))
    if circle.kind != Kind.MENTORING and facilitator is not None:
        meeting.facilitator_mentor, meeting.facilitator_member = _facilitators(
            circle=circle, member=facilitator
        )
    for present in (True, False, None):
        ids = [pk for pk, mark in marks.items() if mark is present]
        if ids:
            Attendance.objects.filter(meeting=meeting, mentee_id__in=ids).update(present=present)
    Commitment.objects.bulk_create(
        Commitment(meeting=meeting, mentee_id=c.mentee_id, text=c.text.strip(), due_on=c.due_on)
        for c in new
    )
    planned: dict[str, Any] = {
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "place": meeting.place,
    }
    planned.update({k: v for k, v in (details or {}).items() if k in planned and v is not None})
    _check_meeting_fields(**planned)
    for name, value in planned.items():
        setattr(meeting, name, value)
    meeting.status, meeting.summary, meeting.agreed = status, summary, agreed
    meeting.cancel_reason = cancel_reason if status == Meeting.Status.CANCELLED else ""
    meeting.recorded_by = actor
    meeting.version = locked.version + 1
    meeting.save(
        update_fields=[
            "status",
            "summary",
            "agreed",
            "cancel_reason",
            "recorded_by",
            "facilitator_mentor",
            "facilitator_member",
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "version",
            "updated_at",
        ]
    )
    audit.log(
        "circles.meeting.recorded",
        actor=actor,
        target=meeting,
        program=circle.program,
        data={"status": status, "commitments": len(new), "version": meeting.version},
    )
    return meeting


def commitment_close(*, commitment: Commitment, status: str, actor: Any) -> Commitment:
    """Mark a member's commitment done or dropped (or open again): by the member themselves
    or by the meeting's facilitator."""
    if status not in Commitment.Status.values:
        raise ValidationError(_("Choose the commitment's status."), code="status")
    meeting = commitment.meeting
    if actor.pk not in (commitment.mentee.user_id, facilitator_user_id(meeting)):
        raise PermissionDenied
    commitment.status = status
    closed = status != Commitment.Status.OPEN
    commitment.closed_at = timezone.now() if closed else None
    commitment.closed_by = actor if closed else None
    commitment.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit.log(
        "circles.commitment.closed",
        actor=actor,
        target=commitment,
        program=meeting.circle.program,
        data={"status": status},
    )
    return commitment


# --- Private notes ----------------------------------------------------------------------------


@transaction.atomic
def private_note_save(
    *, meeting: Meeting, author: Any, text: str, expected_version: int | None = None
) -> PrivateNote:
    """Save ``author``'s own private note on ``meeting`` (created on first save). The audit
    entry records that a note was saved, never its text."""
    _check_text(text, _("Private note"))
    note, _created = PrivateNote.objects.select_for_update().get_or_create(
        meeting=meeting, author=author
    )
    _check_version(note.version, expected_version)
    note.text = text
    note.version += 1
    note.save(update_fields=["text", "version", "updated_at"])
    audit.log(
        "circles.private_note.saved",
        actor=author,
        program=meeting.circle.program,
        data={"meeting": meeting.pk},
    )
    return note


# --- Goals ------------------------------------------------------------------------------------


def goal_create(
    *,
    circle: Circle,
    title: str,
    success_criteria: str = "",
    competency: Competency | None = None,
    target_date: datetime.date | None = None,
    actor: Any,
) -> Goal:
    """A goal the circle sets together; ``competency`` is a strand of the program's
    framework."""
    if not title.strip() or len(title) > 255:
        raise ValidationError(_("Give the goal a title (up to 255 characters)."), code="title")
    _check_text(success_criteria, _("Success criteria"))
    framework_id = circle.program.framework_id
    if competency is not None and (
        framework_id is None
        or not Competency.objects.filter(
            pk=competency.pk, domain__framework_id=framework_id
        ).exists()
    ):
        raise ValidationError(_("The strand is not of the program's framework."), code="strand")
    goal = Goal.objects.create(
        circle=circle,
        title=title.strip(),
        success_criteria=success_criteria,
        competency=competency,
        target_date=target_date,
        created_by=actor,
    )
    audit.log("circles.goal.created", actor=actor, target=goal, program=circle.program)
    return goal


def goal_progress_add(
    *,
    goal: Goal,
    percent: int,
    note: str = "",
    recorded_on: datetime.date | None = None,
    actor: Any,
) -> GoalProgress:
    """A progress update on a circle goal, by a member or the mentor (never edited)."""
    if not 0 <= percent <= 100:
        raise ValidationError(_("Progress is between 0 and 100%."), code="percent")
    _check_text(note, _("Note"), 2000)
    today = timezone.localdate()
    recorded_on = recorded_on or today
    if recorded_on > today:
        raise ValidationError(_("The date cannot be in the future."), code="recorded_on")
    progress = GoalProgress.objects.create(
        goal=goal, percent=percent, note=note, recorded_on=recorded_on, author=actor
    )
    audit.log(
        "circles.goal.progress",
        actor=actor,
        target=goal,
        program=goal.circle.program,
        data={"percent": percent},
    )
    return progress
