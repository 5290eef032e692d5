"""Agreement pages: the list, issuing, one agreement (versions, diff, acknowledgements, goals
and their chart), renegotiation, goals and progress, templates and partnership changes."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.agreements import services
from acompana.agreements.forms import (
    AcknowledgeForm,
    ChangeForm,
    GoalForm,
    IssueForm,
    ProgressForm,
    StatusFilterForm,
    TemplateForm,
    VersionForm,
    template_stamp,
)
from acompana.agreements.models import (
    TEXT_FIELDS,
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    Goal,
    Party,
    field_label,
)
from acompana.agreements.permissions import require_coordinator
from acompana.agreements.selectors import (
    agreement_list_for_user,
    agreement_versions,
    get_agreement_for_user,
    goals_chart,
    goals_with_progress,
    modes_display,
    pairs_to_offer,
    partnerships_to_issue,
    version_diff,
)
from acompana.common.views import run_service, service_result, submit_form, with_records
from acompana.people.models import MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.visits.selectors import program_competencies

PAGE_SIZE = 50


def _program(request: HttpRequest, slug: str) -> Program:
    return get_program_for_user(user=request.user, slug=slug)


@login_required
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug)
    qs = agreement_list_for_user(user=request.user, program=program)
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    form = StatusFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        qs = qs.filter(status=form.cleaned_data["status"])
    qs = qs.select_related("partnership__mentor__user", "partnership__mentee__user").order_by(
        "partnership__mentor__code", "partnership__mentee__code", "pk"
    )
    context = {
        "program": program,
        "form": form,
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "counts": [
            (value, label, counts.get(value, 0)) for value, label in Agreement.Status.choices
        ],
        "coordinator": _is_coordinator(request, program),
    }
    return render(request, "agreements/agreement_list.html", context)


def _is_coordinator(request: HttpRequest, program: Program) -> bool:
    try:
        require_coordinator(request.user, program)
    except PermissionDenied:
        return False
    return True


@login_required
def agreement_issue(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator issues a pair's agreement from a template."""
    program = _program(request, slug)
    require_coordinator(request.user, program)
    templates = services.template_defaults_ensure(program=program)
    pending = partnerships_to_issue(program=program)
    offered = pairs_to_offer(
        program=program,
        search=request.GET.get("q", ""),
        keep=[request.POST.get("partnership"), request.GET.get("partnership")],
    )
    form = IssueForm(
        request.POST or None,
        partnerships=offered.rows,
        templates=templates,
        initial={"partnership": request.GET.get("partnership")},
    )
    issue = with_records(
        partial(services.agreement_issue, actor=request.user),
        partnership=pending,
        template=AgreementTemplate.objects.filter(program=program),
    )
    if request.method == "POST" and form.is_valid():
        agreement = service_result(
            request, lambda: issue(**form.cleaned_data), _("Agreement created.")
        )
        if agreement is not None:
            return redirect("agreements:detail", slug=slug, pk=agreement.pk)
    return render(
        request,
        "agreements/agreement_issue.html",
        {"program": program, "form": form, "templates": templates, "narrowed": offered},
    )


def _agreement(
    request: HttpRequest, slug: str, pk: int, *, may: Callable[[Any], bool]
) -> tuple[Program, Agreement]:
    """The program and the agreement, for those whose access to it ``may`` do the action (404
    for those who may not see it, 403 for the others)."""
    program = _program(request, slug)
    agreement, access = get_agreement_for_user(user=request.user, program=program, pk=pk)
    if not may(access):
        raise PermissionDenied
    return program, agreement


@login_required
def agreement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    agreement, access = get_agreement_for_user(user=request.user, program=program, pk=pk)
    versions = agreement_versions(agreement=agreement)
    current = versions[0]
    acknowledged = {a.party: a for a in current.acknowledgements.all()}
    goals = goals_with_progress(agreement=agreement)
    context = {
        "program": program,
        "agreement": agreement,
        "access": access,
        "current": current,
        "fields": [(field_label(AgreementVersion, f), getattr(current, f)) for f in TEXT_FIELDS],
        "modes": modes_display(current.modes),
        "parties": [(value, label, acknowledged.get(value)) for value, label in Party.choices],
        "can_acknowledge": [
            p
            for p in access.parties
            if p not in acknowledged and current.issued and agreement.status != "closed"
        ],
        "versions": [
            (v, version_diff(versions[i + 1] if i + 1 < len(versions) else None, v))
            for i, v in enumerate(versions)
        ],
        "goals": goals,
        "chart": goals_chart(goals),
        "open": agreement.status != Agreement.Status.CLOSED,
    }
    return render(request, "agreements/agreement_detail.html", context)


@login_required
@require_POST
def agreement_acknowledge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    agreement, access = get_agreement_for_user(user=request.user, program=program, pk=pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["party"] not in access.parties:
        raise PermissionDenied
    acknowledge = partial(
        services.agreement_acknowledge, agreement=agreement, user=request.user, **form.cleaned_data
    )
    run_service(request, acknowledge, _("Thank you: your acknowledgement is recorded."))
    return redirect("agreements:detail", slug=slug, pk=pk)


@login_required
def agreement_revise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Renegotiate: a new version of the texts (or edit the draft)."""
    program, agreement = _agreement(request, slug, pk, may=lambda access: access.manage)
    current = agreement.versions.get(number=agreement.current_number)
    initial = {f: getattr(current, f) for f in (*TEXT_FIELDS, "modes")}
    form = VersionForm(request.POST or None, initial={**initial, "revision": agreement.revision})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revise = partial(
            services.agreement_revise,
            agreement=agreement,
            revision=data["revision"],
            texts=data,
            change_note=data["change_note"],
            issue=data["issue"],
            actor=request.user,
        )
        if run_service(request, revise, lambda v: _("Version %(n)s saved.") % {"n": v.number}):
            return redirect("agreements:detail", slug=slug, pk=pk)
        status = 409 if agreement.revision != data["revision"] else 400
    context = {"program": program, "agreement": agreement, "current": current, "form": form}
    return render(request, "agreements/agreement_revise.html", context, status=status)


@login_required
def goal_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program, agreement = _agreement(request, slug, pk, may=lambda access: access.add_goals)
    competencies = program_competencies(program)
    form = GoalForm(request.POST or None, competencies=competencies)
    add = partial(services.goal_add, agreement=agreement, actor=request.user)

    def add_goal(*, competency: str, **goal: Any) -> object:
        chosen = competencies.filter(pk=competency).first() if competency else None
        return add(competency=chosen, **goal)

    if request.method == "POST" and submit_form(request, form, add_goal, _("Goal added.")):
        return redirect("agreements:detail", slug=slug, pk=pk)
    context = {"program": program, "agreement": agreement, "form": form}
    return render(request, "agreements/goal_form.html", context)


@login_required
def goal_progress(request: HttpRequest, slug: str, pk: int, goal: int) -> HttpResponse:
    program, agreement = _agreement(request, slug, pk, may=lambda access: access.record_progress)
    item: Goal = get_object_or_404(agreement.goals.select_related("competency"), pk=goal)
    form = ProgressForm(request.POST or None)
    item.agreement = agreement  # already loaded with its partnership
    record = partial(services.goal_progress_record, goal=item, actor=request.user)
    if request.method == "POST" and submit_form(request, form, record, _("Progress recorded.")):
        return redirect("agreements:detail", slug=slug, pk=pk)
    updates = item.progress.select_related("author").order_by("-recorded_on", "-pk")
    context = {
        "program": program,
        "agreement": agreement,
        "goal": item,
        "form": form,
        "updates": updates,
    }
    return render(request, "agreements/goal_progress.html", context)


@login_required
def template_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug)
    require_coordinator(request.user, program)
    templates = services.template_defaults_ensure(program=program)
    return render(
        request, "agreements/template_list.html", {"program": program, "templates": templates}
    )


@login_required
def template_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    program = _program(request, slug)
    require_coordinator(request.user, program)
    template = get_object_or_404(AgreementTemplate, program=program, pk=pk) if pk else None
    initial: dict[str, Any] = TemplateForm.initial_from(template) if template else {}
    form = TemplateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        stamp = form.cleaned_data["stamp"]
        save = partial(
            services.template_save,
            program=program,
            template=template,
            data=form.cleaned_data,
            stamp=stamp,
            actor=request.user,
        )
        if run_service(request, save, _("Template saved.")):
            return redirect("agreements:templates", slug=slug)
        stale = template is not None and stamp and stamp != template_stamp(template)
        status = 409 if stale else 200
    context = {"program": program, "template": template, "form": form}
    return render(request, "agreements/template_form.html", context, status=status)


@login_required
def partnership_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Pause, resume, end or reassign a partnership (coordinators)."""
    program = _program(request, slug)
    require_coordinator(request.user, program)
    partnership = get_object_or_404(
        Partnership.objects.select_related("mentor__user", "mentee__user"), program=program, pk=pk
    )
    mentors = (
        MentorProfile.objects.filter(program=program, active=True)
        .exclude(pk=partnership.mentor_id)
        .select_related("user")
        .order_by("code")
    )
    form = ChangeForm(request.POST or None, mentors=mentors)
    change = partial(services.partnership_change, partnership=partnership, actor=request.user)

    def record(*, new_mentor: int | None, **data: Any) -> Any:
        chosen = mentors.filter(pk=new_mentor).first() if new_mentor else None
        return change(new_mentor=chosen, **data)

    if request.method == "POST" and submit_form(
        request, form, record, lambda done: _("Change recorded: %s") % done.get_kind_display()
    ):
        return redirect("hub:mentee", slug=slug, code=partnership.mentee.code)
    is_active = active_partnerships(program=program).filter(pk=partnership.pk).exists()
    changes = partnership.changes.select_related("actor", "new_partnership__mentor__user")
    context = {
        "program": program,
        "partnership": partnership,
        "form": form,
        "active": is_active,
        "changes": changes,
    }
    return render(request, "agreements/partnership_change.html", context)
