"""REFI-QDA export, and imports that run in the background with a page that follows them."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acompana.common.views import service_result
from acompana.research import services
from acompana.research.forms import ImportForm
from acompana.research.models import StudyImport
from acompana.research.views.base import Place, place

RECENT_IMPORTS = 10


@login_required
@require_GET
def export(request: HttpRequest, slug: str, study: str, fmt: str) -> HttpResponse:
    """The study as a REFI-QDA project (.qdpx) or its codebook (.qdc)."""
    here = place(request, slug, study)
    if fmt == "qdpx":
        data = services.study_export_qdpx(study=here.study, actor=request.user)
        content_type = "application/zip"
    elif fmt == "qdc":
        data = services.study_export_qdc(study=here.study, actor=request.user)
        content_type = "application/xml"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{here.study.slug}.{fmt}"'
    return response


def _import_page(request: HttpRequest, here: Place, form: ImportForm) -> HttpResponse:
    jobs = StudyImport.objects.filter(study=here.study).select_related("created_by")
    return render(
        request,
        "research/import.html",
        here.context(form=form, jobs=jobs[:RECENT_IMPORTS]),
    )


@login_required
@require_GET
def import_project(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """The import form and the study's recent imports."""
    return _import_page(request, place(request, slug, study), ImportForm())


@login_required
@require_POST
def import_start(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Store the uploaded .qdpx/.qdc file and queue its import; the job's page follows it."""
    here = place(request, slug, study)
    form = ImportForm(request.POST, request.FILES)
    queue = partial(services.study_import_queue, study=here.study, actor=request.user)
    if form.is_valid():
        job = service_result(
            request,
            lambda: queue(**form.cleaned_data),
            _("The file was received; it is being imported."),
        )
        if job is not None:
            return redirect("research:import_job", slug=slug, study=here.study.slug, pk=job.pk)
    return _import_page(request, here, form)


@login_required
@require_GET
def import_job(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """An import's status, progress and messages; the page reloads itself until it ends."""
    here = place(request, slug, study)
    job = get_object_or_404(StudyImport.objects.filter(study=here.study), pk=pk)
    return render(request, "research/import_job.html", here.context(job=job))
