"""The in-person vs virtual page: ``/p/<slug>/reports/modality/`` (``?format=csv|xlsx``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from acompana.accounts.models import Role
from acompana.common import charts
from acompana.common.choices import MeetingMode
from acompana.common.exports import table_response
from acompana.hub.modality import modality_comparison, modality_table
from acompana.programs.selectors import get_program_for_user

# Coordinators and researchers (the figures are aggregates: no person is named). Specialists
# see the mentors assigned to them, not the program's cohorts as a whole (DESIGN.md §1).
MODALITY_ROLES = (Role.COORDINATOR, Role.RESEARCHER)


@login_required
@require_safe
def modality_report(request: HttpRequest, slug: str) -> HttpResponseBase:
    program = get_program_for_user(user=request.user, slug=slug, roles=MODALITY_ROLES)
    figures = modality_comparison(program=program)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header, rows = modality_table(figures)
        return table_response(header, rows, filename=f"{program.slug}-modality", fmt=fmt)
    label = [f"{f.cohort} · {f.cohort.get_modality_display()}" for f in figures]
    series = [_("Novice mentors"), _("Experienced mentors")]
    completion = charts.grouped_bars(
        [
            (name, [f.visits["novice"].completion or 0, f.visits["experienced"].completion or 0])
            for name, f in zip(label, figures, strict=True)
        ],
        series=series,
        maximum=100,
        title=_("Visits done, percent of those scheduled"),
        label_header=_("Cohort"),
    )
    attendance = charts.grouped_bars(
        [
            (name, [f.attendance["novice"].percent or 0, f.attendance["experienced"].percent or 0])
            for name, f in zip(label, figures, strict=True)
        ],
        series=series,
        maximum=100,
        title=_("Training attendance, percent present"),
        label_header=_("Cohort"),
    )
    reasons = sorted({r for f in figures for r in f.reasons})
    context = {
        "program": program,
        "figures": figures,
        "reasons": [(r, [f.reasons.get(r, 0) for f in figures]) for r in reasons],
        "by_mode": [
            (
                label_,
                [f.visits_by_mode.get(mode, 0) for f in figures],
                [f.circle_meetings_by_mode.get(mode, 0) for f in figures],
            )
            for mode, label_ in MeetingMode.choices
        ],
        "completion_chart": completion if figures else None,
        "attendance_chart": attendance if figures else None,
    }
    return render(request, "hub/modality.html", context)
