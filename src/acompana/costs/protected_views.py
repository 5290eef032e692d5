"""Protected time pages: school heads see their teachers' mentoring load in a term and approve
protected time; coordinators see every approval; a teacher sees their own."""

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.common.views import run_service, submit_form
from acompana.costs import protected_time as protected
from acompana.costs.forms import ProtectedTimeForm, TeacherRateForm, TermForm
from acompana.costs.permissions import require_coordinator
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50


def _term(request: HttpRequest) -> tuple[TermForm, datetime.date, datetime.date]:
    start, end = protected.current_term()
    form = TermForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


@login_required
@require_safe
def protected_time(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators: every approval; school heads: their teachers' load in the term and their
    approvals; a teacher: their own protected time."""
    program = get_program_for_user(user=request.user, slug=slug)
    access = protected.access_for(user=request.user, program=program)
    term_form, start, end = _term(request)
    context: dict[str, Any] = {
        "program": program,
        "access": access,
        "term_form": term_form,
        "start": start,
        "end": end,
    }
    if access.head:
        teachers = protected.teachers_of(program=program, schools=access.schools)
        teacher_page = Paginator(teachers, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = teacher_page
        context["loads"] = protected.teacher_load(
            program=program, teachers=list(teacher_page.object_list), start=start, end=end
        )
    else:
        approvals = (
            protected.protected_time_for_user(user=request.user, program=program)
            .filter(term_start__lte=end, term_end__gte=start)
            .order_by("school__name", "mentee__code")
        )
        page = Paginator(approvals, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["approvals"] = [(p, protected.term_hours(p)) for p in page.object_list]
    return render(request, "costs/protected_time.html", context)


@login_required
def protected_time_approve(request: HttpRequest, slug: str) -> HttpResponse:
    """A school head approves protected time for one of their teachers in a term."""
    program = get_program_for_user(user=request.user, slug=slug)
    access = protected.require_school_head(user=request.user, program=program)
    teachers = list(protected.teachers_of(program=program, schools=access.schools))
    start, end = protected.current_term()
    initial = {"teacher": request.GET.get("teacher", ""), "term_start": start, "term_end": end}
    form = ProtectedTimeForm(request.POST or None, teachers=teachers, initial=initial)
    by_code = {t.code: t for t in teachers}

    def approve(*, teacher: str, **data: Any) -> object:
        return protected.protected_time_approve(
            teacher=by_code[teacher], actor=request.user, **data
        )

    if request.method == "POST" and submit_form(
        request, form, approve, _("Protected time approved.")
    ):
        return redirect("costs:protected_time", slug=slug)
    return render(request, "costs/protected_time_approve.html", {"program": program, "form": form})


@login_required
@require_POST
def protected_time_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    protected.require_school_head(user=request.user, program=program)
    approval = get_object_or_404(
        protected.protected_time_for_user(user=request.user, program=program), pk=pk
    )
    run_service(
        request,
        partial(protected.protected_time_withdraw, protected=approval, actor=request.user),
        _("Protected time withdrawn."),
    )
    return redirect("costs:protected_time", slug=slug)


@login_required
@require_POST
def teacher_rate_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators set the teacher hour rate (a form of the budget page)."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_coordinator(request.user, program)
    form = TeacherRateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a rate of zero or more, with at most two decimals."))
        return redirect("costs:budget", slug=slug)
    rate: Decimal = form.cleaned_data["rate"]
    run_service(
        request,
        partial(protected.teacher_hour_rate_save, program=program, rate=rate, actor=request.user),
        _("Teacher hour rate saved."),
    )
    return redirect("costs:budget", slug=slug)
