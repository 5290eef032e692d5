"""The specialist's observations of a visit, and the mentee's diagnosis."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import User
from acompana.common.views import validation_failed
from acompana.people.selectors import get_mentee_for_user
from acompana.programs.selectors import get_program_for_user
from acompana.visits import services
from acompana.visits.forms import (
    DiagnosisForm,
    ObservationForm,
)
from acompana.visits.models import (
    AccompanimentObservation,
)
from acompana.visits.selectors import (
    get_visit_for_user,
    program_competencies,
)


@login_required
@require_POST
def observation_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A specialist who accompanies the visit's mentor records an observation of the visit."""
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk)
    form = ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.observation_record(visit=visit, specialist=request.user, **form.cleaned_data)
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Observation recorded; the mentor can read and answer it."))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def observation_reply(request: HttpRequest, slug: str, pk: int, observation: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    item = get_object_or_404(AccompanimentObservation, pk=observation, visit=visit)
    try:
        services.observation_reply(
            observation=item, text=request.POST.get("reply", ""), actor=request.user
        )
    except ValidationError as exc:
        validation_failed(request, exc)
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def diagnosis_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The mentee's mentor records the starting diagnosis by competency."""
    program = get_program_for_user(user=request.user, slug=slug)
    mentee = get_mentee_for_user(user=request.user, program=program, code=code)
    mentor = program.mentor_profiles.filter(user=cast(User, request.user)).first()
    form = DiagnosisForm(request.POST, competencies=program_competencies(program))
    if mentor is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            services.diagnosis_record(
                mentee=mentee, mentor=mentor, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Diagnosis recorded."))
    else:
        messages.error(request, _("Give the date of the diagnosis."))
    return redirect("hub:mentee", slug=slug, code=code)
