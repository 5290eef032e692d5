"""The specialist's observations of a visit, and the mentee's diagnosis."""

from functools import partial
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import User
from acompana.common.views import run_service, submit_form
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
    record = partial(services.observation_record, visit=visit, specialist=request.user)
    recorded = _("Observation recorded; the mentor can read and answer it.")
    submit_form(request, ObservationForm(request.POST), record, recorded)
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def observation_reply(request: HttpRequest, slug: str, pk: int, observation: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    item = get_object_or_404(AccompanimentObservation, pk=observation, visit=visit)
    text = request.POST.get("reply", "")
    reply = partial(services.observation_reply, observation=item, text=text, actor=request.user)
    run_service(request, reply, None)
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
    record = partial(services.diagnosis_record, mentee=mentee, mentor=mentor, actor=request.user)
    invalid = _("Give the date of the diagnosis.")
    submit_form(request, form, record, _("Diagnosis recorded."), invalid)
    return redirect("hub:mentee", slug=slug, code=code)
