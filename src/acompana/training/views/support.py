"""Support around training: buddy pairs and their meetings, specialists who accompany
mentors."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.common.narrowing import Narrowed, narrowed
from acompana.common.views import run_service, submit_form, with_records
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import BuddyMeetingForm, SpecialistAssignForm
from acompana.training.selectors import (
    buddy_pairs_for_user,
    program_specialists,
    specialist_assignments_for_user,
)


@login_required
def buddies(request: HttpRequest, slug: str) -> HttpResponse:
    """The caller's buddy pairs and their informal meetings, with a form to log one."""
    program = get_program_for_user(user=request.user, slug=slug)
    pairs = buddy_pairs_for_user(user=request.user, program=program)
    form = BuddyMeetingForm(
        request.POST if request.method == "POST" else None,
        pairs=pairs,
        initial={"met_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not pairs:
            raise PermissionDenied
        log = with_records(partial(services.buddy_meeting_log, actor=request.user), pair=pairs)
        if submit_form(request, form, log, _("Meeting logged.")):
            return redirect("training:buddies", slug=slug)
    context = {"program": program, "pairs": pairs, "form": form if pairs else None}
    return render(request, "training/buddies.html", context)


def _coordinator_program(request: HttpRequest, slug: str) -> Program:
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    return program


def _offered_mentors(request: HttpRequest, program: Program) -> Narrowed:
    """The mentors the form offers: at most 50, narrowed by ``?q=`` (a code or name), plus the
    one posted."""
    mentors = MentorProfile.objects.filter(program=program, active=True).select_related("user")
    return narrowed(
        mentors.order_by("code"),
        search=request.GET.get("q", ""),
        fields=("code", "user__first_name", "user__last_name"),
        keep=[request.POST.get("mentor")],
    )


def _assign_form(program: Program, offered: Narrowed, data: object = None) -> SpecialistAssignForm:
    return SpecialistAssignForm(
        data, specialists=program_specialists(program), mentors=offered.rows
    )


def _specialists_page(
    request: HttpRequest, program: Program, form: SpecialistAssignForm | None = None
) -> HttpResponse:
    offered = _offered_mentors(request, program)
    context = {
        "program": program,
        "assignments": specialist_assignments_for_user(user=request.user, program=program),
        "form": form or _assign_form(program, offered),
        "narrowed": offered,
    }
    return render(request, "training/specialists.html", context)


@login_required
@require_safe
def specialists(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator assigns specialists to accompany mentors, with their discipline, and
    ends assignments."""
    return _specialists_page(request, _coordinator_program(request, slug))


@login_required
@require_POST
def specialist_assign(request: HttpRequest, slug: str) -> HttpResponse:
    program = _coordinator_program(request, slug)
    form = _assign_form(program, _offered_mentors(request, program), request.POST)
    assign = with_records(
        lambda specialist, mentor, discipline, other: services.specialist_assign(
            program=program,
            specialist=specialist,
            mentor=mentor,
            discipline=discipline,
            actor=request.user,
        ),
        specialist=program_specialists(program),
        mentor=MentorProfile.objects.filter(program=program, active=True),
    )
    if submit_form(request, form, assign, _("Specialist assigned.")):
        return redirect("training:specialists", slug=slug)
    return _specialists_page(request, program, form)


@login_required
@require_POST
def specialist_end(request: HttpRequest, slug: str) -> HttpResponse:
    program = _coordinator_program(request, slug)
    assignments = specialist_assignments_for_user(user=request.user, program=program)
    assignment = get_object_or_404(assignments, pk=request.POST.get("assignment"))
    end = partial(services.specialist_unassign, assignment=assignment, actor=request.user)
    if run_service(request, end, _("Assignment ended.")):
        return redirect("training:specialists", slug=slug)
    return _specialists_page(request, program)
