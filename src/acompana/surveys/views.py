"""Survey pages: the coordinator's builder, distribution and results; everyone's own
invitations and the answer form."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.common import charts
from acompana.common.exports import table_response
from acompana.common.views import (
    run_service,
    service_result,
    submit_form,
    validation_failed,
    with_records,
)
from acompana.programs.selectors import get_program_for_user
from acompana.surveys import services
from acompana.surveys.defaults import TEMPLATES
from acompana.surveys.forms import (
    DistributionForm,
    QuestionForm,
    QuestionnaireForm,
    answer_form_class,
)
from acompana.surveys.models import Distribution, Question, Questionnaire, bilingual
from acompana.surveys.selectors import (
    BREAKDOWNS,
    MIN_CELL,
    distribution_list,
    export_table,
    get_distribution_for_user,
    get_invitation_for_user,
    get_questionnaire_for_user,
    invitations_for_user,
    named_invitations,
    number_range,
    questionnaire_list,
    response_rate,
    results,
)


def _templates() -> list[dict[str, Any]]:
    return [
        {"key": key, "title": bilingual(t["title_es"], t["title_en"]), "count": len(t["questions"])}
        for key, t in TEMPLATES.items()
    ]


@login_required
def survey_index(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators: questionnaires, templates to copy, distributions with response rates."""
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaires = questionnaire_list(user=request.user, program=program)
    form = QuestionnaireForm(request.POST or None)
    create = partial(services.questionnaire_create, program=program, actor=request.user)
    if request.method == "POST" and form.is_valid():
        created = service_result(
            request, lambda: create(**form.cleaned_data), _("Questionnaire created.")
        )
        if created is not None:
            return redirect("surveys:questionnaire", slug=slug, pk=created.pk)
    distributions = list(distribution_list(user=request.user, program=program))
    for distribution in distributions:
        distribution.rate = response_rate(distribution)  # type: ignore[attr-defined]
    context = {
        "program": program,
        "questionnaires": questionnaires,
        "templates": _templates(),
        "distributions": distributions,
        "form": form,
    }
    return render(request, "surveys/index.html", context)


@login_required
@require_POST
def template_copy(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaire_list(user=request.user, program=program)  # coordinators only
    copy = partial(
        services.questionnaire_from_template,
        program=program,
        key=request.POST.get("key", ""),
        actor=request.user,
    )
    copied = service_result(request, copy, _("Template copied into the program."))
    if copied is None:
        return redirect("surveys:index", slug=slug)
    return redirect("surveys:questionnaire", slug=slug, pk=copied.pk)


@login_required
@require_safe
def questionnaire_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The builder: questions in order; add, edit, move, delete while not yet sent."""
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaire = get_questionnaire_for_user(user=request.user, program=program, pk=pk)
    editing: Question | None = None
    if request.GET.get("edit", "").isdigit():
        editing = get_object_or_404(questionnaire.questions, pk=int(request.GET["edit"]))
    question_form = QuestionForm(initial=QuestionForm.initial_for(editing) if editing else None)
    distributions = list(questionnaire.distributions.all().order_by("-opens_on"))
    context = {
        "program": program,
        "questionnaire": questionnaire,
        "questions": list(questionnaire.questions.all()),
        "question_form": question_form,
        "editing": editing,
        "distributions": distributions,
    }
    return render(request, "surveys/questionnaire.html", context)


def _builder(request: HttpRequest, slug: str, pk: int) -> Questionnaire:
    """The questionnaire being built, for those who may edit it."""
    program = get_program_for_user(user=request.user, slug=slug)
    return get_questionnaire_for_user(user=request.user, program=program, pk=pk)


def _posted_question(request: HttpRequest, questionnaire: Questionnaire) -> Question:
    raw = request.POST.get("question", "")
    return get_object_or_404(questionnaire.questions, pk=int(raw) if raw.isdigit() else 0)


@login_required
@require_POST
def question_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a question, or save the one named by the form's ``question`` field."""
    questionnaire = _builder(request, slug, pk)
    form = QuestionForm(request.POST)
    save = partial(services.question_save, questionnaire=questionnaire, actor=request.user)

    def save_question(*, options: str, **fields: Any) -> object:
        target = None
        if request.POST.get("question", "").isdigit():
            target = _posted_question(request, questionnaire)
        return save(question=target, options=form.parsed_options(), **fields)

    invalid = _("Check the question's fields.")
    submit_form(request, form, save_question, _("Question saved."), invalid)
    return redirect("surveys:questionnaire", slug=slug, pk=pk)


def _question_change(
    request: HttpRequest, slug: str, pk: int, *, change: Callable[..., object]
) -> HttpResponse:
    """Move or delete the question the form names; only a refusal is shown."""
    questionnaire = _builder(request, slug, pk)
    question = _posted_question(request, questionnaire)
    run_service(request, partial(change, question=question, actor=request.user), None)
    return redirect("surveys:questionnaire", slug=slug, pk=pk)


def _question_view(change: Callable[..., object]) -> Callable[..., HttpResponse]:
    return login_required(require_POST(partial(_question_change, change=change)))


question_up = _question_view(partial(services.question_move, offset=-1))
question_down = _question_view(partial(services.question_move, offset=1))
question_delete = _question_view(services.question_delete)


@login_required
@require_POST
def questionnaire_new_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A sent questionnaire is locked; a new editable version copies its questions."""
    questionnaire = _builder(request, slug, pk)
    new_version = partial(
        services.questionnaire_new_version, questionnaire=questionnaire, actor=request.user
    )
    copy = service_result(request, new_version, _("New editable version created."))
    return redirect("surveys:questionnaire", slug=slug, pk=pk if copy is None else copy.pk)


@login_required
def distribution_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaire = get_questionnaire_for_user(user=request.user, program=program, pk=pk)
    cohorts = program.cohorts.order_by("year", "name")
    form = DistributionForm(request.POST or None, cohorts=cohorts)
    send = with_records(
        partial(services.distribution_create, questionnaire=questionnaire, actor=request.user),
        cohort=cohorts,
    )
    check = with_records(
        partial(services.distribution_recipients, questionnaire=questionnaire), cohort=cohorts
    )
    # A valid form is first checked (how many people are invited, when the emails go) and sent
    # from the check page ("confirm"); "edit" goes back to the form with what was chosen.
    confirmed = request.POST.get("confirm") == "1"
    if request.method == "POST" and not request.POST.get("edit") and form.is_valid():
        try:
            if confirmed:
                distribution = send(**form.cleaned_data)
            else:
                people = check(**form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # e.g. an anonymous survey to too small a group
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                validation_failed(request, exc)
        else:
            if not confirmed:
                data = form.cleaned_data
                context = {
                    "program": program,
                    "questionnaire": questionnaire,
                    "form": form,
                    "cohort": cohorts.filter(pk=data["cohort"]).first() if data["cohort"] else None,
                    "role": Role(data["role"]).label,
                    "trigger": Distribution.Trigger(data["trigger"]).label,
                    "count": len(people),
                    "after_visit": data["trigger"] == Distribution.Trigger.AFTER_VISIT,
                    "opens_today": data["opens_on"] <= timezone.localdate(),
                }
                return render(request, "surveys/distribution_check.html", context)
            messages.success(request, _("Survey sent."))
            return redirect("surveys:distribution", slug=slug, pk=distribution.pk)
    context = {"program": program, "questionnaire": questionnaire, "form": form}
    return render(request, "surveys/distribution_new.html", context)


@login_required
def distribution_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Response rate; who answered only for named surveys."""
    program = get_program_for_user(user=request.user, slug=slug)
    distribution = get_distribution_for_user(user=request.user, program=program, pk=pk)
    rate = response_rate(distribution)
    context = {
        "program": program,
        "distribution": distribution,
        "rate": rate,
        "page": Paginator(named_invitations(distribution=distribution), 100).get_page(
            request.GET.get("page")
        ),
        "few_invited": distribution.anonymous and 0 < rate["invited"] < MIN_CELL,
        "min_cell": MIN_CELL,
    }
    return render(request, "surveys/distribution.html", context)


def _chart(result: Any) -> Any:
    question = result.question
    if question.kind == Question.Kind.TEXT or not result.respondents:
        return None
    if question.kind == Question.Kind.NUMBER:
        low, high = number_range(question, result.numbers)
        return charts.histogram(
            result.numbers, bins=10, low=low, high=high, title=question.text, x_label=""
        )
    return charts.bars(result.counts, title=question.text)


@login_required
def questionnaire_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaire = get_questionnaire_for_user(user=request.user, program=program, pk=pk)
    distribution = None
    if request.GET.get("distribution", "").isdigit():
        distribution = get_distribution_for_user(
            user=request.user, program=program, pk=int(request.GET["distribution"])
        )
        if distribution.questionnaire_id != questionnaire.pk:
            raise Http404
    by = request.GET.get("by", "")
    outcome = results(questionnaire=questionnaire, distribution=distribution, by=by)
    for result in outcome.questions:
        result.chart = _chart(result)  # type: ignore[attr-defined]
    breakdown_labels = {"cohort": _("Cohort"), "modality": _("Modality"), "role": _("Role")}
    context = {
        "program": program,
        "questionnaire": questionnaire,
        "distribution": distribution,
        "distributions": questionnaire.distributions.select_related("cohort"),
        "outcome": outcome,
        "breakdowns": [(key, breakdown_labels[key]) for key in BREAKDOWNS],
        "min_cell": MIN_CELL,
    }
    return render(request, "surveys/results.html", context)


@login_required
def questionnaire_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    questionnaire = get_questionnaire_for_user(user=request.user, program=program, pk=pk)
    distribution = None
    if request.GET.get("distribution", "").isdigit():
        distribution = get_distribution_for_user(
            user=request.user, program=program, pk=int(request.GET["distribution"])
        )
    header, rows = export_table(questionnaire=questionnaire, distribution=distribution)
    return table_response(header, rows, filename=f"survey-{questionnaire.pk}-responses", fmt=fmt)


@login_required
def my_surveys(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    mine = invitations_for_user(user=request.user, program=program)
    return render(request, "surveys/mine.html", {"program": program, **mine})


@login_required
def answer(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    invitation = get_invitation_for_user(user=request.user, program=program, token=token)
    distribution = invitation.distribution
    questionnaire = distribution.questionnaire
    is_open = distribution.is_open_on(timezone.localdate())
    form_class = answer_form_class(questionnaire)
    form = form_class(request.POST or None)
    if request.method == "POST" and not invitation.answered and is_open and form.is_valid():
        try:
            services.response_submit(
                invitation=invitation,
                answers=form.answers(),  # type: ignore[attr-defined]
                actor=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_service_errors(exc)  # type: ignore[attr-defined]
            else:
                validation_failed(request, exc)
                return redirect("surveys:mine", slug=slug)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("surveys:mine", slug=slug)
    context = {
        "program": program,
        "invitation": invitation,
        "distribution": distribution,
        "questionnaire": questionnaire,
        "form": form,
        "is_open": is_open,
    }
    return render(request, "surveys/answer.html", context)
