"""Pages of the selection of mentors: calls, the ranked list, applying, reviewing, deciding."""

from functools import partial

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acompana.accounts.forms import SignupForm
from acompana.accounts.services import signup_start
from acompana.common.files import private_file_response
from acompana.common.views import (
    form_errors,
    run_service,
    service_result,
    submit_form,
    with_records,
)
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.selection import services
from acompana.selection.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    CallForm,
    CriterionForm,
    DecideForm,
    ReviewForm,
    criterion_initial,
)
from acompana.selection.models import Call
from acompana.selection.selectors import (
    application_list_for_user,
    application_score,
    application_search,
    call_has_decisions,
    call_list_for_user,
    call_ranking,
    call_reviewed_codes,
    call_rubric,
    call_state,
    get_application_for_user,
    get_call_for_user,
    get_public_call,
    is_coordinator,
    program_by_slug,
)


@login_required
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's calls for mentors; coordinators open new ones."""
    program = get_program_for_user(user=request.user, slug=slug)
    calls = call_list_for_user(user=request.user, program=program)
    form = CallForm(request.POST or None, program=program)
    create = with_records(
        partial(services.call_create, program=program, actor=request.user),
        cohort=program.cohorts.all(),
    )
    if request.method == "POST" and form.is_valid():
        call = service_result(request, lambda: create(**form.cleaned_data), None)
        if call is not None:
            return redirect("selection:call", slug=slug, pk=call.pk)
    return render(
        request, "selection/call_list.html", {"program": program, "calls": calls, "form": form}
    )


@login_required
def call_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The applications of a call ranked by total, with the breakdown by criterion."""
    program = program_by_slug(slug=slug)
    call = get_call_for_user(user=request.user, program=program, pk=pk)
    rubric = call_rubric(call)
    context = {
        "program": program,
        "call": call,
        "criteria": rubric.criteria,
        "maximum": rubric.maximum,
        "ranking": call_ranking(call=call),
    }
    return render(request, "selection/call_detail.html", context)


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def call_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The public page of a call, readable without signing in: what the call is, its dates,
    and while it is open a way in (sign up, sign in, or apply when signed in). Nothing about
    applicants or reviews. A closed call says so and shows no form."""
    call = get_public_call(slug=slug, pk=pk)
    state = call_state(call)
    context = {"program": call.program, "call": call, "state": state}
    if state != "open":
        return render(
            request,
            "selection/call_public.html",
            context,
            status=410 if request.method == "POST" else 200,
        )
    if request.user.is_authenticated:
        if request.method == "POST":
            return redirect("selection:apply", slug=slug, pk=pk)
        return render(request, "selection/call_public.html", context)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        signup_start(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data["new_password1"],
            client=get_client_ip_address(request) or "",
            next_path=reverse("selection:apply", kwargs={"slug": slug, "pk": pk}),
            program=call.program,
        )
        # The same answer whether the address has an account or not.
        return render(request, "selection/signup_sent.html", context)
    context["form"] = form
    return render(request, "selection/call_public.html", context)


@login_required
def call_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Any signed-in person applies with their profile, motivation, references and evidence.
    Only while the call is open: otherwise the page says so and shows no form."""
    program = program_by_slug(slug=slug)
    call = get_call_for_user(user=request.user, program=program, pk=pk, manage=False)
    state = call_state(call)
    if state != "open":
        context = {"program": program, "call": call, "state": state}
        return render(
            request,
            "selection/apply.html",
            context,
            status=410 if request.method == "POST" else 200,
        )
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["evidence_kind"]
        submit = partial(
            services.application_submit,
            call=call,
            candidate=request.user,
            data=form.application_data(),
            evidence=[(f, kind) for f in form.cleaned_data["evidence_files"]],
        )
        application = service_result(request, submit, _("Your application was received."))
        if application is not None:
            return redirect("selection:application", slug=slug, pk=application.pk)
    context = {"program": program, "call": call, "form": form, "state": state}
    return render(request, "selection/apply.html", context)


@login_required
def application_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The candidate sees their own application; coordinators review and decide."""
    program = program_by_slug(slug=slug)
    application = get_application_for_user(user=request.user, program=program, pk=pk)
    coordinator = is_coordinator(request.user, program)
    context = {
        "program": program,
        "application": application,
        "evidence": application.evidence.all(),
        "coordinator": coordinator,
    }
    if coordinator:
        rubric = call_rubric(application.call)
        reviews = list(application.reviews.select_related("reviewer").order_by("pk"))
        mine = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
        initial = {f"score_{k}": v for k, v in (mine.scores if mine else {}).items()}
        initial["comment"] = mine.comment if mine else ""
        context.update(
            criteria=rubric.criteria,
            reviews=reviews,
            result=application_score(rubric=rubric, application=application, reviews=reviews),
            review_form=ReviewForm(rubric=rubric, initial=initial),
            decide_form=DecideForm(),
        )
    return render(request, "selection/application_detail.html", context)


@login_required
@require_POST
def application_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator saves their panel scores of the application (one review each)."""
    program = program_by_slug(slug=slug)
    application = get_application_for_user(user=request.user, program=program, pk=pk, manage=True)
    form = ReviewForm(request.POST, rubric=call_rubric(application.call))
    save = partial(services.review_save, application=application, reviewer=request.user)
    submit_form(
        request,
        form,
        lambda comment, **_scores: save(scores=form.scores(), comment=comment),
        _("Your review was saved."),
        _("Check the scores: each must be within its scale."),
    )
    return redirect("selection:application", slug=slug, pk=pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator admits, waitlists or declines the application with a reason."""
    program = program_by_slug(slug=slug)
    application = get_application_for_user(user=request.user, program=program, pk=pk, manage=True)
    form = DecideForm(request.POST)
    decide = partial(services.application_decide, application=application, actor=request.user)
    submit_form(
        request,
        form,
        decide,
        _("The decision was saved and the candidate notified."),
        _("Choose a decision and give a reason."),
    )
    return redirect("selection:application", slug=slug, pk=pk)


@login_required
def evidence_download(request: HttpRequest, slug: str, pk: int, evidence: int) -> HttpResponseBase:
    """An evidence file, for its candidate and the program's coordinators only (never a
    public media URL: uploads stay behind the same permission check as the application)."""
    program = program_by_slug(slug=slug)
    application = get_application_for_user(user=request.user, program=program, pk=pk)
    item = get_object_or_404(application.evidence, pk=evidence)
    return private_file_response(request, item.file, item.filename)


def _rubric_page(
    request: HttpRequest, program: Program, call: Call, add_form: CriterionForm | None = None
) -> HttpResponse:
    call.refresh_from_db(fields=["rubric"])
    criteria = [
        (item, CriterionForm(prefix="edit", initial=criterion_initial(item)))
        for item in call.rubric.get("criteria", [])
    ]
    context = {
        "program": program,
        "call": call,
        "criteria": criteria,
        "add_form": add_form or CriterionForm(prefix="new"),
        "maximum": call_rubric(call).maximum if criteria else 0,
        "decided": call_has_decisions(call),
        "scored": sorted(call_reviewed_codes(call)),
    }
    return render(request, "selection/rubric_edit.html", context)


def _rubric_call(request: HttpRequest, slug: str, pk: int) -> tuple[Program, Call]:
    program = get_program_for_user(user=request.user, slug=slug)
    return program, get_call_for_user(user=request.user, program=program, pk=pk)


@login_required
@require_safe
def call_rubric_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator edits the call's rubric: add, change or remove criteria. Changes that
    would corrupt stored reviews are refused by the service (see the docs)."""
    program, call = _rubric_call(request, slug, pk)
    return _rubric_page(request, program, call)


def _criterion_save(
    request: HttpRequest, slug: str, pk: int, *, prefix: str, replaces: str | None
) -> HttpResponse:
    program, call = _rubric_call(request, slug, pk)
    form = CriterionForm(request.POST, prefix=prefix)
    save = partial(services.rubric_criterion_save, call=call, replaces=replaces, actor=request.user)
    if submit_form(
        request,
        form,
        lambda **_fields: save(criterion=form.criterion_json()),
        _("Rubric saved."),
        form_errors,
    ):
        return redirect("selection:rubric", slug=slug, pk=pk)
    return _rubric_page(request, program, call, add_form=form if prefix == "new" else None)


@login_required
@require_POST
def rubric_criterion_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _criterion_save(request, slug, pk, prefix="new", replaces=None)


@login_required
@require_POST
def rubric_criterion_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change the criterion named by the form's ``replaces`` field."""
    replaces = request.POST.get("replaces") or None
    return _criterion_save(request, slug, pk, prefix="edit", replaces=replaces)


@login_required
@require_POST
def rubric_criterion_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program, call = _rubric_call(request, slug, pk)
    replaces = request.POST.get("replaces") or None
    if not replaces:
        messages.error(request, _("Choose what to change."))
        return _rubric_page(request, program, call)
    remove = partial(services.rubric_criterion_remove, call=call, code=replaces, actor=request.user)
    if run_service(request, remove, _("Criterion removed.")):
        return redirect("selection:rubric", slug=slug, pk=pk)
    return _rubric_page(request, program, call)


APPLICATIONS_PAGE_SIZE = 25


@login_required
def application_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every application of the program's calls, filtered and paginated (coordinators)."""
    program = get_program_for_user(user=request.user, slug=slug)
    qs = application_list_for_user(user=request.user, program=program)
    form = ApplicationFilterForm(request.GET or None, program=program)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = Paginator(application_search(qs, **filters), APPLICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "selection/application_list.html",
        {"program": program, "form": form, "page": page},
    )
