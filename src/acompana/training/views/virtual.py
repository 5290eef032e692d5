"""A training session held at a distance: its meeting, breakout rooms (names, links, the
Zoom file, the generic list, the facilitator's sheet, the email) and attendance from the
platform's participants report (upload, preview, confirm)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acompana.common.exports import table_response
from acompana.common.forms import MeetingJoinForm
from acompana.common.views import validation_failed
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import virtual
from acompana.training.models import BreakoutGroup, TrainingSession
from acompana.training.selectors import breakout_groups, get_session_for_user
from acompana.training.virtual_forms import JitsiForm, RenameRoomForm, ReportForm
from acompana_core.platform_reports import ReportRow

REPORT_KEY = "training-report-%d"  # the parsed report waiting for confirmation, per session


def _managed(request: HttpRequest, slug: str, pk: int) -> tuple[Program, TrainingSession]:
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    return program, session


def _rooms_url(slug: str, pk: int) -> str:
    return reverse("training:rooms", args=[slug, pk])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit the session's meeting: platform, join link, meeting ID, passcode, dial-in."""
    program, session = _managed(request, slug, pk)
    initial = {name: getattr(session, name) for name in session.MEETING_FIELDS}
    form = MeetingJoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            virtual.session_meeting_set(session=session, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(reverse("training:session", args=[slug, pk]) + "#meeting")
    context = {"program": program, "session": session, "form": form}
    return render(request, "training/session_meeting.html", context)


@login_required
@require_safe
def rooms(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The session's breakout rooms: names, links, members; downloads and the email."""
    program, session = _managed(request, slug, pk)
    context: dict[str, Any] = {
        "program": program,
        "session": session,
        "groups": breakout_groups(session=session),
        "jitsi_form": JitsiForm(initial={"base": program.jitsi_url}),
        "zoom_max_rooms": number_format(virtual.ZOOM_MAX_ROOMS),
        "zoom_max_participants": number_format(virtual.ZOOM_MAX_PARTICIPANTS, force_grouping=True),
    }
    return render(request, "training/rooms.html", context)


@login_required
@require_POST
def room_rename(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _program, session = _managed(request, slug, pk)
    form = RenameRoomForm(request.POST)
    if form.is_valid():
        group = BreakoutGroup.objects.filter(
            session=session, number=form.cleaned_data["number"]
        ).first()
        if group is None:
            messages.error(request, _("There is no group with that number."))
        else:
            try:
                virtual.room_rename(group=group, name=form.cleaned_data["name"], actor=request.user)
            except ValidationError as exc:
                validation_failed(request, exc)
            else:
                messages.success(request, _("Room renamed."))
    else:
        messages.error(request, _("Keep the room name under 60 characters."))
    return redirect(_rooms_url(slug, pk))


@login_required
@require_POST
def rooms_jitsi(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Create a new unguessable Jitsi room for the session and each breakout room."""
    _program, session = _managed(request, slug, pk)
    form = JitsiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a web address starting https://."))
        return redirect(_rooms_url(slug, pk))
    try:
        count = virtual.rooms_create_jitsi(
            session=session, base=form.cleaned_data["base"], actor=request.user
        )
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _("%(n)d room links made.") % {"n": count})
    return redirect(_rooms_url(slug, pk))


@login_required
@require_safe
def rooms_zoom(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Zoom's breakout-room pre-assignment CSV, or the rooms page with the reason it cannot
    be made (over Zoom's limits, a participant without email)."""
    _program, session = _managed(request, slug, pk)
    try:
        text = virtual.zoom_rooms_csv(session=session)
    except ValidationError as exc:
        validation_failed(request, exc)
        return redirect(_rooms_url(slug, pk))
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zoom-rooms-session-{pk}.csv"'
    return response


@login_required
@require_safe
def rooms_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The rooms as a list (room, name, email, role, experience, region): CSV or XLSX."""
    _program, session = _managed(request, slug, pk)
    header, rows = virtual.rooms_table(session=session)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return table_response(header, rows, filename=f"rooms-session-{pk}", fmt=fmt)


@login_required
@require_safe
def rooms_sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The facilitator's sheet: one printed page per room (who, their profile in one line,
    the session's activity)."""
    program, session = _managed(request, slug, pk)
    context = {"program": program, "session": session, "groups": breakout_groups(session=session)}
    return render(request, "training/rooms_sheet.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rooms_email(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Email every member their room and links: how many first, then the sending."""
    program, session = _managed(request, slug, pk)
    if request.method == "POST":
        sent = virtual.rooms_notify(session=session, actor=request.user)
        messages.success(request, _("%(n)d emails sent.") % {"n": sent})
        return redirect(_rooms_url(slug, pk))
    members = virtual.room_members(session=session)
    context = {
        "program": program,
        "session": session,
        "recipients": sum(1 for m in members if m.mentor.user.email),
        "rooms": len({m.number for m in members}),
    }
    return render(request, "training/rooms_email.html", context)


def _stored_rows(request: HttpRequest, session: TrainingSession) -> list[ReportRow] | None:
    stored = request.session.get(REPORT_KEY % session.pk)
    if not stored:
        return None
    return [ReportRow(*row) for row in stored["rows"]]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload a participants report; a report of an unknown platform asks for its columns."""
    program, session = _managed(request, slug, pk)
    columns = None
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            report = virtual.attendance_report_read(
                content=upload.read(), filename=upload.name, mapping=form.mapping()
            )
        except ValidationError as exc:
            form.add_error("report", exc)
        else:
            if report.format:
                request.session[REPORT_KEY % session.pk] = {
                    "rows": [[r.line, r.name, r.email, r.minutes] for r in report.rows],
                    "format": report.format,
                    "min_minutes": form.cleaned_data["min_minutes"],
                    "version": session.attendance_version,
                }
                return redirect(reverse("training:attendance_preview", args=[slug, pk]))
            columns = report.header
            form = ReportForm(request.POST, columns=columns)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "This report's columns are not those of Zoom, Meet or Teams. Choose the "
                    "columns of the name, the email and the minutes, and send the file again."
                ),
            )
    context = {"program": program, "session": session, "form": form, "columns": columns}
    return render(request, "training/attendance_import.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What the report would record; unmatched connections to assign or ignore; confirm."""
    program, session = _managed(request, slug, pk)
    stored = request.session.get(REPORT_KEY % session.pk)
    rows = _stored_rows(request, session)
    if rows is None or stored is None:
        messages.error(request, _("Upload the participants report first."))
        return redirect(reverse("training:attendance_import", args=[slug, pk]))
    min_minutes = int(stored["min_minutes"])
    assignments: dict[str, int | None] = {}
    if request.method == "POST":
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("assign:") and value:
                assignments[key[7:][:300]] = None if value == "ignore" else _int(value)
    try:
        preview = virtual.attendance_import_preview(
            session=session, rows=rows, min_minutes=min_minutes, assignments=assignments
        )
        if request.method == "POST" and "confirm" in request.POST and not preview.unmatched:
            virtual.attendance_import_confirm(
                session=session,
                rows=rows,
                min_minutes=min_minutes,
                assignments=assignments,
                expected_version=int(stored["version"]),
                platform=str(stored["format"]),
                actor=request.user,
            )
            del request.session[REPORT_KEY % session.pk]
            messages.success(request, _("Attendance recorded from the report."))
            return redirect(reverse("training:session", args=[slug, pk]) + "#attendance-section")
    except ValidationError as exc:
        validation_failed(request, exc)
        return redirect(reverse("training:attendance_import", args=[slug, pk]))
    context = {
        "program": program,
        "session": session,
        "preview": preview,
        "assignments": assignments,
        "format": stored["format"],
        "mentors": [line.mentor for line in preview.lines],
    }
    return render(request, "training/attendance_preview.html", context)


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None
