"""Virtual delivery of training sessions: the meeting, breakout rooms (names, links, Zoom's
pre-assignment file, the generic list, the room email) and attendance from a video
platform's participants report (read, previewed, confirmed). See
docs/subsystems/virtual-delivery.md.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.exports import csv_lines
from acompana.common.meetings import jitsi_room_url, meeting_values
from acompana.common.spreadsheets import (
    Limits,
    SpreadsheetError,
    decode,
    normalize_header,
    read_table,
)
from acompana.people.models import MentorProfile
from acompana.people.selectors import with_novice_in
from acompana.training.models import Attendance, BreakoutGroup, TrainingSession
from acompana.training.selectors import session_mentors
from acompana_core import platform_reports as reports

_SECTION = re.compile(r"^\d+\.\s+\w")
ZOOM_MAX_ROOMS = 100
ZOOM_MAX_PARTICIPANTS = 1000
ZOOM_HEADER = ("Pre-assign Room Name", "Email Address")
ROOMS_HEADER_KEYS = ("room", "name", "email", "role", "experience", "region")
MAX_ROOM_NAME = 60
REPORT_MAX_ROWS = 20_000  # rows of one participants report (reconnections included)
REPORT_MAX_BYTES = 5 * 1024 * 1024
MIN_MINUTES_DEFAULT = 60
EMAIL_TEMPLATE = "training/email/room.txt"


# --- The meeting ------------------------------------------------------------------------------


@transaction.atomic
def session_meeting_set(
    *, session: TrainingSession, data: Mapping[str, Any], actor: Any
) -> TrainingSession:
    """Save the session's meeting (platform, https join link, meeting ID, passcode, dial-in)."""
    values = meeting_values(dict(data))
    for name, value in values.items():
        setattr(session, name, value)
    session.full_clean(exclude=["plan", "trainer", "title", "module", "modality", "starts_at"])
    session.save(update_fields=[*values, "updated_at"])
    audit.log(
        "training.meeting.set",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"platform": session.meeting_platform, "link": bool(session.join_url)},
    )
    return session


@transaction.atomic
def rooms_create_jitsi(*, session: TrainingSession, base: str, actor: Any) -> int:
    """Give the session and each of its breakout rooms a new unguessable Jitsi room on the
    server at ``base``; returns how many links were made."""
    session.meeting_platform = "jitsi"
    session.join_url = jitsi_room_url(base)
    session.save(update_fields=["meeting_platform", "join_url", "updated_at"])
    groups = list(BreakoutGroup.objects.filter(session=session))
    for group in groups:
        group.join_url = jitsi_room_url(base)
    BreakoutGroup.objects.bulk_update(groups, ["join_url"])
    audit.log(
        "training.rooms.jitsi",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"rooms": len(groups)},
    )
    return len(groups) + 1


# --- Breakout rooms ---------------------------------------------------------------------------


@transaction.atomic
def room_rename(*, group: BreakoutGroup, name: str, actor: Any) -> BreakoutGroup:
    """Rename a breakout room (empty: back to "Room N"). Names are unique in the session, at
    most 60 characters, and cannot start with a character a spreadsheet reads as a formula."""
    name = " ".join(name.split())
    if len(name) > MAX_ROOM_NAME:
        raise ValidationError(
            _("Keep the room name under %(n)d characters.") % {"n": MAX_ROOM_NAME}
        )
    if name.startswith(("=", "+", "-", "@")):
        raise ValidationError(_("A room name cannot start with =, +, - or @."))
    if (
        name
        and BreakoutGroup.objects.filter(session_id=group.session_id, name__iexact=name)
        .exclude(pk=group.pk)
        .exists()
    ):
        raise ValidationError(_("Another room of this session has that name."))
    group.name = name
    group.save(update_fields=["name"])
    audit.log(
        "training.rooms.renamed",
        actor=actor,
        target=group.session,
        program=group.session.plan.program,
        data={"group": group.number, "name": name},
    )
    return group


@dataclass(frozen=True)
class RoomMember:
    room: str
    number: int
    link: str
    mentor: MentorProfile


def room_members(*, session: TrainingSession) -> list[RoomMember]:
    """Every member of the session's rooms, room by room then by code (two queries)."""
    members = with_novice_in(
        MentorProfile.objects.select_related("user", "region").order_by("code"),
        cohort=session.plan.cohort,
    )
    groups = (
        BreakoutGroup.objects.filter(session=session)
        .order_by("number")
        .prefetch_related(_members_prefetch(members))
    )
    return [
        RoomMember(room=g.room_name, number=g.number, link=g.join_url, mentor=m)
        for g in groups
        for m in g.member_list  # type: ignore[attr-defined]
    ]


def _members_prefetch(queryset: Any) -> Any:
    from django.db.models import Prefetch

    return Prefetch("members", queryset=queryset, to_attr="member_list")


def zoom_rooms_rows(*, session: TrainingSession) -> list[tuple[str, str]]:
    """The rows of Zoom's breakout-room pre-assignment file: (room name, email), one per
    participant. Raises ValidationError beyond Zoom's limits (100 rooms, 1,000 participants),
    or when a participant has no email address."""
    rooms = BreakoutGroup.objects.filter(session=session).count()
    if rooms == 0:
        raise ValidationError(_("Form the breakout groups first."))
    if rooms > ZOOM_MAX_ROOMS:
        raise ValidationError(
            _("Zoom pre-assigns at most %(max)s rooms; this session has %(n)s.")
            % {"max": number_format(ZOOM_MAX_ROOMS), "n": number_format(rooms)}
        )
    through = BreakoutGroup.members.through
    people = through.objects.filter(breakoutgroup__session=session).count()
    if people > ZOOM_MAX_PARTICIPANTS:
        raise ValidationError(
            _(
                "Zoom pre-assigns at most %(max)s participants; this session's rooms hold "
                "%(n)s. Split the session or assign the rest in Zoom."
            )
            % {
                "max": number_format(ZOOM_MAX_PARTICIPANTS, force_grouping=True),
                "n": number_format(people, force_grouping=True),
            }
        )
    rows = [(m.room, m.mentor.user.email.strip()) for m in room_members(session=session)]
    missing = [m for _room, m in rows if not m]
    if missing:
        raise ValidationError(
            _("%(n)d participants have no email address; Zoom needs one for each.")
            % {"n": len(missing)}
        )
    return rows


def zoom_rooms_csv(*, session: TrainingSession) -> str:
    """Zoom's pre-assignment CSV: exactly two columns, UTF-8 (with the byte-order mark that
    spreadsheet programs' "CSV UTF-8" writes, as the other downloads)."""
    return "".join(csv_lines(ZOOM_HEADER, zoom_rooms_rows(session=session)))


def rooms_table(*, session: TrainingSession) -> tuple[list[str], list[list[Any]]]:
    """The generic list of rooms: room, name, email, role, novice/experienced, region."""
    header = [_("Room"), _("Name"), _("Email"), _("Role"), _("Experience"), _("Region")]
    rows = [
        [
            m.room,
            m.mentor.user.get_full_name(),
            m.mentor.user.email,
            _("Mentor"),
            _("Novice") if getattr(m.mentor, "novice_in_cohort", False) else _("Experienced"),
            m.mentor.region.name if m.mentor.region_id else "",
        ]
        for m in room_members(session=session)
    ]
    return header, rows


def rooms_notify(*, session: TrainingSession, actor: Any) -> int:
    """Email each member of the session's rooms their room, its link and the session's
    link, in their language; returns the emails sent."""
    messages = []
    for member in room_members(session=session):
        user = member.mentor.user
        if not user.email:
            continue
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            text = render_to_string(
                EMAIL_TEMPLATE, {"session": session, "member": member, "user": user}
            ).strip()
        subject, _sep, body = text.partition("\n")
        messages.append(mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email]))
    with mail.get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    audit.log(
        "training.rooms.notified",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"emails": sent},
    )
    return sent


# --- Attendance from the platform's report ----------------------------------------------------


@dataclass
class PlatformReport:
    format: str  # a format of acompana_core.platform_reports, or "mapped"
    header: list[str]
    rows: list[reports.ReportRow]


def _decoded(content: bytes) -> bytes:
    """UTF-8 bytes of the report (Teams writes UTF-16 with tabs), from its participants
    table when the file starts with a summary (Zoom's meeting line, Teams' sections)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file cannot be read as text.")) from exc
    elif content.startswith(b"PK\x03\x04"):
        return content
    else:
        text = decode(content)
    lines = text.splitlines()
    for index, line in enumerate(lines[:60]):
        delimiter = max((";", ",", "\t"), key=line.count)
        header = [normalize_header(c.strip().strip('"')) for c in line.split(delimiter)]
        if reports.recognise(header):
            end = len(lines)
            for later in range(index + 1, len(lines)):
                if _SECTION.match(lines[later].strip(' \t"')):
                    end = later  # Teams' next section ("3. In-Meeting Activities")
                    break
            lines = lines[index:end]
            break
    return "\n".join(lines).encode("utf-8")


def attendance_report_read(
    *, content: bytes, filename: str = "", mapping: Mapping[str, str] | None = None
) -> PlatformReport:
    """Read a participants report. A known format (Zoom, Meet, Teams) is read by its columns;
    any other needs ``mapping`` (columns of "name", "email", "duration"), else the report
    comes back with its header and no rows, for the mapping page.

    Raises ValidationError (a list: one message per row that cannot be read, with its line)."""
    if len(content) > REPORT_MAX_BYTES:
        raise ValidationError(_("The report is too large: at most 5 MB."))
    limits = Limits.from_settings()
    limits = Limits(
        max_bytes=min(limits.max_bytes, REPORT_MAX_BYTES),
        max_rows=min(limits.max_rows, REPORT_MAX_ROWS),
        max_columns=limits.max_columns,
        max_cell_chars=min(limits.max_cell_chars, 500),
        max_unzipped_bytes=limits.max_unzipped_bytes,
        max_compression_ratio=limits.max_compression_ratio,
    )
    try:
        table = read_table(_decoded(content), filename, limits=limits)
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from exc
    with table:
        fmt = reports.recognise(table.header)
        if fmt is None and mapping:
            unknown = [c for c in mapping.values() if c and c not in table.header]
            if unknown:
                raise ValidationError(_("The report has no column %(c)s.") % {"c": unknown[0]})
            fmt = reports.MAPPED
        if fmt is None:
            return PlatformReport(format="", header=table.header, rows=[])
        try:
            rows, errors = reports.read_rows(fmt, table.rows(), mapping=mapping)
        except reports.ReportError as exc:
            raise ValidationError(_("Choose the columns of the name and of the duration.")) from exc
    if errors:
        raise ValidationError(
            [
                _("Line %(line)d: %(message)s") % {"line": e.line, "message": e.message}
                for e in errors[:50]
            ]
        )
    if not rows:
        raise ValidationError(_("The report has no participants."))
    return PlatformReport(format=reports.family(fmt), header=table.header, rows=rows)


@dataclass
class ImportLine:
    mentor: MentorProfile
    minutes: int | None
    status: str
    matched_by: str  # "email", "name", "assigned" or "" (not in the report)


@dataclass
class ImportPreview:
    lines: list[ImportLine]
    unmatched: list[reports.Unmatched]
    min_minutes: int
    counts: dict[str, int] = field(default_factory=dict)


def _people(mentors: Sequence[MentorProfile]) -> list[reports.Person]:
    return [
        reports.Person(id=m.pk, name=m.user.get_full_name(), email=m.user.email) for m in mentors
    ]


def attendance_import_preview(
    *,
    session: TrainingSession,
    rows: Sequence[reports.ReportRow],
    min_minutes: int = MIN_MINUTES_DEFAULT,
    assignments: Mapping[str, int | None] | None = None,
) -> ImportPreview:
    """What confirming the report would record: each invited mentor's minutes and status,
    and the report's connections that match nobody. ``assignments`` maps an unmatched
    connection's key to an invited mentor's id (or None: ignore it). Writes nothing."""
    if not 1 <= min_minutes <= 24 * 60:
        raise ValidationError(_("The minimum is between 1 and 1,440 minutes."))
    mentors = list(session_mentors(session=session))
    matching = reports.match(rows, _people(mentors))
    assignments = dict(assignments or {})
    by_id = {m.pk: m for m in mentors}
    assigned: set[int] = set()
    unmatched = []
    for entry in matching.unmatched:
        if entry.key not in assignments:
            unmatched.append(entry)
            continue
        target = assignments[entry.key]
        if target is None:
            continue
        if target not in by_id:
            raise ValidationError(_("Some mentors are not invited to this session."))
        matching.minutes[target] = matching.minutes.get(target, 0.0) + entry.minutes
        assigned.add(target)
    lines = []
    counts = {reports.PRESENT: 0, reports.PARTIAL: 0, reports.ABSENT: 0}
    for mentor in mentors:
        total = matching.minutes.get(mentor.pk)
        status = reports.status_for(total, min_minutes)
        counts[status] += 1
        how = "assigned" if mentor.pk in assigned else matching.by.get(mentor.pk, "")
        lines.append(
            ImportLine(
                mentor=mentor,
                minutes=round(total) if total is not None else None,
                status=status,
                matched_by=how,
            )
        )
    return ImportPreview(lines=lines, unmatched=unmatched, min_minutes=min_minutes, counts=counts)


@transaction.atomic
def attendance_import_confirm(
    *,
    session: TrainingSession,
    rows: Sequence[reports.ReportRow],
    min_minutes: int = MIN_MINUTES_DEFAULT,
    assignments: Mapping[str, int | None] | None = None,
    expected_version: int | None = None,
    platform: str = "",
    actor: Any,
) -> ImportPreview:
    """Record the report's attendance for every invited mentor (present from ``min_minutes``
    connected, partial below, absent when not connected) with their connection minutes.
    All or nothing; refused when the session's attendance changed since ``expected_version``
    or while connections of the report are neither assigned nor ignored."""
    locked = (
        TrainingSession.objects.select_for_update().only("attendance_version").get(pk=session.pk)
    )
    if expected_version is not None and locked.attendance_version != expected_version:
        raise ValidationError(
            _(
                "Someone recorded the attendance of this session since you opened the "
                "page. Reload the page and import the report again."
            ),
            code="stale",
        )
    preview = attendance_import_preview(
        session=session, rows=rows, min_minutes=min_minutes, assignments=assignments
    )
    if preview.unmatched:
        raise ValidationError(
            _("Assign or ignore every connection that matches no mentor (%(n)d left).")
            % {"n": len(preview.unmatched)},
            code="unmatched",
        )
    version = locked.attendance_version + 1
    records = [
        Attendance(
            session=session,
            mentor_id=line.mentor.pk,
            present=line.status == reports.PRESENT,
            status=line.status,
            connection_minutes=line.minutes or 0,
            recorded_in=version,
        )
        for line in preview.lines
    ]
    Attendance.objects.bulk_create(
        records,
        update_conflicts=True,
        unique_fields=["session", "mentor"],
        update_fields=["present", "status", "connection_minutes", "recorded_in"],
    )
    TrainingSession.objects.filter(pk=session.pk).update(attendance_version=version)
    session.attendance_version = version
    audit.log(
        "training.attendance.imported",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={
            "platform": platform,
            "rows": len(rows),
            "min_minutes": min_minutes,
            "version": version,
            **preview.counts,
        },
    )
    if session.plan.induction and records:
        from acompana.training.services import readiness_from_attendance

        readiness_from_attendance(
            cohort=session.plan.cohort, mentor_ids=[r.mentor_id for r in records]
        )
    return preview
