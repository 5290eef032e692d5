from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role, require_member
from acompana.people.selectors import active_partnerships, get_mentee_for_user
from acompana.programs.selectors import get_program_for_user
from acompana.reports import charts
from acompana.visits import services
from acompana.visits.forms import (
    CommitmentForm,
    DiagnosisForm,
    DialogueForm,
    InstrumentForm,
    NotebookForm,
    ObservationForm,
    ProtocolForm,
    RoundForm,
    ScheduleForm,
    StatusForm,
)
from acompana.visits.instruments import (
    instrument_create,
    instrument_response_save,
    instruments_for_program,
)
from acompana.visits.models import (
    AccompanimentObservation,
    Commitment,
    Dialogue,
    FieldNote,
    ItemAnswer,
    Protocol,
    Round,
)
from acompana.visits.selectors import (
    commitments_overdue_for_user,
    coverage_by_round,
    get_visit_for_user,
    open_commitments_of_pair,
    program_competencies,
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
    form = ScheduleForm(request.POST or None, partners=partners, rounds=rounds)
    return mentor, form


@login_required
def visit_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visits = visit_list_for_user(user=request.user, program=program).select_related(
        "mentor__user", "mentee__user", "round"
    )
    mentor, form = _schedule_form(request, program)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_schedule(
                mentor=mentor,
                mentee=get_object_or_404(program.mentee_profiles, pk=data["mentee"]),
                round=Round.objects.filter(program=program, pk=data["round"]).first(),
                scheduled_at=data["scheduled_at"],
                mode=data["mode"],
                place=data["place"],
                duration_minutes=data["duration_minutes"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("visits:detail", slug=slug, pk=visit.pk)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
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
            "can_observe": visit.mentor.specialist_assignments.filter(
                specialist_id=request.user.pk
            ).exists(),
            "observation_form": ObservationForm(),
        }
    if access.write:
        context |= {"status_form": StatusForm(), "commitment_form": CommitmentForm()}
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


@login_required
@require_POST
def dialogue_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
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
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Dialogue saved."))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def status_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.visit_status_change(visit=visit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def commitment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        services.commitment_add(visit=visit, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Write the commitment and, if any, a valid due date."))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
@require_POST
def commitment_status(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    visit, _access = get_visit_for_user(user=request.user, program=program, pk=pk, write=True)
    item = get_object_or_404(Commitment, pk=commitment, mentor=visit.mentor, mentee=visit.mentee)
    try:
        services.commitment_set_status(
            commitment=item,
            status=request.POST.get("status", ""),
            in_visit=visit,
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("visits:detail", slug=slug, pk=pk)


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
    if request.method == "POST":
        try:
            instrument_response_save(
                visit=visit,
                instrument=chosen,
                answers=_answers_from_post(request, items),
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Instrument saved."))
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
            messages.error(request, " ".join(exc.messages))
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
        messages.error(request, " ".join(exc.messages))
    return redirect("visits:detail", slug=slug, pk=pk)


@login_required
def round_coverage(request: HttpRequest, slug: str) -> HttpResponse:
    """Per round: visits planned and done, cancelled and rescheduled (with reasons)."""
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    rows = coverage_by_round(program=program)
    chart = (
        charts.bars(
            [(f"{r['round'].name[:20]}", r["done"]) for r in rows],
            maximum=max((r["planned"] for r in rows), default=1) or 1,
            title=_("Visits done per round"),
        )
        if rows
        else None
    )
    return render(
        request, "visits/coverage.html", {"program": program, "rows": rows, "chart": chart}
    )


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
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Diagnosis recorded."))
    else:
        messages.error(request, _("Give the date of the diagnosis."))
    return redirect("people:mentee", slug=slug, code=code)


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Rounds of visits and the protocols they follow; coordinators create rounds."""
    program = get_program_for_user(user=request.user, slug=slug)
    is_coordinator = Role.COORDINATOR in require_member(request.user, program)
    protocols = Protocol.objects.filter(program=program).order_by("name")
    form = RoundForm(request.POST or None, program=program, protocols=protocols)
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.round_create(
                    program=program,
                    cohort=get_object_or_404(program.cohorts, pk=data["cohort"]),
                    name=data["name"],
                    purpose=data["purpose"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    protocol=protocols.filter(pk=data["protocol"]).first(),
                    actor=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return redirect("visits:rounds", slug=slug)
    rounds = (
        Round.objects.filter(program=program)
        .select_related("cohort", "protocol_version__protocol")
        .order_by("-starts_on")
    )
    context = {
        "program": program,
        "rounds": rounds,
        "protocols": protocols,
        "form": form if is_coordinator else None,
    }
    return render(request, "visits/round_list.html", context)


@login_required
def protocol_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A protocol's current steps; coordinators edit them, which creates a new version."""
    program = get_program_for_user(user=request.user, slug=slug)
    is_coordinator = Role.COORDINATOR in require_member(request.user, program)
    protocol = get_object_or_404(Protocol, program=program, pk=pk)
    current = protocol.current
    steps = list(current.steps.all()) if current else []
    form = ProtocolForm(
        request.POST or None,
        initial={"steps": "\n".join(f"{s.title} | {s.guidance}" for s in steps)},
    )
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            services.protocol_revise(
                protocol=protocol, steps=form.cleaned_data["steps"], actor=request.user
            )
            messages.success(request, _("New version of the protocol saved."))
            return redirect("visits:protocol", slug=slug, pk=pk)
    context = {
        "program": program,
        "protocol": protocol,
        "current": current,
        "steps": steps,
        "versions": protocol.versions.count(),
        "form": form if is_coordinator else None,
    }
    return render(request, "visits/protocol_detail.html", context)


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
        if form.is_valid():
            try:
                instrument_create(program=program, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Instrument created."))
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
