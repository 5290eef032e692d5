"""The nine lists a program downloads. Each builder scopes the rows as its list page does
(the same ``*_list_for_user`` selectors), applies the page's filters and streams the rows.

No column holds a mentor's private field notebook or the unshared part of a dialogue.
"""

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.agreements.models import Agreement
from acompana.agreements.selectors import agreement_list_for_user
from acompana.hub.exports.forms import (
    AgreementFilterForm,
    AttendanceFilterForm,
    CohortFilterForm,
    CommitmentFilterForm,
    PairFilterForm,
    VisitFilterForm,
)
from acompana.hub.exports.registry import ExportTable, export_kind
from acompana.people.forms import MenteeFilterForm, MentorFilterForm
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import (
    mentee_list_for_user,
    mentee_search,
    mentor_list_for_user,
    mentor_search,
    own_rows,
)
from acompana.programs.models import Program
from acompana.selection.forms import ApplicationFilterForm
from acompana.selection.models import Application
from acompana.selection.selectors import application_list_for_user, application_search
from acompana.training.models import Attendance
from acompana.visits.models import Commitment, Visit
from acompana.visits.selectors import coverage_by_round, visit_list_for_user

CHUNK = 2000  # rows read from the database at a time


def _local(value: datetime | None) -> datetime | None:
    """A naive local date and time (spreadsheets have no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _name(user: Any) -> str:
    return user.get_full_name() if user is not None else ""


def _coordinates(user: Any | None, program: Program) -> bool:
    """Whether the export may hold e-mail addresses (coordinators and the command line)."""
    return user is None or Role.COORDINATOR in require_member(user, program)


def _own(
    qs: QuerySet[Any], *, user: Any | None, program: Program, roles: set[str]
) -> QuerySet[Any]:
    """Rows of a table with ``mentor_id``/``mentee_id``: all for coordinators (and the command
    line), else those of the user's own profiles as one of ``roles``."""
    if user is None:
        return qs
    mine = require_member(user, program)
    if Role.COORDINATOR in mine:
        return qs
    if not mine & roles:
        raise PermissionDenied
    return qs.filter(own_rows(user=user, program=program, roles=mine & roles))


# --- People ------------------------------------------------------------------------------------


@export_kind("mentors", title=gettext_lazy("Mentors"), form=MentorFilterForm)
def mentors_export(*, program: Program, user: Any | None, filters: dict[str, Any]) -> ExportTable:
    """The mentors' list: profile and experience (Table 3 fields), no private notes."""
    with_email = _coordinates(user, program)
    qs = (
        MentorProfile.objects.filter(program=program)
        if user is None
        else mentor_list_for_user(user=user, program=program)
    )
    qs = mentor_search(qs, with_email=with_email, **filters).select_related("school")
    header = [
        _("Code"),
        _("Name"),
        *([_("Email")] if with_email else []),
        _("Region"),
        _("School"),
        _("Highest degree"),
        _("Years teaching"),
        _("Years in management"),
        _("Mentoring programs served"),
        _("Capacity (mentees)"),
        _("Active"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for m in qs.iterator(chunk_size=CHUNK):
            yield [
                m.code,
                _name(m.user),
                *([m.user.email if m.user else ""] if with_email else []),
                m.region.name if m.region else "",
                m.school.name if m.school else "",
                m.get_highest_degree_display(),
                m.teaching_years,
                m.management_years,
                m.programs_served,
                m.capacity,
                _("Yes") if m.active else _("No"),
            ]

    return ExportTable(header, rows())


@export_kind("mentees", title=gettext_lazy("Mentees"), form=MenteeFilterForm)
def mentees_export(*, program: Program, user: Any | None, filters: dict[str, Any]) -> ExportTable:
    with_email = _coordinates(user, program)
    qs = (
        MenteeProfile.objects.filter(program=program)
        if user is None
        else mentee_list_for_user(user=user, program=program)
    )
    qs = mentee_search(qs, with_email=with_email, **filters)
    header = [
        _("Code"),
        _("Name"),
        *([_("Email")] if with_email else []),
        _("Position"),
        _("School code"),
        _("School"),
        _("Region"),
        _("Preferred modality"),
        _("Connectivity"),
        _("Active"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for m in qs.iterator(chunk_size=CHUNK):
            yield [
                m.code,
                _name(m.user),
                *([m.user.email if m.user else ""] if with_email else []),
                m.get_position_display(),
                m.school.code if m.school else "",
                m.school.name if m.school else "",
                m.region.name if m.region else "",
                m.get_preferred_modality_display(),
                m.get_connectivity_display(),
                _("Yes") if m.active else _("No"),
            ]

    return ExportTable(header, rows())


@export_kind("pairs", title=gettext_lazy("Pairs"), form=PairFilterForm)
def pairs_export(*, program: Program, user: Any | None, filters: dict[str, Any]) -> ExportTable:
    """Current pairs (paused ones included); with ``history`` the ended ones too."""
    qs = _own(
        Partnership.objects.filter(program=program),
        user=user,
        program=program,
        roles={Role.MENTOR, Role.MENTEE, Role.SPECIALIST},
    )
    if not filters.get("history"):
        qs = qs.filter(ended_on__isnull=True)
    if filters.get("cohort"):
        qs = qs.filter(cohort_id=filters["cohort"])
    if filters.get("region"):
        qs = qs.filter(mentee__region_id=filters["region"])
    if filters.get("mentor"):
        qs = qs.filter(mentor__code=filters["mentor"])
    qs = qs.select_related(
        "cohort", "mentor__user", "mentee__user", "mentee__school", "mentee__region"
    ).order_by("mentor__code", "mentee__code", "started_on", "pk")
    header = [
        _("Mentor code"),
        _("Mentor"),
        _("Mentee code"),
        _("Mentee"),
        _("School"),
        _("Region"),
        _("Cohort"),
        _("Started on"),
        _("Paused since"),
        _("Ended on"),
        _("State"),
    ]

    def state(p: Partnership) -> str:
        if p.ended_on:
            return _("Ended")
        return _("Paused") if p.paused_since else _("Active")

    def rows() -> Iterator[Sequence[Any]]:
        for p in qs.iterator(chunk_size=CHUNK):
            yield [
                p.mentor.code,
                _name(p.mentor.user),
                p.mentee.code,
                _name(p.mentee.user),
                p.mentee.school.name if p.mentee.school else "",
                p.mentee.region.name if p.mentee.region else "",
                str(p.cohort) if p.cohort else "",
                p.started_on,
                p.paused_since,
                p.ended_on,
                state(p),
            ]

    return ExportTable(header, rows())


# --- Field work --------------------------------------------------------------------------------


@export_kind("visits", title=gettext_lazy("Visits"), form=VisitFilterForm)
def visits_export(*, program: Program, user: Any | None, filters: dict[str, Any]) -> ExportTable:
    """Visits: who, when, how and their status. Never the field notebook or the dialogue."""
    qs = (
        Visit.objects.filter(program=program)
        if user is None
        else visit_list_for_user(user=user, program=program)
    )
    for name, lookup in (
        ("status", "status"),
        ("mode", "mode"),
        ("round", "round_id"),
        ("cohort", "round__cohort_id"),
        ("mentor", "mentor__code"),
    ):
        if filters.get(name):
            qs = qs.filter(**{lookup: filters[name]})
    qs = qs.select_related(
        "round", "mentor__user", "mentee__user", "mentee__school", "mentee__region"
    ).order_by("scheduled_at", "pk")
    header = [
        _("Visit"),
        _("Round"),
        _("Mentor code"),
        _("Mentor"),
        _("Mentee code"),
        _("Mentee"),
        _("School"),
        _("Region"),
        _("Mode"),
        _("Date and time"),
        _("Duration (minutes)"),
        _("Status"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for v in qs.iterator(chunk_size=CHUNK):
            yield [
                v.pk,
                v.round.name if v.round else "",
                v.mentor.code,
                _name(v.mentor.user),
                v.mentee.code,
                _name(v.mentee.user),
                v.mentee.school.name if v.mentee.school else "",
                v.mentee.region.name if v.mentee.region else "",
                v.get_mode_display(),
                _local(v.scheduled_at),
                v.duration_minutes,
                v.get_status_display(),
            ]

    return ExportTable(header, rows())


@export_kind("coverage", title=gettext_lazy("Round coverage"), form=CohortFilterForm)
def coverage_export(*, program: Program, user: Any | None, filters: dict[str, Any]) -> ExportTable:
    """The coverage page's table: per round, visits planned, done, cancelled, rescheduled."""
    if user is not None:
        require_role(user, program, [Role.COORDINATOR])
    found = coverage_by_round(program=program)
    if filters.get("cohort"):
        found = [r for r in found if r["round"].cohort_id == filters["cohort"]]
    header = [
        _("Round"),
        _("Cohort"),
        _("Starts on"),
        _("Ends on"),
        _("Planned"),
        _("Done"),
        _("Cancelled"),
        _("Rescheduled"),
        _("% done"),
        _("Reasons"),
    ]
    rows = [
        [
            r["round"].name,
            str(r["round"].cohort) if r["round"].cohort else "",
            r["round"].starts_on,
            r["round"].ends_on,
            r["planned"],
            r["done"],
            r["cancelled"],
            r["rescheduled"],
            r["percent"],
            "; ".join(f"{k}: {v}" for k, v in sorted(r["reasons"].items())),
        ]
        for r in found
    ]
    return ExportTable(header, rows)


@export_kind("commitments", title=gettext_lazy("Commitments"), form=CommitmentFilterForm)
def commitments_export(
    *, program: Program, user: Any | None, filters: dict[str, Any]
) -> ExportTable:
    qs = _own(
        Commitment.objects.filter(visit__program=program),
        user=user,
        program=program,
        roles={Role.MENTOR, Role.MENTEE, Role.SPECIALIST},
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        qs = qs.filter(status=Commitment.Status.OPEN, due_on__lt=timezone.localdate())
    if filters.get("mentor"):
        qs = qs.filter(mentor__code=filters["mentor"])
    if filters.get("region"):
        qs = qs.filter(mentee__region_id=filters["region"])
    if filters.get("cohort"):
        qs = qs.filter(visit__round__cohort_id=filters["cohort"])
    qs = qs.select_related("visit", "mentor__user", "mentee__user", "mentee__school").order_by(
        "due_on", "pk"
    )
    header = [
        _("Visit"),
        _("Visit date"),
        _("Mentor code"),
        _("Mentee code"),
        _("Mentee"),
        _("School"),
        _("Commitment"),
        _("Who"),
        _("Due on"),
        _("Status"),
        _("Closed"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for c in qs.iterator(chunk_size=CHUNK):
            yield [
                c.visit_id,
                _local(c.visit.scheduled_at),
                c.mentor.code,
                c.mentee.code,
                _name(c.mentee.user),
                c.mentee.school.name if c.mentee.school else "",
                c.text,
                c.get_owner_display(),
                c.due_on,
                c.get_status_display(),
                _local(c.closed_at),
            ]

    return ExportTable(header, rows())


# --- Training, agreements, selection -----------------------------------------------------------


@export_kind("attendance", title=gettext_lazy("Training attendance"), form=AttendanceFilterForm)
def attendance_export(
    *, program: Program, user: Any | None, filters: dict[str, Any]
) -> ExportTable:
    """Recorded attendance at training sessions, one row per mentor and session."""
    qs = Attendance.objects.filter(session__plan__program=program)
    if user is not None and Role.TRAINER in require_member(user, program):
        pass  # trainers see every session's attendance, as on the training pages
    else:
        qs = _own(qs, user=user, program=program, roles={Role.MENTOR, Role.SPECIALIST})
    if filters.get("plan"):
        qs = qs.filter(session__plan_id=filters["plan"])
    if filters.get("session"):
        qs = qs.filter(session_id=filters["session"])
    if filters.get("cohort"):
        qs = qs.filter(session__plan__cohort_id=filters["cohort"])
    qs = qs.select_related("session__plan", "mentor__user").order_by(
        "session__starts_at", "session_id", "mentor__code"
    )
    header = [
        _("Training plan"),
        _("Session"),
        _("Module"),
        _("Modality"),
        _("Starts at"),
        _("Mentor code"),
        _("Mentor"),
        _("Attendance"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for a in qs.iterator(chunk_size=CHUNK):
            yield [
                a.session.plan.title,
                a.session.title,
                a.session.get_module_display(),
                a.session.get_modality_display(),
                _local(a.session.starts_at),
                a.mentor.code,
                _name(a.mentor.user),
                _("Present") if a.present else _("Absent"),
            ]

    return ExportTable(header, rows())


@export_kind("agreements", title=gettext_lazy("Agreements"), form=AgreementFilterForm)
def agreements_export(
    *, program: Program, user: Any | None, filters: dict[str, Any]
) -> ExportTable:
    qs = (
        Agreement.objects.filter(program=program)
        if user is None
        else agreement_list_for_user(user=user, program=program)
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("cohort"):
        qs = qs.filter(partnership__cohort_id=filters["cohort"])
    qs = qs.select_related("partnership__mentor__user", "partnership__mentee__user").order_by(
        "partnership__mentor__code", "partnership__mentee__code", "pk"
    )
    header = [
        _("Mentor code"),
        _("Mentor"),
        _("Mentee code"),
        _("Mentee"),
        _("Status"),
        _("Current version"),
        _("Version in force"),
        _("Created"),
        _("Closed"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for a in qs.iterator(chunk_size=CHUNK):
            p = a.partnership
            yield [
                p.mentor.code,
                _name(p.mentor.user),
                p.mentee.code,
                _name(p.mentee.user),
                a.get_status_display(),
                a.current_number,
                a.in_force_number,
                _local(a.created_at),
                _local(a.closed_at),
            ]

    return ExportTable(header, rows())


@export_kind("applications", title=gettext_lazy("Applications"), form=ApplicationFilterForm)
def applications_export(
    *, program: Program, user: Any | None, filters: dict[str, Any]
) -> ExportTable:
    """Applications with their profile fields and counts; not the uploaded evidence."""
    if user is None:
        qs = Application.objects.filter(call__program=program).select_related(
            "call__cohort", "candidate"
        )
    else:
        qs = application_list_for_user(user=user, program=program)
    qs = application_search(qs, **filters).order_by("-created_at", "-pk")
    header = [
        _("Application"),
        _("Call"),
        _("Cohort"),
        _("Name"),
        _("Email"),
        _("Status"),
        _("Highest degree"),
        _("Region"),
        _("Years teaching"),
        _("Years in management"),
        _("Mentoring programs served"),
        _("Submitted"),
        _("Decided"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for a in qs.iterator(chunk_size=CHUNK):
            yield [
                a.pk,
                a.call.title,
                str(a.call.cohort) if a.call.cohort else "",
                _name(a.candidate),
                a.candidate.email,
                a.get_status_display(),
                a.get_highest_degree_display(),
                a.region,
                a.teaching_years,
                a.management_years,
                a.programs_served,
                _local(a.created_at),
                _local(a.decided_at),
            ]

    return ExportTable(header, rows())
