"""Observation instruments: a program's list, creating one, filling one in a visit."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common.views import run_service, submit_form
from acompana.programs.selectors import get_program_for_user
from acompana.visits.forms import (
    InstrumentForm,
)
from acompana.visits.instruments import (
    instrument_create,
    instrument_response_save,
    instruments_for_program,
)
from acompana.visits.models import (
    ItemAnswer,
)
from acompana.visits.selectors import (
    get_visit_for_user,
)


def _answers_from_post(request: HttpRequest, items) -> dict[int, dict]:
    answers = {}
    for item in items:
        level = request.POST.get(f"level-{item.pk}")
        answers[item.pk] = {
            "level": int(level) if level and level.isdigit() else None,
            "checked": True if request.POST.get(f"checked-{item.pk}") else None,
            "answer": request.POST.get(f"answer-{item.pk}", "").strip(),
            "evidence": request.POST.get(f"evidence-{item.pk}", "").strip(),
        }
    return answers


@login_required
def instrument_fill(request: HttpRequest, slug: str, pk: int, instrument: str) -> HttpResponse:
    """Fill (the visit's mentor) or read (specialist, coordinator) an instrument of a visit."""
    program = get_program_for_user(user=request.user, slug=slug)
    visit, access = get_visit_for_user(
        user=request.user, program=program, pk=pk, write=request.method == "POST"
    )
    if not access.private:
        raise PermissionDenied
    chosen = get_object_or_404(instruments_for_program(program), slug=instrument)
    items = list(chosen.items.all())
    save = partial(instrument_response_save, visit=visit, instrument=chosen, actor=request.user)
    if request.method == "POST" and run_service(
        request, lambda: save(answers=_answers_from_post(request, items)), _("Instrument saved.")
    ):
        return redirect("visits:detail", slug=slug, pk=pk)
    saved = {
        a.item_id: a
        for a in ItemAnswer.objects.filter(response__visit=visit, response__instrument=chosen)
    }
    rows = [
        {
            "item": item,
            "answer": saved.get(item.pk),
            "levels": [
                {**level, "descriptor": (item.descriptors[i] if i < len(item.descriptors) else "")}
                for i, level in enumerate(chosen.levels)
            ],
        }
        for item in items
    ]
    context = {
        "program": program,
        "visit": visit,
        "instrument": chosen,
        "rows": rows,
        "can_write": access.write,
    }
    return render(request, "visits/instrument_form.html", context)


@login_required
def instrument_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The instruments a program uses; coordinators add the program's own."""
    program = get_program_for_user(
        user=request.user,
        slug=slug,
        roles=(Role.COORDINATOR, Role.MENTOR, Role.SPECIALIST, Role.TRAINER),
    )
    is_coordinator = has_role(request.user, program, Role.COORDINATOR)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        create = partial(instrument_create, program=program, actor=request.user)
        if submit_form(request, form, create, _("Instrument created.")):
            return redirect("visits:instruments", slug=slug)
    instruments = instruments_for_program(program).prefetch_related("items")
    return render(
        request,
        "visits/instrument_list.html",
        {
            "program": program,
            "instruments": instruments,
            "form": form if is_coordinator else None,
        },
    )
