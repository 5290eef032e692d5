"""Forming circles pages (coordinators): the runs of the program with the form that starts
one, and a run's review page (proposed circles with their explanations; move, lock, mentor,
re-run, publish)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import Role
from acompana.circles import forming
from acompana.circles.forming_forms import FormingRunForm
from acompana.circles.forming_models import FormingRun
from acompana.common.views import run_service, service_result
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

RUNS_SHOWN = 50


def _program(request: HttpRequest, slug: str) -> Program:
    return get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
def run_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The forming runs of the program, newest first, and the form that starts one."""
    program = _program(request, slug)
    form = FormingRunForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = service_result(
            request,
            lambda: forming.forming_run_start(
                program=program,
                cohort=data["cohort"],
                kind=data["kind"],
                min_size=data["min_size"],
                max_size=data["max_size"],
                criteria=form.criteria(),
                actor=request.user,
            ),
            None,
        )
        if run is not None:
            return redirect("circles:forming_run", slug, run.pk)
    runs = forming.runs_of_program(program=program)[:RUNS_SHOWN]
    return render(
        request, "circles/forming_list.html", {"program": program, "form": form, "runs": runs}
    )


@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A run: its progress while it runs; then its circles, each teacher and why."""
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    circles = forming.run_circles(run=run) if run.status != FormingRun.Status.FAILED else []
    unplaced = forming.run_unplaced(run=run)
    names = {
        str(p.mentee_id): p.mentee.user.get_full_name() or p.mentee.code
        for c in circles
        for p in c.placements.all()
    }
    rows = [
        {
            "circle": c,
            "sentences": forming.circle_sentences(c.explanation, names),
            "members": [
                {"placement": p, "why": forming.person_sentence(p.explanation, names)}
                for p in c.placements.all()
            ],
        }
        for c in circles
    ]
    apart = [(names.get(str(a), str(a)), names.get(str(b), str(b)), a, b) for a, b in run.apart]
    context = {
        "program": program,
        "run": run,
        "apart": apart,
        "people": sorted(names.items(), key=lambda item: item[1]),
        "rows": rows,
        "unplaced": unplaced,
        "mentors": list(forming.cohort_mentors(run=run)) if run.kind == "mentoring" else [],
        "mentoring": run.kind == "mentoring",
    }
    return render(request, "circles/forming_run.html", context)


def _back(slug: str, pk: int) -> HttpResponse:
    return redirect("circles:forming_run", slug, pk)


@login_required
@require_POST
def run_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    placement = run.placements.filter(mentee_id=_number(request.POST.get("mentee"))).first()
    if placement is None:
        raise Http404
    number = _number(request.POST.get("circle"))
    to = run.proposed.filter(number=number).first() if number else None
    if number and to is None:
        raise Http404
    run_service(
        request,
        lambda: forming.placement_move(
            placement=placement,
            to=to,
            expected_version=_number(request.POST.get("version")),
            actor=request.user,
        ),
        _("Moved and locked there."),
    )
    return _back(slug, pk)


@login_required
@require_POST
def run_lock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    placement = run.placements.filter(mentee_id=_number(request.POST.get("mentee"))).first()
    if placement is None:
        raise Http404
    locked = request.POST.get("locked") == "1"
    run_service(
        request,
        lambda: forming.placement_lock(
            placement=placement,
            locked=locked,
            expected_version=_number(request.POST.get("version")),
            actor=request.user,
        ),
        _("Locked.") if locked else _("Unlocked."),
    )
    return _back(slug, pk)


@login_required
@require_POST
def run_mentor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    number = _number(request.POST.get("circle"))
    proposed = run.proposed.filter(number=number).first() if number else None
    if proposed is None:
        raise Http404
    mentor_pk = _number(request.POST.get("mentor"))
    mentor = forming.cohort_mentors(run=run).filter(pk=mentor_pk).first() if mentor_pk else None
    if mentor_pk and mentor is None:
        raise Http404
    run_service(
        request,
        lambda: forming.proposed_mentor_set(
            proposed=proposed,
            mentor=mentor,
            expected_version=_number(request.POST.get("version")),
            actor=request.user,
        ),
        _("Mentor saved."),
    )
    return _back(slug, pk)


@login_required
@require_POST
def run_apart(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    chosen = [_number(request.POST.get("first")), _number(request.POST.get("second"))]
    people = {p.mentee_id: p.mentee for p in run.placements.filter(mentee_id__in=chosen)}
    if len(people) != 2:
        messages.error(request, _("Choose two different teachers of the run."))
        return _back(slug, pk)
    apart = request.POST.get("apart", "1") == "1"
    run_service(
        request,
        lambda: forming.apart_set(
            run=run,
            first=people[chosen[0]],  # type: ignore[index]
            second=people[chosen[1]],  # type: ignore[index]
            apart=apart,
            expected_version=_number(request.POST.get("version")),
            actor=request.user,
        ),
        _("Kept apart in the next run.") if apart else _("No longer kept apart."),
    )
    return _back(slug, pk)


@login_required
@require_POST
def run_rerun(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    new = service_result(
        request,
        lambda: forming.forming_run_rerun(run=run, actor=request.user),
        _("Run again, keeping the locked teachers."),
    )
    return _back(slug, new.pk if new else pk)


@login_required
@require_POST
def run_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = _program(request, slug)
    run = forming.get_run_for_user(user=request.user, program=program, pk=pk)
    circles = service_result(
        request,
        lambda: forming.forming_run_publish(
            run=run, expected_version=_number(request.POST.get("version")), actor=request.user
        ),
        lambda made: _("Published: %(n)d circles.") % {"n": len(made)},
    )
    if circles is not None:
        return redirect("circles:list", slug)
    return _back(slug, pk)
