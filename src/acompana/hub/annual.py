"""The annual program report of one cohort, as a PDF a program files with its funder.

It gathers, for the cohort: its people (mentors, mentees, partnerships), the coverage of its
rounds, the comparison of in-person and remote visits (by each visit's mode: done, cancelled,
rescheduled and minutes held), the surveys sent to it with their response rates, the cost of
its year (``costs.selectors.cost_report`` for the cohort: expenses, personnel, protected time,
cost per mentee served) and its design review (points and the year-over-year diff) when one
exists. Charts are inline SVG from ``acompana.common.charts``.

Coordinators only (the page's download and the ``acompana report annual`` command).
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common import charts
from acompana.common.pdf import pdf_response, render_pdf
from acompana.costs.selectors import CostReport, cost_report
from acompana.hub.review.selectors import Review, cohort_review
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Cohort, Program
from acompana.programs.selectors import get_program_for_user
from acompana.surveys.models import Distribution
from acompana.surveys.selectors import response_rate, with_rates
from acompana.visits.models import MeetingMode, Visit
from acompana.visits.selectors import coverage_by_round

MAX_SURVEYS = 50


@dataclass
class ModeRow:
    mode: str
    label: str
    planned: int
    done: int
    cancelled: int
    rescheduled: int
    minutes: int

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None


@dataclass
class AnnualReport:
    program: Program
    cohort: Cohort
    mentors: int
    mentees: int
    partnerships: int
    partnerships_ended: int
    coverage: list[dict[str, Any]]
    modes: list[ModeRow]
    surveys: list[tuple[Distribution, dict[str, Any]]]
    cost: CostReport
    review: Review | None
    charts: dict[str, SafeString] = field(default_factory=dict)


def find_cohort(*, program: Program, name_or_year: str) -> Cohort:
    """The cohort named ``name_or_year`` (its name or its label), else the only cohort of that
    year; Http404 when none or several match."""
    cohorts = Cohort.objects.filter(program=program)
    value = name_or_year.strip()[:200]
    named = [c for c in cohorts.filter(name__iexact=value)] or [
        c for c in cohorts if str(c).casefold() == value.casefold()
    ]
    if len(named) == 1:
        return named[0]
    if value.isdigit():
        of_year = list(cohorts.filter(year=int(value)))
        if len(of_year) == 1:
            return of_year[0]
        if len(of_year) > 1:
            raise Http404(_("Several cohorts of that year: give the cohort's name."))
    raise Http404(_("No cohort of the program has that name or year."))


def _modes(cohort: Cohort) -> list[ModeRow]:
    visits = Visit.objects.filter(program=cohort.program).filter(
        Q(round__cohort=cohort)
        | Q(
            round__isnull=True,
            mentee__in=MenteeProfile.objects.filter(cohorts=cohort).values("pk"),
        )
    )
    counts: dict[str, tuple[int, int, int, int, int | None]] = {
        mode: (planned, done, cancelled, rescheduled, minutes)
        for mode, planned, done, cancelled, rescheduled, minutes in visits.order_by()
        .values("mode")
        .annotate(
            planned=Count("pk"),
            done=Count("pk", filter=Q(status=Visit.Status.DONE)),
            cancelled=Count("pk", filter=Q(status=Visit.Status.CANCELLED)),
            rescheduled=Count("pk", filter=Q(status=Visit.Status.RESCHEDULED)),
            minutes=Sum("duration_minutes", filter=Q(status=Visit.Status.DONE)),
        )
        .values_list("mode", "planned", "done", "cancelled", "rescheduled", "minutes")
    }
    rows = []
    for value, label in MeetingMode.choices:
        if value in counts:
            planned, done, cancelled, rescheduled, minutes = counts[value]
            rows.append(
                ModeRow(value, str(label), planned, done, cancelled, rescheduled, minutes or 0)
            )
    return rows


def annual_report(*, cohort: Cohort) -> AnnualReport:
    """Everything the annual report of ``cohort`` shows."""
    program = cohort.program
    partnerships = Partnership.objects.filter(program=program, cohort=cohort)
    review = cohort_review(cohort=cohort)
    has_review = bool(review.points) or bool(review.diffs)
    surveys = list(
        with_rates(Distribution.objects.filter(program=program, cohort=cohort)).order_by(
            "opens_on", "pk"
        )[:MAX_SURVEYS]
    )
    report = AnnualReport(
        program=program,
        cohort=cohort,
        mentors=MentorProfile.objects.filter(program=program, cohorts=cohort).count(),
        mentees=MenteeProfile.objects.filter(program=program, cohorts=cohort).count(),
        partnerships=partnerships.count(),
        partnerships_ended=partnerships.filter(ended_on__isnull=False).count(),
        coverage=[
            row for row in coverage_by_round(program=program) if row["round"].cohort_id == cohort.pk
        ],
        modes=_modes(cohort),
        surveys=[(d, response_rate(d)) for d in surveys],
        cost=cost_report(program=program, year=cohort.year, cohort=cohort),
        review=review if has_review else None,
    )
    report.charts = _charts(report)
    return report


def _charts(report: AnnualReport) -> dict[str, SafeString]:
    found: dict[str, SafeString] = {}
    if report.coverage:
        found["coverage"] = charts.grouped_bars(
            [(str(r["round"].name), [r["planned"], r["done"]]) for r in report.coverage],
            series=[pgettext("visits", "Planned"), pgettext("visits", "Done")],
            title=_("Visits per round"),
            label_header=_("Round"),
        )
    if report.modes:
        found["modes"] = charts.grouped_bars(
            [(m.label, [m.done, m.cancelled, m.rescheduled]) for m in report.modes],
            series=[
                pgettext("visits", "Done"),
                pgettext("visits", "Cancelled"),
                pgettext("visits", "Rescheduled"),
            ],
            title=_("Visits by mode: in person and remote"),
            label_header=_("Mode"),
        )
    cost = report.cost
    found["cost"] = charts.bars(
        [
            (_("Approved expenses"), float(cost.cost)),
            (_("Personnel"), float(cost.personnel_cost)),
            (_("Teachers' protected time"), float(cost.protected_cost)),
        ],
        title=_("Cost of the year by line"),
        label_header=_("Line"),
        value_header=cost.currency,
    )
    return found


def annual_report_pdf(*, cohort: Cohort) -> bytes:
    return render_pdf(
        "hub/annual_report_pdf.html",
        {
            "program": cohort.program,
            "report": annual_report(cohort=cohort),
            "generated_at": timezone.localtime(),
        },
    )


@login_required
def annual_report_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    cohort = get_object_or_404(Cohort, program=program, pk=pk)
    return pdf_response(
        annual_report_pdf(cohort=cohort), name=f"informe-anual-{program.slug}-{cohort.year}"
    )
