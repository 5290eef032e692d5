"""Programs (site administrators) and cohorts (coordinators) created and edited from pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.services import member_add
from acompana.programs.forms import CohortForm, ProgramCreateForm
from acompana.programs.selectors import get_cohort_for_user, get_program_for_user
from acompana.programs.services import cohort_create, cohort_update, program_create

COORDINATOR = (Role.COORDINATOR,)


@login_required
def program_new(request: HttpRequest) -> HttpResponse:
    """A new program and its first coordinator; for site administrators (``is_staff``)."""
    if not (request.user.is_staff and request.user.is_active):
        raise PermissionDenied
    form = ProgramCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                program = program_create(
                    slug=data["slug"],
                    name=data["name"],
                    description=data["description"],
                    time_zone=data["time_zone"],
                    language=data["language"],
                    actor=request.user,
                )
                member_add(
                    program=program,
                    email=data["coordinator"],
                    role=Role.COORDINATOR,
                    actor=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The program is created."))
            return redirect("programs:detail", program.slug)
    return render(request, "programs/program_new.html", {"form": form})


@login_required
def cohort_new(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_create(program=program, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort is created."))
            return redirect("programs:cohort", program.slug, cohort.pk)
    return render(
        request, "programs/cohort_form.html", {"program": program, "form": form, "cohort": None}
    )


@login_required
def cohort_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    cohort = get_cohort_for_user(user=request.user, program=program, pk=pk)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            cohort_update(cohort=cohort, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort is saved."))
            return redirect("programs:cohort", program.slug, cohort.pk)
    return render(
        request, "programs/cohort_form.html", {"program": program, "form": form, "cohort": cohort}
    )
