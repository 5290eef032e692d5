"""The rollover of a cohort as a page for coordinators: the form, a preview of what will be
created (a dry run), then the rollover and the list of what it created."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acompana.accounts.models import Role
from acompana.hub.rollover import cohort_rollover
from acompana.hub.rollover_forms import RolloverForm
from acompana.programs.selectors import get_cohort_for_user, get_program_for_user


@login_required
def cohort_rollover_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    source = get_cohort_for_user(user=request.user, program=program, pk=pk)
    form = RolloverForm(request.POST or None, source=source)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = cohort_rollover(
                source=source,
                name=data["name"],
                year=data["year"],
                mentor_ids=data["mentors"],
                mentee_ids=data["mentees"],
                continue_partnerships=data["continue_partnerships"],
                dry_run=request.POST.get("confirm") != "1",
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    context = {"program": program, "cohort": source, "form": form, "result": result}
    return render(request, "hub/rollover.html", context)
