"""Time and cost pages: mentors' time logs and expenses, coordinators' approvals, the budget
and the cost report. Each view validates its input, reads through a permission-checked
selector, calls one service and renders."""

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.common import charts
from acompana.common.exports import table_response
from acompana.common.files import private_file_response
from acompana.common.views import run_service, service_result, submit_form, with_records
from acompana.costs import services
from acompana.costs.forms import (
    VISIT_CHOICES,
    BudgetLineForm,
    CurrencyForm,
    DecisionForm,
    ExpenseForm,
    ReportFilterForm,
    TeacherRateForm,
    TimeLogForm,
)
from acompana.costs.models import BudgetLine, Expense
from acompana.costs.permissions import (
    is_coordinator,
    own_mentor_profile,
    require_coordinator,
    require_cost_access,
    require_own_mentor_profile,
)
from acompana.costs.protected_time import teacher_hour_rate
from acompana.costs.selectors import (
    CostReport,
    budget_lines_for_user,
    cost_report_for_user,
    expense_list_for_user,
    get_expense_for_user,
    get_time_log_for_user,
    latest_report_year,
    own_visits,
    program_currency,
    report_years,
    time_log_list_for_user,
)
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50
MIN_YEAR, MAX_YEAR = 2000, 2100  # as the API's year filter


def _visits_for_form(mentor: MentorProfile | None, linked: Any = None) -> list[Any]:
    if mentor is None:
        return []
    visits = list(own_visits(mentor=mentor)[:VISIT_CHOICES])
    if linked is not None and linked not in visits:
        visits.append(linked)
    return visits


def _with_own_visit(mentor: MentorProfile, save: Callable[..., object]) -> Callable[..., object]:
    """``save`` given the mentor's own visit the time log form names (404 for another's)."""
    return with_records(save, visit=mentor.visits.all())


# --- Time logs ---------------------------------------------------------------------------------


@login_required
def time_log_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Mentors log their time and see their own logs; coordinators see everyone's."""
    program = get_program_for_user(user=request.user, slug=slug)
    logs = time_log_list_for_user(user=request.user, program=program).select_related(
        "mentor__user", "visit__mentee"
    )
    mentor = own_mentor_profile(request.user, program)
    form = None
    if mentor is not None:
        form = TimeLogForm(
            request.POST or None,
            visits=_visits_for_form(mentor),
            initial={"worked_on": timezone.localdate()},
        )
    if request.method == "POST":
        mentor = require_own_mentor_profile(request.user, program)
        assert form is not None
        create = partial(services.time_log_create, mentor=mentor, actor=request.user)
        if submit_form(request, form, _with_own_visit(mentor, create), _("Time logged.")):
            return redirect("costs:time", slug=slug)
    code = request.GET.get("mentor", "").strip()
    if code:
        logs = logs.filter(mentor__code=code)
    year = request.GET.get("year", "")
    # ASCII digits only ("²".isdigit() is true) and a year a date can hold: anything else is
    # ignored rather than a 500 from the date lookup.
    if year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
        logs = logs.filter(worked_on__year=int(year))
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "form": form,
        "coordinator": is_coordinator(request.user, program),
        "mentor_filter": code,
        "year_filter": year,
    }
    return render(request, "costs/time_logs.html", context)


@login_required
def time_log_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A mentor changes one of their own time logs."""
    program = get_program_for_user(user=request.user, slug=slug)
    log = get_time_log_for_user(user=request.user, program=program, pk=pk, write=True)
    initial = {
        "worked_on": log.worked_on,
        "category": log.category,
        "hours": log.hours,
        "visit": log.visit_id,
        "note": log.note,
    }
    form = TimeLogForm(
        request.POST or None, visits=_visits_for_form(log.mentor, log.visit), initial=initial
    )
    update = partial(services.time_log_update, log=log, actor=request.user)
    if request.method == "POST" and submit_form(
        request, form, _with_own_visit(log.mentor, update), _("Time log saved.")
    ):
        return redirect("costs:time", slug=slug)
    return render(
        request, "costs/time_log_edit.html", {"program": program, "log": log, "form": form}
    )


@login_required
@require_POST
def time_log_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    log = get_time_log_for_user(user=request.user, program=program, pk=pk, write=True)
    services.time_log_delete(log=log, actor=request.user)
    messages.success(request, _("Time log deleted."))
    return redirect("costs:time", slug=slug)


# --- Expenses ----------------------------------------------------------------------------------


@login_required
def expense_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Mentors record expenses (drafts) and see their own; coordinators see everyone's and
    filter those awaiting approval."""
    program = get_program_for_user(user=request.user, slug=slug)
    expenses = expense_list_for_user(user=request.user, program=program).select_related(
        "mentor__user"
    )
    mentor = own_mentor_profile(request.user, program)
    form = None
    if mentor is not None:
        form = ExpenseForm(
            request.POST or None,
            request.FILES or None,
            initial={"spent_on": timezone.localdate()},
        )
    if request.method == "POST":
        mentor = require_own_mentor_profile(request.user, program)
        assert form is not None
        if form.is_valid():
            create = partial(services.expense_create, mentor=mentor, actor=request.user)
            expense = service_result(
                request,
                lambda: create(**form.cleaned_data),
                _("Expense saved as a draft: submit it when it is complete."),
            )
            if expense is not None:
                return redirect("costs:expense", slug=slug, pk=expense.pk)
    status = request.GET.get("status", "")
    if status in Expense.Status.values:
        expenses = expenses.filter(status=status)
    page = Paginator(expenses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "form": form,
        "currency": program_currency(program),
        "coordinator": is_coordinator(request.user, program),
        "statuses": Expense.Status.choices,
        "status_filter": status,
    }
    return render(request, "costs/expenses.html", context)


@login_required
def expense_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One expense: its mentor edits and submits it while it is a draft or rejected;
    coordinators approve or reject it once submitted."""
    program = get_program_for_user(user=request.user, slug=slug)
    expense = get_expense_for_user(user=request.user, program=program, pk=pk)
    is_owner = expense.mentor.user_id == request.user.pk
    form = None
    if is_owner and expense.editable:
        initial = {
            "spent_on": expense.spent_on,
            "category": expense.category,
            "amount": expense.amount,
            "description": expense.description,
        }
        form = ExpenseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        expense = get_expense_for_user(user=request.user, program=program, pk=pk, write=True)
        if form is None:
            messages.error(request, _("Only drafts and rejected expenses can be changed."))
            return redirect("costs:expense", slug=slug, pk=pk)
        update = partial(services.expense_update, expense=expense, actor=request.user)
        if submit_form(request, form, update, _("Expense saved.")):
            return redirect("costs:expense", slug=slug, pk=pk)
    can_decide = (
        is_coordinator(request.user, program)
        and not is_owner
        and expense.status == Expense.Status.SUBMITTED
    )
    context = {
        "program": program,
        "expense": expense,
        "is_owner": is_owner,
        "form": form,
        "decision_form": DecisionForm(initial={"version": expense.version}) if can_decide else None,
    }
    return render(request, "costs/expense_detail.html", context)


def _expense_to_change(request: HttpRequest, slug: str, pk: int) -> Expense:
    """The expense, for its mentor only (404 for who may not see it, 403 for the others)."""
    program = get_program_for_user(user=request.user, slug=slug)
    return get_expense_for_user(user=request.user, program=program, pk=pk, write=True)


@login_required
@require_POST
def expense_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    expense = _expense_to_change(request, slug, pk)
    submit = partial(services.expense_submit, expense=expense, actor=request.user)
    run_service(request, submit, _("Expense submitted: the coordinators were notified."))
    return redirect("costs:expense", slug=slug, pk=pk)


@login_required
@require_POST
def expense_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    expense = _expense_to_change(request, slug, pk)
    delete = partial(services.expense_delete, expense=expense, actor=request.user)
    if run_service(request, delete, _("Expense deleted.")):
        return redirect("costs:expenses", slug=slug)
    return redirect("costs:expense", slug=slug, pk=pk)


@login_required
@require_POST
def expense_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator approves or rejects; a second decision gets "already decided"."""
    program = get_program_for_user(user=request.user, slug=slug)
    expense = get_expense_for_user(user=request.user, program=program, pk=pk, decide=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("costs:expense", slug=slug, pk=pk)
    data = form.cleaned_data
    run_service(
        request,
        lambda: services.expense_decide(
            expense=expense,
            approve=data["decision"] == "approve",
            reason=data["reason"],
            version=data["version"],
            actor=request.user,
        ),
        lambda decided: (
            _("Expense approved: the mentor was notified.")
            if decided.status == Expense.Status.APPROVED
            else _("Expense rejected: the mentor was notified.")
        ),
    )
    return redirect("costs:expense", slug=slug, pk=pk)


@login_required
def receipt_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The receipt, for the expense's mentor and the program's coordinators only (never a
    public media URL: uploads stay behind the same permission check as the expense)."""
    program = get_program_for_user(user=request.user, slug=slug)
    expense = get_expense_for_user(user=request.user, program=program, pk=pk)
    if not expense.receipt:
        raise Http404
    return private_file_response(request, expense.receipt, expense.receipt_name)


# --- Budget ------------------------------------------------------------------------------------


def _budget_page(
    request: HttpRequest,
    program: Program,
    *,
    line_form: BudgetLineForm | None = None,
    currency_form: CurrencyForm | None = None,
) -> HttpResponse:
    """The budget page, with a refused form bound to what was sent."""
    currency = program_currency(program)
    lines = list(budget_lines_for_user(user=request.user, program=program))
    years: dict[int, list[BudgetLine]] = {}
    for line in lines:
        years.setdefault(line.year, []).append(line)
    totals = {
        year: sum((line.amount for line in items), Decimal(0)) for year, items in years.items()
    }
    context = {
        "program": program,
        "years": [(year, years[year], totals[year]) for year in sorted(years, reverse=True)],
        "line_form": line_form or BudgetLineForm(initial={"year": timezone.localdate().year}),
        "currency_form": currency_form or CurrencyForm(initial={"currency": currency}),
        "currency": currency,
        "rate_form": TeacherRateForm(initial={"rate": teacher_hour_rate(program)}),
    }
    return render(request, "costs/budget.html", context)


def _budget_program(request: HttpRequest, slug: str) -> Program:
    program = get_program_for_user(user=request.user, slug=slug)
    require_coordinator(request.user, program)
    return program


def _budget_form_save(
    request: HttpRequest,
    program: Program,
    form: BudgetLineForm | CurrencyForm,
    save: Callable[..., object],
    success: str,
) -> HttpResponse:
    """Save one of the budget page's forms: back to the page, or the page again with the
    refused form."""
    if submit_form(request, form, save, success):
        return redirect("costs:budget", slug=program.slug)
    if isinstance(form, BudgetLineForm):
        return _budget_page(request, program, line_form=form)
    return _budget_page(request, program, currency_form=form)


@login_required
@require_safe
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators set the budget by category and year, and the program's currency."""
    return _budget_page(request, _budget_program(request, slug))


@login_required
@require_POST
def budget_line_save(request: HttpRequest, slug: str) -> HttpResponse:
    program = _budget_program(request, slug)
    form = BudgetLineForm(request.POST, initial={"year": timezone.localdate().year})
    save = partial(services.budget_line_save, program=program, actor=request.user)
    return _budget_form_save(request, program, form, save, _("Budget line saved."))


@login_required
@require_POST
def budget_currency_save(request: HttpRequest, slug: str) -> HttpResponse:
    program = _budget_program(request, slug)
    form = CurrencyForm(request.POST, initial={"currency": program_currency(program)})
    save = partial(services.cost_settings_save, program=program, actor=request.user)
    return _budget_form_save(request, program, form, save, _("Currency saved."))


@login_required
@require_POST
def budget_line_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    line = get_object_or_404(budget_lines_for_user(user=request.user, program=program), pk=pk)
    services.budget_line_delete(line=line, actor=request.user)
    messages.success(request, _("Budget line deleted."))
    return redirect("costs:budget", slug=slug)


# --- Report ------------------------------------------------------------------------------------


def report_table(report: CostReport, table: str) -> tuple[list[str], list[list[Any]]]:
    """One of the report's tables (mentors, regions or budget) as a header and rows."""
    if table == "regions":
        header = [
            _("Region"),
            _("Mentors"),
            _("Hours"),
            _("Approved cost"),
            _("Mentees served"),
            _("Cost per mentee served"),
        ]
        return header, [
            [r.region, r.mentors, r.hours, r.cost, r.mentees, r.cost_per_mentee]
            for r in report.regions
        ]
    if table == "budget":
        header = [_("Category"), _("Budget"), _("Spent (approved)"), _("Remaining"), _("% used")]
        return header, [
            [b.label, b.budget, b.spent, b.remaining, b.used_percent] for b in report.budget
        ]
    header = [
        _("Code"),
        _("Mentor"),
        _("Region"),
        _("Hours"),
        _("Approved cost"),
        _("Pending approval"),
        _("Mentees served"),
        _("Cost per mentee served"),
    ]
    return header, [
        [m.code, m.name, m.region, m.hours, m.cost, m.pending, m.mentees, m.cost_per_mentee]
        for m in report.mentors
    ]


def budget_chart(report: CostReport) -> Any:
    """Each category's budget and approved spending, side by side in two colours."""
    return charts.grouped_bars(
        [(line.label, [float(line.budget), float(line.spent)]) for line in report.budget],
        series=[_("Budget"), _("Spent (approved)")],
        title=_("Spent against budget, by category"),
        label_header=_("Category"),
        wide=True,
    )


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Hours and cost per mentor, per mentee served and per region, against the budget."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_coordinator(request.user, program)
    default_year = latest_report_year(program=program)
    years = report_years(program=program, latest=default_year)
    cohorts = list(program.cohorts.order_by("year", "name"))
    params = request.GET.copy()
    params.setdefault("year", str(default_year))
    form = ReportFilterForm(params, years=years, cohorts=cohorts)
    if form.is_valid():
        year, cohort_pk = form.cleaned_data["year"], form.cleaned_data["cohort"]
    else:
        year, cohort_pk = default_year, None
    cohort = next((c for c in cohorts if c.pk == cohort_pk), None)
    data = cost_report_for_user(user=request.user, program=program, year=year, cohort=cohort)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        table = request.GET.get("table", "mentors")
        table = table if table in {"mentors", "regions", "budget"} else "mentors"
        header, rows = report_table(data, table)
        suffix = f"-{cohort.year}" if cohort else ""
        return table_response(
            header, rows, filename=f"{program.slug}-costs-{year}{suffix}-{table}", fmt=fmt
        )
    context = {
        "program": program,
        "form": form,
        "report": data,
        "mentor_page": Paginator(data.mentors, PAGE_SIZE).get_page(request.GET.get("page")),
        "chart": budget_chart(data),
        "hours_chart": charts.bars(
            [(label, float(hours)) for label, hours in data.hours_by_category],
            title=_("Hours by category"),
            label_header=_("Category"),
            value_header=_("Hours"),
            wide=True,
        ),
        "query": f"year={year}" + (f"&cohort={cohort.pk}" if cohort else ""),
    }
    return render(request, "costs/report.html", context)


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The entry of the section: time logs for mentors, expenses awaiting for coordinators."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_cost_access(request.user, program)
    if is_coordinator(request.user, program):
        return redirect(
            f"{reverse('costs:expenses', args=[slug])}?status={Expense.Status.SUBMITTED}"
        )
    return redirect("costs:time", slug=slug)
