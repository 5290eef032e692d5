"""Visit pages: the list and scheduling, one visit, its notebook, dialogue, status and
commitments."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.common.pagination import CappedPaginator
from acompana.common.views import run_service, service_result, submit_form, validation_failed
from acompana.people.selectors import active_partnerships
from acompana.programs.selectors import get_program_for_user
from acompana.visits import services
from acompana.visits.forms import (
    CommitmentForm,
    DialogueForm,
    NotebookForm,
    ObservationForm,
    ScheduleForm,
    StatusForm,
)
from acompana.visits.instruments import (
    instruments_for_program,
)
from acompana.visits.models import (
    Commitment,
    Dialogue,
    FieldNote,
    Round,
    Visit,
)
from acompana.visits.next_step import visit_next_step
from acompana.visits.selectors import (
    commitments_overdue_for_user,
    get_visit_for_user,
    open_commitments_of_pair,
    visit_list_for_user,
)

PAGE_SIZE = 50


def _schedule_form(request, program):
    mentor = program.mentor_profiles.filter(user=request.user).first()
    if mentor is None:
        return None, None
    partners = [
        p.mentee
        for p in active_partnerships(program=program)
        .filter(mentor=mentor)
        .select_related("mentee__user")
        .order_by("mentee__code")
    ]
    rounds = Round.objects.filter(program=program).order_by("-starts_on")
    form = ScheduleForm(
        request.POST or None,
        partners=partners,
        rounds=rounds,
        initial={"mentee": request.GET.get("mentee", "")[:12]},
    )
    return mentor, form


@login_required
def visit_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visits = visit_list_for_user(user=request.user, program=program).select_related(
        "mentor__user", "mentee__user", "round"
    )
    mentor, form = _schedule_form(request, program)
    if request.method == "POST" and form is not None and form.is_valid():
        schedule = partial(services.visit_schedule, mentor=mentor, actor=request.user)

        def schedule_visit(*, mentee: int, round: Any, **data: Any) -> Visit:
            meeting = {name: data.pop(name, "") for name in ScheduleForm.MEETING}
            return schedule(
                mentee=get_object_or_404(program.mentee_profiles, pk=mentee),
                round=Round.objects.filter(program=program, pk=round).first(),
                meeting=meeting,
                **data,
            )

        visit = service_result(request, lambda: schedule_visit(**form.cleaned_data), None)
        if visit is not None:
            return redirect("visits:detail", slug=slug, pk=visit.pk)
    page = CappedPaginator(visits, PAGE_SIZE, by_id=True).get_page(request.GET.get("page"))
    overdue = commitments_overdue_for_user(user=request.user, program=program)[:20]
    context = {"program": program, "page": page, "form": form, "overdue": overdue}
    return render(request, "visits/visit_list.html", context)


@login_required
def visit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, access = get_visit_for_user(user=request.user, program=program, pk=pk)
    dialogue = Dialogue.objects.filter(visit=visit).first()
    context = {
        "program": program,
        "visit": visit,
        "access": access,
        "dialogue": dialogue,
        "earlier_commitments": open_commitments_of_pair(visit=visit),
        "commitments": visit.commitments.all(),
    }
    if access.private:
        note = FieldNote.objects.filter(visit=visit).first() or FieldNote(visit=visit)
        context |= {
            "protocol_steps": visit.protocol_version.steps.order_by("position")
            if visit.protocol_version
            else [],
            "notebook_form": NotebookForm(instance=note, initial={"version": note.version}),
            "dialogue_form": DialogueForm(
                instance=dialogue or Dialogue(visit=visit),
                initial={"version": dialogue.version if dialogue else 0},
            ),
            "status_changes": visit.status_changes.select_related("actor"),
        }
    if access.private:
        context |= {
            "instruments": instruments_for_program(program),
            "filled": set(visit.responses.values_list("instrument__slug", flat=True)),
            "observations": visit.observations.select_related("specialist"),
            "can_observe": access.observe,
            "observation_form": ObservationForm(),
        }
    if access.write:
        context |= {
            "status_form": StatusForm(initial={"status": visit.status}),
            "commitment_form": CommitmentForm(),
            "next_step": visit_next_step(visit=visit, note=note, dialogue=dialogue),
        }
    return render(request, "visits/visit_detail.html", context)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def notebook_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save the notebook. Autosave sends JSON-accepting requests; a stale version gets 409
    with what is saved now, so the page can show both texts and nothing is lost."""
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    form = NotebookForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": form.errors}, status=400)
        messages.error(request, _("The notebook could not be saved."))
        return redirect("visits:detail", slug=slug, pk=pk)
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        note = services.field_note_save(
            visit=visit,
            data=data,
            base_version=form.cleaned_data["version"],
            actor=request.user,
        )
    except services.StaleVersion as stale:
        current = stale.current
        if _wants_json(request):
            return JsonResponse(
                {
                    "conflict": True,
                    "version": current.version,
                    "saved": {f: getattr(current, f) for f in services.NOTE_FIELDS},
                },
                status=409,
            )
        messages.error(
            request,
            _(
                "The notebook was changed elsewhere (another device or tab) since you opened it. "
                "Your text is below the saved one: merge them and save again."
            ),
        )
        return render(
            request,
            "visits/notebook_conflict.html",
            {
                "program": program,
                "visit": visit,
                "mine": data,
                "saved": current,
                "form": NotebookForm(instance=current, initial={"version": current.version}),
            },
            status=409,
        )
    if _wants_json(request):
        return JsonResponse({"version": note.version, "saved_at": note.updated_at.isoformat()})
    messages.success(request, _("Notebook saved."))
    return redirect("visits:detail", slug=slug, pk=pk)


def _writable_visit(request: HttpRequest, slug: str, pk: int) -> Visit:
    """The visit, for those who may write in it (404 or 403 otherwise)."""
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    return visit


@login_required
@require_POST
def dialogue_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    visit = _writable_visit(request, slug, pk)
    form = DialogueForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.dialogue_save(
                visit=visit,
                data=data,
                base_version=form.cleaned_data["version"],
                actor=request.user,
            )
            if request.POST.get("share") in {"1", "0"}:
                services.dialogue_share(
                    visit=visit, shared=request.POST["share"] == "1", actor=request.user
                )
        except services.StaleVersion:
            messages.error(
                request,
                _(
                    "The dialogue was changed elsewhere since you opened it; "
                    "reload the page and apply your changes again."
                ),
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Dialogue saved."))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def status_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    visit = _writable_visit(request, slug, pk)
    change = partial(services.visit_status_change, visit=visit, actor=request.user)
    submit_form(request, StatusForm(request.POST), change, None)
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def commitment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    visit = _writable_visit(request, slug, pk)
    add = partial(services.commitment_add, visit=visit, actor=request.user)
    invalid = _("Write the commitment and, if any, a valid due date.")
    submit_form(request, CommitmentForm(request.POST), add, None, invalid)
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def commitment_status(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    visit = _writable_visit(request, slug, pk)
    item = get_object_or_404(Commitment, pk=commitment, mentor=visit.mentor, mentee=visit.mentee)
    set_status = partial(
        services.commitment_set_status,
        commitment=item,
        status=request.POST.get("status", ""),
        in_visit=visit,
        actor=request.user,
    )
    run_service(request, set_status, None)
    return redirect("visits:detail", slug=slug, pk=pk)
