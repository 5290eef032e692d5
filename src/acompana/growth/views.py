"""Self-assessment pages: the list (by role; a coordinator's with filters and downloads), a
mentee's start and form, the read-only view with the cycle's chart, corrections, and the
mentors' evidence form."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acompana.accounts.models import Role
from acompana.common.exports import table_response
from acompana.common.pagination import CappedPaginator
from acompana.frameworks.models import Competency
from acompana.growth import selectors, services
from acompana.growth.drawing import change_svg
from acompana.growth.forms import EvidenceForm, SelfAssessmentForm, StartForm
from acompana.growth.models import SelfAssessment
from acompana.growth.permissions import require_growth_role
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50
EXPORT_ROWS = 20_000


@login_required
@require_safe
def assessment_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    roles = require_growth_role(request.user, program)
    cohorts = selectors.cohorts_of(program=program)
    cohort = None
    raw = request.GET.get("cohort", "")
    if raw.isdigit():
        cohort = cohorts.filter(pk=int(raw)).first()
    rows = selectors.assessment_list_for_user(user=request.user, program=program, cohort=cohort)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        if Role.COORDINATOR not in roles:
            raise PermissionDenied
        return _download(rows, fmt=fmt, filename=f"{program.slug}-self-assessments")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    mentee = (
        selectors.mentee_profile_of(user=request.user, program=program)
        if Role.MENTEE in roles
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    downloads = []
    if Role.COORDINATOR in roles and page.object_list:
        for name in ("csv", "xlsx"):
            query["format"] = name
            downloads.append((name.upper(), "?" + query.urlencode()))
    context = {
        "program": program,
        "page": page,
        "cohorts": cohorts,
        "cohort": cohort,
        "can_start": mentee is not None,
        "coordinator": Role.COORDINATOR in roles,
        "downloads": downloads,
    }
    return render(request, "growth/assessment_list.html", context)


def _download(rows: QuerySet[SelfAssessment], *, fmt: str, filename: str) -> HttpResponse:
    header = [
        _("Cycle"),
        _("Mentee code"),
        _("Mentee"),
        _("School"),
        _("Moment"),
        _("Version"),
        _("Framework"),
        _("Submitted"),
    ]
    data = (
        [
            str(a.cohort),
            a.mentee.code,
            str(a.mentee.user),
            a.mentee.school.name if a.mentee.school else "",
            a.get_moment_display(),
            a.version,
            str(a.framework),
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
        ]
        for a in rows[:EXPORT_ROWS]
    )
    return table_response(header, data, filename=filename, fmt=fmt)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    roles = require_growth_role(request.user, program)
    mentee = (
        selectors.mentee_profile_of(user=request.user, program=program)
        if Role.MENTEE in roles
        else None
    )
    if mentee is None:
        raise PermissionDenied
    default = selectors.framework_for(program=program, mentee=mentee)
    form = StartForm(
        request.POST or None,
        cohorts=mentee.cohorts.order_by("-year", "name"),
        frameworks=selectors.frameworks_with_stages(),
        initial={"framework": default, "moment": request.GET.get("moment", "start")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.self_assessment_start(
                program=program, mentee=mentee, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("growth:edit", slug=program.slug, pk=assessment.pk)
    return render(
        request,
        "growth/assessment_start.html",
        {"program": program, "form": form, "no_framework": default is None},
    )


@login_required
@require_safe
def assessment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    assessment, access = selectors.get_assessment_for_user(
        user=request.user, program=program, pk=pk
    )
    cycle = selectors.cycle_of(assessment)
    ratings = selectors.ratings_of(assessment)
    strands = selectors.strands_of(assessment.framework)
    groups: list[dict[str, Any]] = []
    for strand in strands:
        if not groups or groups[-1]["domain"] != strand.domain:
            groups.append({"domain": strand.domain, "rows": []})
        groups[-1]["rows"].append({"strand": strand, "rating": ratings.get(strand.pk)})
    stage_names = {s.pk: s for s in selectors.stages_of(assessment.framework)}
    for group in groups:
        for row in group["rows"]:
            rating = row["rating"]
            row["stage"] = stage_names.get(rating.stage_id) if rating else None
    title = _("Change over the cycle, strand by strand")
    context = {
        "program": program,
        "assessment": assessment,
        "access": access,
        "latest": selectors.is_latest(assessment),
        "versions": selectors.versions_of(assessment),
        "groups": groups,
        "cycle": cycle,
        "chart": change_svg(cycle.chart, title=title) if cycle.start or cycle.end else "",
        "evidence": selectors.evidence_of(assessment),
    }
    return render(request, "growth/assessment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    assessment, access = selectors.get_assessment_for_user(
        user=request.user, program=program, pk=pk
    )
    if not access.fill_in:
        raise PermissionDenied
    if assessment.submitted:
        messages.info(request, _("This self-assessment is submitted; correct it to change it."))
        return redirect("growth:detail", slug=program.slug, pk=assessment.pk)
    form = SelfAssessmentForm(
        request.POST or None,
        strands=selectors.strands_of(assessment.framework),
        stages=selectors.stages_of(assessment.framework),
        ratings=selectors.ratings_of(assessment),
        initial={"revision": assessment.revision},
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.self_assessment_save(
                assessment=assessment,
                ratings=form.ratings(),
                expected_revision=form.cleaned_data["revision"],
                submit=submit,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submit:
                messages.success(request, _("Self-assessment submitted."))
                return redirect("growth:detail", slug=program.slug, pk=assessment.pk)
            messages.success(request, _("Draft saved."))
            return redirect("growth:edit", slug=program.slug, pk=assessment.pk)
    context = {"program": program, "assessment": assessment, "form": form}
    return render(request, "growth/assessment_form.html", context)


@login_required
@require_POST
def assessment_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    assessment, access = selectors.get_assessment_for_user(
        user=request.user, program=program, pk=pk
    )
    if not access.fill_in:
        raise PermissionDenied
    draft = services.self_assessment_correct(assessment=assessment, actor=request.user)
    return redirect("growth:edit", slug=program.slug, pk=draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    assessment, access = selectors.get_assessment_for_user(
        user=request.user, program=program, pk=pk
    )
    if not access.add_evidence:
        raise PermissionDenied
    strands = Competency.objects.filter(domain__framework=assessment.framework).order_by(
        "domain__position", "position", "code"
    )
    form = EvidenceForm(
        request.POST or None,
        strands=strands,
        visits=selectors.visit_choices(assessment),
        initial={"competency": request.GET.get("strand")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(assessment=assessment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("growth:detail", slug=program.slug, pk=assessment.pk)
    return render(
        request,
        "growth/evidence_form.html",
        {"program": program, "assessment": assessment, "form": form},
    )
