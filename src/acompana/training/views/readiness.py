"""Readiness before field work: the table trainers and coordinators sign, and the checklist a
coordinator edits. One view per action; each redirects back to the cohort's page."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common.views import validation_failed
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import ReadinessItemForm, ReadinessSignForm
from acompana.training.models import ReadinessItem
from acompana.training.selectors import (
    ReadinessAccess,
    get_readiness_item,
    readiness_access,
    readiness_items_for_editing,
    readiness_table,
)


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
    if cohort is not None:
        items, rows = readiness_table(
            cohort=cohort, mentor=None if access.manage else access.mentor
        )
    context = {
        "program": program,
        "access": access,
        "cohorts": cohorts,
        "cohort": cohort,
        "items": items,
        "rows": rows,
    }
    return render(request, "training/readiness.html", context)


@login_required
@require_POST
def readiness_defaults(request: HttpRequest, slug: str) -> HttpResponse:
    _program, cohort = _signing_cohort(request, slug)
    services.readiness_items_default(cohort=cohort, actor=request.user)
    messages.success(request, _("Default checklist created."))
    return redirect(_readiness_url(slug, cohort))


def _sign_target(
    request: HttpRequest, program: Program, cohort: Cohort, form: ReadinessSignForm
) -> tuple[ReadinessItem, MentorProfile]:
    item = get_readiness_item(program=program, pk=form.cleaned_data["item"])
    if item.cohort_id != cohort.pk:
        raise Http404
    mentor = get_object_or_404(
        MentorProfile, program=program, cohorts=cohort, pk=form.cleaned_data["mentor"]
    )
    return item, mentor


@login_required
@require_POST
def readiness_sign(request: HttpRequest, slug: str) -> HttpResponse:
    program, cohort = _signing_cohort(request, slug)
    form = ReadinessSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a mentor and an item."))
        return redirect(_readiness_url(slug, cohort))
    item, mentor = _sign_target(request, program, cohort, form)
    try:
        services.readiness_sign(
            item=item, mentor=mentor, evidence=form.cleaned_data["evidence"], actor=request.user
        )
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _("Readiness item signed."))
    return redirect(_readiness_url(slug, cohort))


@login_required
@require_POST
def readiness_unsign(request: HttpRequest, slug: str) -> HttpResponse:
    program, cohort = _signing_cohort(request, slug)
    form = ReadinessSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a mentor and an item."))
        return redirect(_readiness_url(slug, cohort))
    item, mentor = _sign_target(request, program, cohort, form)
    try:
        services.readiness_unsign(item=item, mentor=mentor, actor=request.user)
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _("Signature withdrawn."))
    return redirect(_readiness_url(slug, cohort))


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
    if form.is_valid():
        try:
            services.readiness_item_add(
                cohort=cohort, title=form.cleaned_data["title"], actor=request.user
            )
        except ValidationError as exc:
            validation_failed(request, exc)
            return redirect(_items_url(slug, cohort))
        messages.success(request, _("Item added."))
        return redirect(_items_url(slug, cohort))
    return _items_page(request, slug, add_form=form)


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
    try:
        save()
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _("Checklist saved."))
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


def _item_move(request: HttpRequest, slug: str, *, up: bool) -> HttpResponse:
    item, cohort = _item(request, slug)
    return _item_save(
        request,
        slug,
        cohort,
        lambda: services.readiness_item_move(item=item, up=up, actor=request.user),
    )


@login_required
@require_POST
def readiness_item_up(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_move(request, slug, up=True)


@login_required
@require_POST
def readiness_item_down(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_move(request, slug, up=False)


def _item_set_active(request: HttpRequest, slug: str, *, active: bool) -> HttpResponse:
    item, cohort = _item(request, slug)
    return _item_save(
        request,
        slug,
        cohort,
        lambda: services.readiness_item_set_active(item=item, active=active, actor=request.user),
    )


@login_required
@require_POST
def readiness_item_activate(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_set_active(request, slug, active=True)


@login_required
@require_POST
def readiness_item_deactivate(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_set_active(request, slug, active=False)
