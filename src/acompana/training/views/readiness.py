"""Readiness before field work: the table trainers and coordinators sign, and the checklist a
coordinator edits. One view per action; each redirects back to the cohort's page."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common.views import run_service, submit_form
from acompana.people.models import MentorProfile
from acompana.programs import services as program_services
from acompana.programs.models import Cohort, Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import (
    ReadinessGateForm,
    ReadinessItemForm,
    ReadinessModulesForm,
    ReadinessSignForm,
)
from acompana.training.models import ReadinessItem, TrainingSession
from acompana.training.selectors import (
    ReadinessAccess,
    get_readiness_item,
    readiness_access,
    readiness_items_for_editing,
    readiness_mentors,
    readiness_table,
)

PAGE_SIZE = 50  # mentors per page of the readiness table


def _readiness_cohorts(
    request: HttpRequest, program: Program, access: ReadinessAccess
) -> tuple[list[Cohort], Cohort | None]:
    """The cohorts the user may see and the chosen one (``?cohort=`` or the form's field,
    else the latest); 404 for a cohort they may not see."""
    cohorts = list(program.cohorts.order_by("year", "name"))
    if not access.manage:
        assert access.mentor is not None
        mine = {c.pk for c in access.mentor.cohorts.all()}
        cohorts = [c for c in cohorts if c.pk in mine]
    chosen = request.GET.get("cohort") or request.POST.get("cohort")
    if chosen:
        cohort = next((c for c in cohorts if str(c.pk) == chosen), None)
        if cohort is None:
            raise Http404
        return cohorts, cohort
    return cohorts, (cohorts[-1] if cohorts else None)


def _readiness_url(slug: str, cohort: Cohort) -> str:
    return f"{reverse('training:readiness', args=[slug])}?cohort={cohort.pk}"


def _signing_cohort(request: HttpRequest, slug: str) -> tuple[Program, Cohort]:
    """The program and cohort of a signing action, for trainers and coordinators only."""
    program = get_program_for_user(user=request.user, slug=slug)
    access = readiness_access(user=request.user, program=program)
    _cohorts, cohort = _readiness_cohorts(request, program, access)
    if not access.manage or cohort is None:
        raise PermissionDenied
    return program, cohort


@login_required
@require_safe
def readiness(request: HttpRequest, slug: str) -> HttpResponse:
    """Readiness before field work: a table of mentors by items that trainers and coordinators
    sign; a mentor sees only their own row."""
    program = get_program_for_user(user=request.user, slug=slug)
    access = readiness_access(user=request.user, program=program)
    cohorts, cohort = _readiness_cohorts(request, program, access)
    items: list = []
    rows: list = []
    page = None
    if cohort is not None:
        mentors = readiness_mentors(cohort=cohort, mentor=None if access.manage else access.mentor)
        page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
        items, rows = readiness_table(cohort=cohort, mentors=page)
    context = {
        "program": program,
        "access": access,
        "cohorts": cohorts,
        "cohort": cohort,
        "items": items,
        "rows": rows,
        "page": page,
    }
    return render(request, "training/readiness.html", context)


@login_required
@require_POST
def readiness_defaults(request: HttpRequest, slug: str) -> HttpResponse:
    _program, cohort = _signing_cohort(request, slug)
    services.readiness_items_default(cohort=cohort, actor=request.user)
    messages.success(request, _("Default checklist created."))
    return redirect(_readiness_url(slug, cohort))


def _sign_target(program: Program, cohort: Cohort, *, item: int, mentor: int) -> dict[str, Any]:
    """The item and mentor of the cohort a signing form names (404 for others)."""
    checklist_item = get_readiness_item(program=program, pk=item)
    if checklist_item.cohort_id != cohort.pk:
        raise Http404
    profile = get_object_or_404(MentorProfile, program=program, cohorts=cohort, pk=mentor)
    return {"item": checklist_item, "mentor": profile}


def _signing(request: HttpRequest, slug: str, *, sign: bool) -> HttpResponse:
    """Sign, or withdraw the signature of, the item and mentor the form names in the chosen
    cohort; back to the cohort's table either way."""
    program, cohort = _signing_cohort(request, slug)

    def call(*, item: int, mentor: int, evidence: str) -> None:
        target = _sign_target(program, cohort, item=item, mentor=mentor)
        if sign:
            services.readiness_sign(**target, evidence=evidence, actor=request.user)
        else:
            services.readiness_unsign(**target, actor=request.user)

    success = _("Readiness item signed.") if sign else _("Signature withdrawn.")
    form = ReadinessSignForm(request.POST)
    submit_form(request, form, call, success, _("Choose a mentor and an item."))
    return redirect(_readiness_url(slug, cohort))


readiness_sign = login_required(require_POST(partial(_signing, sign=True)))
readiness_unsign = login_required(require_POST(partial(_signing, sign=False)))


# --- The checklist a coordinator edits ---------------------------------------------------------


def _checklist(request: HttpRequest, slug: str) -> tuple[Program, list[Cohort], Cohort]:
    """The program, its cohorts and the chosen one, for coordinators only."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    cohorts = list(program.cohorts.order_by("year", "name"))
    chosen = request.GET.get("cohort") or request.POST.get("cohort")
    if chosen:
        cohort = next((c for c in cohorts if str(c.pk) == chosen), None)
        if cohort is None:
            raise Http404
    elif cohorts:
        cohort = cohorts[-1]
    else:
        raise Http404
    return program, cohorts, cohort


def _items_url(slug: str, cohort: Cohort) -> str:
    return f"{reverse('training:readiness_items', args=[slug])}?cohort={cohort.pk}"


def _items_page(
    request: HttpRequest, slug: str, add_form: ReadinessItemForm | None = None
) -> HttpResponse:
    program, cohorts, cohort = _checklist(request, slug)
    context = {
        "program": program,
        "cohorts": cohorts,
        "cohort": cohort,
        "items": readiness_items_for_editing(user=request.user, program=program, cohort=cohort),
        "add_form": add_form or ReadinessItemForm(prefix="new"),
        "modules": TrainingSession.Module.choices,
    }
    return render(request, "training/readiness_items.html", context)


@login_required
@require_safe
def readiness_items(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator edits a cohort's readiness checklist: add, rename, reorder, deactivate."""
    return _items_page(request, slug)


@login_required
@require_POST
def readiness_item_add(request: HttpRequest, slug: str) -> HttpResponse:
    _program, _cohorts, cohort = _checklist(request, slug)
    form = ReadinessItemForm(request.POST, prefix="new")
    if not form.is_valid():
        return _items_page(request, slug, add_form=form)
    add = partial(services.readiness_item_add, cohort=cohort, actor=request.user)
    run_service(request, lambda: add(**form.cleaned_data), _("Item added."))
    return redirect(_items_url(slug, cohort))


def _item(request: HttpRequest, slug: str) -> tuple[ReadinessItem, Cohort]:
    """The item named by the form, among the chosen cohort's checklist (404 otherwise)."""
    program, _cohorts, cohort = _checklist(request, slug)
    items = readiness_items_for_editing(user=request.user, program=program, cohort=cohort)
    item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
    if item is None:
        raise Http404
    return item, cohort


def _item_save(
    request: HttpRequest, slug: str, cohort: Cohort, save: Callable[[], object]
) -> HttpResponse:
    """Run one change of the checklist; its refusal or "saved" goes back to the checklist."""
    run_service(request, save, _("Checklist saved."))
    return redirect(_items_url(slug, cohort))


@login_required
@require_POST
def readiness_item_edit(request: HttpRequest, slug: str) -> HttpResponse:
    item, cohort = _item(request, slug)
    form = ReadinessItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title."))
        return redirect(_items_url(slug, cohort))
    title = form.cleaned_data["title"]
    return _item_save(
        request,
        slug,
        cohort,
        lambda: services.readiness_item_edit(item=item, title=title, actor=request.user),
    )


def _item_change_view(change: Callable[..., object]) -> Callable[[HttpRequest, str], HttpResponse]:
    """The view of one change of an item that needs nothing but the item: ``change`` is called
    with the item and the actor."""

    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        item, cohort = _item(request, slug)
        return _item_save(request, slug, cohort, lambda: change(item=item, actor=request.user))

    return view


@login_required
@require_POST
def readiness_item_modules(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator names the training modules whose attendance signs an item (or none)."""
    item, cohort = _item(request, slug)
    form = ReadinessModulesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose training modules from the list."))
        return redirect(_items_url(slug, cohort))
    modules = form.cleaned_data["modules"]
    return _item_save(
        request,
        slug,
        cohort,
        lambda: services.readiness_item_set_modules(item=item, modules=modules, actor=request.user),
    )


@login_required
@require_POST
def readiness_gate(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator makes readiness a gate for matching and first visits, or not."""
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    form = ReadinessGateForm(request.POST)
    form.is_valid()
    gate = form.cleaned_data.get("readiness_gate", False)
    run_service(
        request,
        lambda: program_services.program_update(
            program=program, readiness_gate=gate, actor=request.user
        ),
        _("Readiness is now a gate for matching and first visits.")
        if gate
        else _("Readiness no longer stops matching or visits."),
    )
    return redirect(reverse("training:readiness", args=[slug]))


readiness_item_up = _item_change_view(partial(services.readiness_item_move, up=True))
readiness_item_down = _item_change_view(partial(services.readiness_item_move, up=False))
readiness_item_activate = _item_change_view(
    partial(services.readiness_item_set_active, active=True)
)
readiness_item_deactivate = _item_change_view(
    partial(services.readiness_item_set_active, active=False)
)
