"""Pages that gather several apps: the home page and the mentor and mentee profiles (people,
their partnerships' history from agreements, and what field work says of them from visits)."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role
from acompana.hub.home import candidate_panel, home_panels
from acompana.people.selectors import (
    get_mentee_for_user,
    get_mentor_for_user,
    partnerships_of_mentee,
    partnerships_of_mentor,
)
from acompana.programs.selectors import get_program_for_user, program_roles_for_user
from acompana.visits.forms import DiagnosisForm
from acompana.visits.results import mentee_result_charts, observations_of_mentor
from acompana.visits.selectors import program_competencies


@login_required
def home(request: HttpRequest) -> HttpResponse:
    programs = program_roles_for_user(user=request.user)
    panels = [home_panels(user=request.user, program_roles=pr) for pr in programs]
    context = {"panels": panels, "candidate": candidate_panel(user=request.user)}
    return render(request, "hub/home.html", context)


@login_required
def mentor_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    mentor = get_mentor_for_user(user=request.user, program=program, code=code)
    context = {
        "program": program,
        "mentor": mentor,
        "partnerships": partnerships_of_mentor(mentor=mentor),
        "specialists": mentor.specialist_assignments.select_related("specialist"),
        "observations": observations_of_mentor(user=request.user, mentor=mentor),
    }
    return render(request, "hub/mentor_detail.html", context)


@login_required
def mentee_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    mentee = get_mentee_for_user(user=request.user, program=program, code=code)
    is_their_mentor = (
        partnerships_of_mentee(mentee=mentee).filter(mentor__user=cast(User, request.user)).exists()
    )
    context = {
        "program": program,
        "mentee": mentee,
        "partnerships": partnerships_of_mentee(mentee=mentee),
        "results": mentee_result_charts(mentee=mentee),
        "diagnoses": mentee.diagnoses.prefetch_related("strengths", "needs"),
        # The record of visits (PDF): the mentee, their mentor and coordinators.
        "record_download": is_their_mentor
        or mentee.user_id == request.user.pk
        or has_role(request.user, program, Role.COORDINATOR),
        "diagnosis_form": DiagnosisForm(competencies=program_competencies(program))
        if is_their_mentor
        else None,
    }
    return render(request, "hub/mentee_detail.html", context)
