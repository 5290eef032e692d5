from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common.models import AuditEntry
from acompana.programs.selectors import (
    cohort_list,
    get_cohort_for_user,
    get_program_for_user,
    school_list_for_user,
)

PAGE_SIZE = 50


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "cohorts": cohort_list(program=program)},
    )


@login_required
def cohort_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    cohort = get_cohort_for_user(user=request.user, program=program, pk=pk)
    return render(request, "programs/cohort_detail.html", {"program": program, "cohort": cohort})


@login_required
def school_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    schools = school_list_for_user(user=request.user, program=program)
    q = request.GET.get("q", "").strip()
    if q:
        schools = schools.filter(name__icontains=q) | schools.filter(code__icontains=q)
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/school_list.html", {"program": program, "page": page, "q": q})


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    entries = AuditEntry.objects.filter(program=program).select_related("actor")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/audit_log.html", {"program": program, "page": page})
