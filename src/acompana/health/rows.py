"""The columns of each health list: one definition for the page, the CSV and the XLSX."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.agreements.models import Agreement
from acompana.circles.models import Circle, Meeting
from acompana.circles.models import Commitment as CircleCommitment
from acompana.people.models import Partnership
from acompana.visits.models import Commitment, Visit


def _name(user: Any) -> str:
    return user.get_full_name() or user.email if user else ""


def _pair_cells(p: Partnership) -> list[Any]:
    return [
        p.mentor.code,
        _name(p.mentor.user),
        p.mentee.code,
        _name(p.mentee.user),
        p.mentee.region.name if p.mentee.region else "",
        str(p.cohort) if p.cohort else "",
        p.started_on,
    ]


def _pair_header() -> list[str]:
    return [
        _("Mentor's code"),
        _("Mentor"),
        _("Mentee's code"),
        _("Mentee"),
        _("Region"),
        _("Cohort"),
        _("Started on"),
    ]


def prepare(name: str, rows: Any) -> Any:
    """The list's rows with what its columns read (joins, the latest done visit)."""
    if isinstance(rows, list):
        return rows
    if rows.model is Partnership:
        rows = rows.select_related(
            "mentor__user", "mentee__user", "mentee__region", "cohort"
        ).order_by("mentor__code", "mentee__code", "pk")
        if name == "inactive":
            last = (
                Visit.objects.filter(
                    mentor_id=OuterRef("mentor_id"),
                    mentee_id=OuterRef("mentee_id"),
                    status=Visit.Status.DONE,
                )
                .order_by()
                .values("mentee_id")
                .annotate(m=Max("scheduled_at"))
                .values("m")
            )
            rows = rows.annotate(last_done=Subquery(last))
        return rows
    if rows.model is Circle:
        latest: Any = (
            Meeting.objects.filter(circle_id=OuterRef("pk"), status=Meeting.Status.DONE)
            .order_by()
            .values("circle_id")
            .annotate(m=Max("starts_at"))
            .values("m")
        )
        return (
            rows.select_related("mentor__user", "cohort")
            .annotate(last_done=Subquery(latest))
            .order_by("name", "pk")
        )
    if rows.model is CircleCommitment:
        return rows.select_related(
            "mentee__user",
            "mentee__school__region",
            "meeting__circle__mentor__user",
            "meeting__facilitator_member__user",
        ).order_by("due_on", "pk")
    if rows.model is Commitment:
        return rows.select_related(
            "mentor__user", "mentee__user", "mentee__region", "visit"
        ).order_by("due_on", "pk")
    if rows.model is Agreement:
        return rows.select_related(
            "partnership__mentor__user", "partnership__mentee__user"
        ).order_by("partnership__mentor__code", "pk")
    if name == "waiting":
        return rows.select_related("user", "region", "school").order_by("code")
    return rows


def header(name: str) -> list[str]:
    if name == "inactive":
        return [*_pair_header(), _("Latest visit done")]
    if name in ("never_visited", "not_visited_round", "refit"):
        return _pair_header()
    if name in ("circles_inactive", "circles_never_met"):
        return [
            _("Circle"),
            _("Type"),
            _("Cohort"),
            _("Mentor's code"),
            _("Mentor"),
            _("Latest meeting held"),
        ]
    if name == "circle_overdue":
        return [
            _("Due on"),
            _("Commitment"),
            _("Circle"),
            _("Mentor or facilitator"),
            _("Mentee's code"),
            _("Mentee"),
            _("Region"),
        ]
    if name == "overdue":
        return [
            _("Due on"),
            _("Commitment"),
            _("Mentor's code"),
            _("Mentor"),
            _("Mentee's code"),
            _("Mentee"),
            _("Region"),
        ]
    if name == "agreements":
        return [_("Mentor's code"), _("Mentor"), _("Mentee's code"), _("Mentee"), _("Status")]
    if name == "not_ready":
        return [_("Mentor's code"), _("Mentor"), _("Cohort"), _("Items missing")]
    if name == "waiting":
        return [_("Mentee's code"), _("Mentee"), _("Region"), _("School")]
    if name == "low_response":
        return [_("Questionnaire"), _("Cohort"), _("Opens on"), _("Invited"), _("Answered")]
    raise KeyError(name)


def cells(name: str, row: Any) -> list[Any]:
    if name == "inactive":
        last = timezone.localdate(row.last_done) if row.last_done else ""
        return [*_pair_cells(row), last]
    if name in ("never_visited", "not_visited_round", "refit"):
        return _pair_cells(row)
    if name in ("circles_inactive", "circles_never_met"):
        mentor = row.mentor
        last = timezone.localdate(row.last_done) if row.last_done else ""
        return [
            row.name,
            row.get_kind_display(),
            str(row.cohort),
            mentor.code if mentor else "",
            _name(mentor.user) if mentor else "",
            last,
        ]
    if name == "circle_overdue":
        m = row.mentee
        circle = row.meeting.circle
        lead = circle.mentor or row.meeting.facilitator_member
        school = m.school
        return [
            row.due_on,
            row.text,
            circle.name,
            f"{lead.code} {_name(lead.user)}" if lead else "",
            m.code,
            _name(m.user),
            school.region.name if school else "",
        ]
    if name == "overdue":
        m = row.mentee
        return [
            row.due_on,
            row.text,
            row.mentor.code,
            _name(row.mentor.user),
            m.code,
            _name(m.user),
            m.region.name if m.region else "",
        ]
    if name == "agreements":
        p = row.partnership
        return [
            p.mentor.code,
            _name(p.mentor.user),
            p.mentee.code,
            _name(p.mentee.user),
            row.get_status_display(),
        ]
    if name == "not_ready":
        return [row.mentor.code, _name(row.mentor.user), str(row.cohort), len(row.missing)]
    if name == "waiting":
        return [
            row.code,
            _name(row.user),
            row.region.name if row.region else "",
            row.school.name if row.school else "",
        ]
    if name == "low_response":
        return [row.questionnaire.title, str(row.cohort), row.opens_on, row.invited, row.answered]
    raise KeyError(name)


def stream(name: str, rows: Any, *, limit: int, batch: int = 2000) -> Iterator[list[Any]]:
    """Every row's cells, at most ``limit`` rows, read ``batch`` at a time."""
    if isinstance(rows, list):
        for row in rows[:limit]:
            yield cells(name, row)
        return
    for start in range(0, limit, batch):
        chunk: Iterable[Any] = list(rows[start : min(start + batch, limit)])
        if not chunk:
            return
        for row in chunk:
            yield cells(name, row)
