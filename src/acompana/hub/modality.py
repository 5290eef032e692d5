"""In person vs virtual: the program's cohorts side by side, each with its modality, in the
figures the Peru study compares (training, visits, circle meetings, group sessions, cost).
Mentors' figures are shown for novices and experienced mentors apart, each as of the cohort
(``people.selectors.novice_flags_in``). Every figure is an aggregate: no person is named.

A fixed number of queries per cohort (a program has a handful of cohorts), whatever the number
of mentors, visits or sessions.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum

from acompana.circles.models import Meeting
from acompana.common.choices import MeetingMode
from acompana.costs.selectors import cost_report
from acompana.group_sessions.models import GroupSession
from acompana.people.selectors import novice_flags_in
from acompana.programs.models import Cohort, Program
from acompana.surveys.models import Invitation
from acompana.surveys.models import Response as SurveyResponse
from acompana.training.models import Attendance, Feedback
from acompana.training.selectors import connection_minutes
from acompana.visits.models import StatusChange, Visit

GROUPS = ("novice", "experienced", "all")


@dataclass
class VisitFigures:
    planned: int = 0
    done: int = 0
    cancelled: int = 0
    rescheduled: int = 0
    done_minutes: int = 0

    @property
    def completion(self) -> int | None:
        """Visits done, % of those scheduled (None without visits)."""
        return round(100 * self.done / self.planned) if self.planned else None

    @property
    def average_minutes(self) -> int | None:
        return round(self.done_minutes / self.done) if self.done else None


@dataclass
class AttendanceFigures:
    recorded: int = 0
    present: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


@dataclass
class ConnectionFigures:
    """Virtual training sessions whose participants report was imported: the mentors it
    recorded, their minutes connected and the minutes scheduled for them."""

    mentors: int = 0
    minutes: int = 0
    scheduled: int = 0

    @property
    def percent(self) -> int | None:
        """Minutes connected, % of the minutes scheduled (None without a report)."""
        return round(100 * self.minutes / self.scheduled) if self.scheduled else None


@dataclass
class CohortFigures:
    cohort: Cohort
    mentors: dict[str, int] = field(default_factory=dict)
    visits: dict[str, VisitFigures] = field(default_factory=dict)
    attendance: dict[str, AttendanceFigures] = field(default_factory=dict)
    connection: dict[str, ConnectionFigures] = field(default_factory=dict)
    feedback: Decimal | None = None  # mean of the four 1-5 scores
    feedback_count: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    group_sessions: int = 0
    group_minutes: int = 0
    survey_invited: int = 0
    survey_answered: int = 0
    survey_responses: int = 0
    # Visits done and circle meetings held, by how people met (every mode, zero included).
    visits_by_mode: dict[str, int] = field(default_factory=dict)
    circle_meetings_by_mode: dict[str, int] = field(default_factory=dict)
    circle_minutes: int = 0
    mentees_served: int = 0
    cost_per_mentee: Decimal | None = None
    currency: str = ""

    @property
    def survey_percent(self) -> int | None:
        """Survey invitations of the cohort answered, % (None without invitations)."""
        if not self.survey_invited:
            return None
        return round(100 * self.survey_answered / self.survey_invited)

    @property
    def group_hours(self) -> Decimal:
        return (Decimal(self.group_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def circle_hours(self) -> Decimal:
        return (Decimal(self.circle_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def group_average_minutes(self) -> int | None:
        return round(self.group_minutes / self.group_sessions) if self.group_sessions else None


def _group(novice: dict[int, bool], mentor_id: int) -> str:
    return "novice" if novice.get(mentor_id, True) else "experienced"


def _cohort_figures(cohort: Cohort) -> CohortFigures:
    novice = novice_flags_in(cohort=cohort)
    figures = CohortFigures(cohort=cohort)
    visits = {g: VisitFigures() for g in GROUPS}
    for mentor_id, status, n, minutes in (
        Visit.objects.filter(round__cohort=cohort)
        .order_by()
        .values_list("mentor_id", "status")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        for g in (_group(novice, mentor_id), "all"):
            v = visits[g]
            v.planned += n
            if status == Visit.Status.DONE:
                v.done += n
                v.done_minutes += minutes or 0
            elif status == Visit.Status.CANCELLED:
                v.cancelled += n
            elif status == Visit.Status.RESCHEDULED:
                v.rescheduled += n
    figures.visits = visits
    figures.visits_by_mode = {mode: 0 for mode in MeetingMode.values}
    for mode, n in (
        Visit.objects.filter(round__cohort=cohort, status=Visit.Status.DONE)
        .order_by()
        .values_list("mode")
        .annotate(n=Count("pk"))
    ):
        figures.visits_by_mode[mode] = figures.visits_by_mode.get(mode, 0) + n
    figures.circle_meetings_by_mode = {mode: 0 for mode in MeetingMode.values}
    for mode, n, minutes in (
        Meeting.objects.filter(circle__cohort=cohort, status=Meeting.Status.DONE)
        .order_by()
        .values_list("mode")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        figures.circle_meetings_by_mode[mode] = figures.circle_meetings_by_mode.get(mode, 0) + n
        figures.circle_minutes += minutes or 0
    mentors: Counter[str] = Counter()
    for mentor_id in (
        Visit.objects.filter(round__cohort=cohort)
        .values_list("mentor_id", flat=True)
        .distinct()
        .order_by()
    ):
        mentors[_group(novice, mentor_id)] += 1
    figures.mentors = {g: mentors[g] for g in ("novice", "experienced")}
    figures.mentors["all"] = sum(mentors.values())
    labels = dict(StatusChange.Reason.choices)
    figures.reasons = {
        str(labels.get(reason, reason)): n
        for reason, n in StatusChange.objects.filter(visit__round__cohort=cohort)
        .exclude(reason="")
        .order_by()
        .values_list("reason")
        .annotate(n=Count("pk"))
    }
    attendance = {g: AttendanceFigures() for g in GROUPS}
    for mentor_id, n, present in (
        Attendance.objects.filter(session__plan__cohort=cohort)
        .order_by()
        .values_list("mentor_id")
        .annotate(n=Count("pk"), present=Count("pk", filter=Q(present=True)))
    ):
        for g in (_group(novice, mentor_id), "all"):
            attendance[g].recorded += n
            attendance[g].present += present
    figures.attendance = attendance
    connection = {g: ConnectionFigures() for g in GROUPS}
    for mentor_id, row in connection_minutes(program=cohort.program, cohort=cohort).items():
        for g in (_group(novice, mentor_id), "all"):
            connection[g].mentors += 1
            connection[g].minutes += row.minutes
            connection[g].scheduled += row.scheduled
    figures.connection = connection
    rated = Feedback.objects.filter(session__plan__cohort=cohort).aggregate(
        n=Count("pk"),
        clarity=Avg("clarity"),
        usefulness=Avg("usefulness"),
        pace=Avg("pace"),
        participation=Avg("participation"),
    )
    figures.feedback_count = rated["n"]
    if rated["n"]:
        scores = [rated[k] for k in ("clarity", "usefulness", "pace", "participation")]
        figures.feedback = (Decimal(sum(scores)) / 4).quantize(Decimal("0.1"))
    group = GroupSession.objects.filter(cohort=cohort).aggregate(
        n=Count("pk"), minutes=Sum("duration_minutes")
    )
    figures.group_sessions = group["n"]
    figures.group_minutes = group["minutes"] or 0
    invited = Invitation.objects.filter(cohort=cohort).aggregate(
        n=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    figures.survey_invited, figures.survey_answered = invited["n"], invited["answered"]
    figures.survey_responses = SurveyResponse.objects.filter(cohort=cohort).count()
    report = cost_report(program=cohort.program, year=cohort.year, cohort=cohort)
    figures.mentees_served = report.mentees
    figures.cost_per_mentee = report.cost_per_mentee
    figures.currency = report.currency
    return figures


def modality_comparison(*, program: Program) -> list[CohortFigures]:
    """Every cohort of ``program`` (oldest first) with its figures."""
    cohorts = (
        Cohort.objects.filter(program=program).select_related("program").order_by("year", "pk")
    )
    return [_cohort_figures(c) for c in cohorts]


def modality_table(figures: list[CohortFigures]) -> tuple[list[Any], list[list[Any]]]:
    """The comparison as a table (one row per figure, one column per cohort) for downloads."""
    from django.utils.translation import gettext as _

    header: list[Any] = [_("Figure")] + [
        f"{f.cohort} ({f.cohort.get_modality_display()})" for f in figures
    ]
    rows: list[list[Any]] = []

    def row(label: str, value: Any) -> None:
        rows.append([label] + [value(f) for f in figures])

    names = {
        "novice": _("novice mentors"),
        "experienced": _("experienced mentors"),
        "all": _("all mentors"),
    }
    for g in GROUPS:
        row(
            _("Mentors with visits (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.mentors.get(g, 0),
        )
    for g in GROUPS:
        row(
            _("Training attendance, percent present (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.attendance[g].percent,
        )
    for g in GROUPS:
        row(
            _("Virtual training, percent of scheduled minutes connected (%(group)s)")
            % {"group": names[g]},
            lambda f, g=g: f.connection[g].percent,
        )
    row(_("Training feedback, mean score 1-5"), lambda f: f.feedback)
    for g in GROUPS:
        row(
            _("Visits scheduled (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.visits[g].planned,
        )
        row(
            _("Visits done, percent (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.visits[g].completion,
        )
        row(
            _("Visits cancelled (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.visits[g].cancelled,
        )
        row(
            _("Mean visit duration, minutes (%(group)s)") % {"group": names[g]},
            lambda f, g=g: f.visits[g].average_minutes,
        )
    reasons = sorted({r for f in figures for r in f.reasons})
    for reason in reasons:
        row(
            _("Cancelled or rescheduled: %(reason)s") % {"reason": reason},
            lambda f, r=reason: f.reasons.get(r, 0),
        )
    row(_("Survey invitations"), lambda f: f.survey_invited)
    row(_("Survey invitations answered, percent"), lambda f: f.survey_percent)
    row(_("Survey responses"), lambda f: f.survey_responses)
    modes = dict(MeetingMode.choices)
    for mode in MeetingMode.values:
        row(
            _("Visits done: %(mode)s") % {"mode": modes[mode]},
            lambda f, m=mode: f.visits_by_mode.get(m, 0),
        )
        row(
            _("Circle meetings held: %(mode)s") % {"mode": modes[mode]},
            lambda f, m=mode: f.circle_meetings_by_mode.get(m, 0),
        )
    row(_("Circle meeting hours"), lambda f: f.circle_hours)
    row(_("Group sessions"), lambda f: f.group_sessions)
    row(_("Group-session hours"), lambda f: f.group_hours)
    row(_("Mean group-session duration, minutes"), lambda f: f.group_average_minutes)
    row(_("Mentees served"), lambda f: f.mentees_served)
    row(_("Cost per mentee served"), lambda f: f.cost_per_mentee)
    return header, rows
