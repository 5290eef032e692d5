from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acompana.accounts.models import Role
from acompana.common import charts
from acompana.common.views import validation_failed
from acompana.matching import services
from acompana.matching.forms import MatchRunForm, ReviewFilterForm, SwapForm
from acompana.matching.models import Criterion, MatchProposal, MatchRun
from acompana.matching.selectors import (
    REVIEW_PAGE_SIZE,
    get_proposal_for_user,
    get_run_for_user,
    initial_criteria,
    mentor_loads,
    proposal_page,
    publish_recipients,
    review_totals,
    run_list_for_user,
)
from acompana.people.selectors import mentee_waiting_count, mentees_waiting_by_cohort
from acompana.programs.selectors import get_program_for_user

COORDINATORS = (Role.COORDINATOR,)


@login_required
def run_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    runs = run_list_for_user(user=request.user, program=program)[:50]
    cohort = program.cohorts.order_by("-year").first()
    form = MatchRunForm(
        request.POST or None,
        program=program,
        initial={"cohort": cohort.pk if cohort else None},
        initial_weights=initial_criteria(cohort=cohort, kind="mentees"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.match_run_start(
                program=program,
                cohort=get_object_or_404(program.cohorts, pk=form.cleaned_data["cohort"]),
                kind=form.cleaned_data["kind"],
                objective=form.cleaned_data["objective"],
                criteria=form.criteria(),
                options=form.options(),
                actor=request.user,
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            return redirect("matching:run", slug=slug, pk=run.pk)
    context = {
        "program": program,
        "runs": runs,
        "form": form,
        # Who the next run proposes: mentees in a cohort without a current partnership.
        "waiting": mentee_waiting_count(program=program),
        "waiting_by_cohort": mentees_waiting_by_cohort(program=program),
    }
    return render(request, "matching/run_list.html", context)


@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    run = get_run_for_user(user=request.user, program=program, pk=pk)
    filters = ReviewFilterForm(request.GET, program=program)
    # Computed from the proposals as they are now (after swaps and exclusions), not from
    # the solver's summary, which records the run as it came out.
    totals = review_totals(run=run)
    page = proposal_page(
        run=run, number=request.GET.get("page"), matched=totals.matched, **filters.filters()
    )
    loads = mentor_loads(run=run, proposals=list(page.object_list))
    context = {
        "program": program,
        "run": run,
        "filters": filters,
        "page": page,
        "loads": loads,
        "totals": totals,
        "unmatched": run.unmatched[:REVIEW_PAGE_SIZE],
        "criteria": [(Criterion(k).label, v) for k, v in run.criteria.items()],
        "histogram": charts.histogram(
            totals.score_values(), title=_("Scores of the proposed pairs"), x_label=_("score")
        )
        if totals.matched
        else None,
        "load_chart": charts.bars(
            [(f"{load.mentor.code} ({load.load}/{load.capacity})", load.load) for load in loads],
            maximum=max((load.capacity for load in loads), default=1),
            title=_("Load of each mentor on this page"),
            label_header=_("Mentor"),
            value_header=_("Mentees"),
            wide=True,
        )
        if loads
        else None,
    }
    return render(request, "matching/run_detail.html", context)


@login_required
def pair_detail(request: HttpRequest, slug: str, pk: int, proposal: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    item = get_proposal_for_user(user=request.user, program=program, run_pk=pk, pk=proposal)
    labels = dict(Criterion.choices)
    rows = [
        {**row, "label": labels.get(row["criterion"], row["criterion"])} for row in item.explanation
    ]
    context = {
        "program": program,
        "run": item.run,
        "proposal": item,
        "rows": rows,
        "chart": charts.bars(
            [(r["label"], r["contribution"]) for r in rows if r["weight"] != "must"],
            maximum=max((r["contribution"] for r in rows), default=1) or 1,
            title=_("Contribution of each criterion"),
            label_header=_("Criterion"),
            value_header=_("Contribution"),
        ),
    }
    return render(request, "matching/pair_detail.html", context)


def _proposal_action(request, slug, pk, proposal):
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    return get_proposal_for_user(user=request.user, program=program, run_pk=pk, pk=proposal)


@login_required
@require_POST
def pair_lock(request: HttpRequest, slug: str, pk: int, proposal: int) -> HttpResponse:
    item = _proposal_action(request, slug, pk, proposal)
    try:
        services.proposal_lock(
            proposal=item, locked=request.POST.get("locked") == "1", actor=request.user
        )
    except ValidationError as exc:
        validation_failed(request, exc)
    return redirect(f"{reverse('matching:run', args=[slug, pk])}#pair-{item.pk}")


@login_required
@require_POST
def pair_exclude(request: HttpRequest, slug: str, pk: int, proposal: int) -> HttpResponse:
    item = _proposal_action(request, slug, pk, proposal)
    try:
        services.proposal_exclude(proposal=item, actor=request.user)
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _("The pair was excluded; its mentee is now unmatched."))
    return redirect("matching:run", slug=slug, pk=pk)


@login_required
@require_POST
def pairs_swap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    run = get_run_for_user(user=request.user, program=program, pk=pk)
    form = SwapForm(request.POST, run=run)
    if not form.is_valid():
        messages.error(request, _("Tick exactly two pairs to swap."))
        return redirect("matching:run", slug=slug, pk=pk)
    first, second = (
        get_object_or_404(MatchProposal, run=run, pk=pk) for pk in form.cleaned_data["pick"]
    )
    try:
        services.proposals_swap(first=first, second=second, actor=request.user)
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(
            request,
            _("Swapped: %(a)s now with %(b)s, %(c)s now with %(d)s.")
            % {
                "a": first.person.code,
                "b": second.mentor.code,
                "c": second.person.code,
                "d": first.mentor.code,
            },
        )
    return redirect("matching:run", slug=slug, pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: check before publishing (how many pairs, how many people will be emailed);
    POST from that page: publish and notify."""
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATORS)
    run = get_run_for_user(user=request.user, program=program, pk=pk)
    if request.method != "POST":
        context = {
            "program": program,
            "run": run,
            "recipients": publish_recipients(run=run) if run.editable else None,
        }
        return render(request, "matching/publish_confirm.html", context)
    try:
        run = services.match_run_publish(run=run, actor=request.user)
    except ValidationError as exc:
        validation_failed(request, exc)
    else:
        messages.success(request, _publish_message(run=run))
    return redirect("matching:run", slug=slug, pk=pk)


def _publish_message(*, run: MatchRun) -> str:
    """What the coordinator is told after asking to publish: done already (a worker that runs
    tasks at once), or under way, with its progress on the run page."""
    run.refresh_from_db(fields=["status", "summary"])
    if run.status == MatchRun.Status.PUBLISHED:
        return _(
            "Published: %(n)s new partnerships; mentors and mentees are being notified by email."
        ) % {"n": run.summary.get("publication", {}).get("created", 0)}
    return _(
        "Publishing: the pairs become partnerships and their people are emailed in the "
        "background; this page shows the progress."
    )
