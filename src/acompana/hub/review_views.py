"""A cohort's design review as pages: the review (points with their evidence, the
year-over-year diff of the design, a Markdown download with ``?format=md``) where coordinators
add points, a point's edit page and its deletion. Specialists, trainers and researchers read;
mentors and mentees get 403, people outside the program 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.hub.review.evidence import evidence_options, figures
from acompana.hub.review.export import review_markdown
from acompana.hub.review.selectors import cohort_review, review_access
from acompana.hub.review.services import (
    review_point_create,
    review_point_delete,
    review_point_update,
)
from acompana.hub.review_forms import ReviewPointForm
from acompana.programs.models import Cohort, Program, ReviewPoint
from acompana.programs.selectors import get_program_for_user


def _cohort(request: HttpRequest, slug: str, pk: int) -> tuple[Program, Cohort, bool]:
    program = get_program_for_user(user=request.user, slug=slug)
    can_write = review_access(user=request.user, program=program)
    cohort = get_object_or_404(Cohort.objects.select_related("program"), program=program, pk=pk)
    return program, cohort, can_write


def _save_errors(form: ReviewPointForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def cohort_review_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program, cohort, can_write = _cohort(request, slug, pk)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    review = cohort_review(cohort=cohort, options=can_write)
    form = None
    if can_write:
        form = ReviewPointForm(request.POST or None, options=review.options)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            review_point_create(
                cohort=cohort,
                kind=data["kind"],
                area=data["area"],
                text=data["text"],
                evidence=form.refs(),
                actor=request.user,
            )
        except ValidationError as error:
            _save_errors(form, error)
        else:
            messages.success(request, _("The point is added to the review."))
            return redirect("hub:review", slug=program.slug, pk=cohort.pk)
    if request.GET.get("format") == "md":
        text = review_markdown(review=review, absolute=request.build_absolute_uri)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        name = f"design-review-{program.slug}-{cohort.year}-{cohort.pk}.md"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "program": program,
        "cohort": cohort,
        "review": review,
        "form": form,
        "can_write": can_write,
    }
    return render(request, "hub/review.html", context)


def _point(request: HttpRequest, slug: str, pk: int, point: int) -> tuple[Program, ReviewPoint]:
    program, cohort, can_write = _cohort(request, slug, pk)
    if not can_write:
        raise PermissionDenied
    found = get_object_or_404(
        ReviewPoint.objects.select_related("cohort__program").prefetch_related("evidence"),
        cohort=cohort,
        pk=point,
    )
    return program, found


@login_required
def review_point_edit(request: HttpRequest, slug: str, pk: int, point: int) -> HttpResponse:
    program, found = _point(request, slug, pk, point)
    cohort = found.cohort
    linked = [(e.kind, e.object_id) for e in found.evidence.all()]
    extra = list(figures(cohort=cohort, refs=linked).values())
    initial = {
        "kind": found.kind,
        "area": found.area,
        "text": found.text,
        "evidence": [f"{kind}:{object_id}" for kind, object_id in linked],
        "version": found.version,
    }
    form = ReviewPointForm(
        request.POST or None,
        initial=initial,
        options=evidence_options(cohort=cohort),
        extra=extra,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_point_update(
                point=found,
                kind=data["kind"],
                area=data["area"],
                text=data["text"],
                evidence=form.refs(),
                expected_version=data["version"],
                actor=request.user,
            )
        except ValidationError as error:
            _save_errors(form, error)
        else:
            messages.success(request, _("The point is saved."))
            return redirect("hub:review", slug=program.slug, pk=cohort.pk)
    context = {"program": program, "cohort": cohort, "point": found, "form": form}
    return render(request, "hub/review_point_edit.html", context)


@login_required
@require_POST
def review_point_remove(request: HttpRequest, slug: str, pk: int, point: int) -> HttpResponse:
    program, found = _point(request, slug, pk, point)
    version = request.POST.get("version", "")
    try:
        review_point_delete(
            point=found,
            expected_version=int(version) if version.isdigit() else None,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The point is deleted."))
    return redirect("hub:review", slug=program.slug, pk=found.cohort_id)
