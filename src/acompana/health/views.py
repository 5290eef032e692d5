"""The health page and its drill-down lists (pages and CSV/XLSX downloads)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from acompana.accounts.models import Role
from acompana.common.exports import table_response
from acompana.common.pagination import CappedPaginator
from acompana.health import rows as columns
from acompana.health.forms import DigestPreferenceForm, HealthFilterForm, HealthSettingsForm
from acompana.health.selectors import (
    LISTS,
    ScopedHealth,
    coverage_in_mentees,
    health_counts,
    health_rows,
    health_scope,
    health_settings_get,
)
from acompana.health.services import (
    digest_preference_set,
    digest_wanted,
    health_settings_set,
)
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50
EXPORT_ROWS = 20_000


def _scoped(request: HttpRequest, slug: str) -> tuple[ScopedHealth, HealthFilterForm]:
    program = get_program_for_user(user=request.user, slug=slug)
    health = health_scope(user=request.user, program=program)
    form = HealthFilterForm(request.GET, program=program, coordinator=health.scope.coordinator)
    health.scope.filters = form.filters()
    return health, form


def _query(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    encoded = query.urlencode()
    return "?" + encoded if encoded else ""


@login_required
@require_safe
def health_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Each rule's count with a link to its list, overdue commitments by mentor and region,
    and coverage of the rounds under way counted in mentees."""
    health, form = _scoped(request, slug)
    counts = health_counts(health)
    figures = [
        {"name": name, "spec": LISTS[name], "count": count} for name, count in counts.items()
    ]
    context = {
        "program": health.scope.program,
        "scope": health.scope,
        "form": form,
        "figures": figures,
        "query": _query(request),
        "by_mentor": health.overdue_by_mentor(),
        "by_region": health.overdue_by_region(),
        "circle_by_facilitator": health.circle_overdue_by_facilitator(),
        "circle_by_region": health.circle_overdue_by_region(),
        "coverage": coverage_in_mentees(health),
    }
    return render(request, "health/page.html", context)


@login_required
@require_safe
def health_list(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """One rule's rows, 50 a page, or all of them (up to 20,000) as CSV or XLSX."""
    if name not in LISTS:
        raise Http404
    health, form = _scoped(request, slug)
    spec = LISTS[name]
    if spec.coordinators_only and not health.scope.coordinator:
        raise PermissionDenied
    rows = columns.prepare(name, health_rows(health, name))
    program = health.scope.program
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        body = columns.stream(name, rows, limit=EXPORT_ROWS)
        return table_response(
            columns.header(name), body, filename=f"{program.slug}-health-{name}", fmt=fmt
        )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "program": program,
        "scope": health.scope,
        "form": form,
        "name": name,
        "title": spec.title,
        "lead": spec.lead
        % {"days": health.scope.inactive_days, "percent": health.scope.low_response_percent},
        "page": page,
        "header": columns.header(name),
        "table": [columns.cells(name, row) for row in page.object_list],
        "csv_url": _query(request, format="csv"),
        "xlsx_url": _query(request, format="xlsx"),
        "query": _query(request),
        "export_rows": EXPORT_ROWS,
    }
    return render(request, "health/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def email_alerts(request: HttpRequest) -> HttpResponse:
    """The person's email alerts: the weekly health digest on or off."""
    if request.method == "POST":
        form = DigestPreferenceForm(request.POST)
        if form.is_valid():
            digest_preference_set(
                user=request.user, weekly_digest=form.cleaned_data["weekly_digest"]
            )
            messages.success(request, _("Your email alerts are saved."))
            return redirect("health_alerts:alerts")
    else:
        form = DigestPreferenceForm(initial={"weekly_digest": digest_wanted(user=request.user)})
    return render(request, "health/alerts.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def health_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's health settings (coordinators): days without a visit, low response."""
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    current = health_settings_get(program=program)
    if request.method == "POST":
        form = HealthSettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                health_settings_set(
                    program=program,
                    inactive_days=data["inactive_days"],
                    low_response_percent=data["low_response_percent"],
                    expected_version=data["version"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The health settings are saved."))
                return redirect("health:page", slug=program.slug)
    else:
        form = HealthSettingsForm(
            initial={
                "inactive_days": current.inactive_days,
                "low_response_percent": current.low_response_percent,
                "version": current.version,
            }
        )
    return render(request, "health/settings.html", {"program": program, "form": form})
