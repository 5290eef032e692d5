from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.accounts.selectors import access_state, invited_subquery
from acompana.common.exports import table_response
from acompana.common.importing import ImportRejected
from acompana.common.spreadsheets import SpreadsheetError
from acompana.people.forms import (
    IMPORT_KINDS,
    AsOfCohortForm,
    ImportForm,
    MenteeFilterForm,
    MentorFilterForm,
)
from acompana.people.imports import IMPORTERS, spreadsheet_import
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import (
    latest_cohort,
    mentee_list_for_user,
    mentee_search,
    mentor_experience_for_user,
    mentor_experience_mentors,
    mentor_list_for_user,
    mentor_search,
)
from acompana.people.services import cohort_members_change
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50
REPORT_PAGE_SIZE = 200  # rows of Table 3 on a page; CSV and XLSX hold them all


def _filtered(request, program, form, search, qs):
    with_email = has_role(request.user, program, Role.COORDINATOR)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    qs = search(qs, with_email=with_email, **filters)
    if with_email:  # coordinators also see where each person stands with signing in
        qs = qs.annotate(user_invited=invited_subquery("user"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if with_email:
        for row in page:
            row.access = access_state(row.user, invited=row.user_invited)
    return page


# What differs between the mentors' and the mentees' lists: who the person may see, the
# filter form, the search and the template.
_LISTS: dict[str, tuple[Any, Any, Any, str]] = {
    "mentors": (mentor_list_for_user, MentorFilterForm, mentor_search, "people/mentor_list.html"),
    "mentees": (mentee_list_for_user, MenteeFilterForm, mentee_search, "people/mentee_list.html"),
}


def _people_list(request: HttpRequest, slug: str, *, kind: str) -> HttpResponse:
    """The mentors' or the mentees' list, filtered, a page at a time."""
    people, form_class, search, template = _LISTS[kind]
    program = get_program_for_user(user=request.user, slug=slug)
    qs = people(user=request.user, program=program)
    form = form_class(request.GET or None, program=program)
    manage = has_role(request.user, program, Role.COORDINATOR)
    context = {
        "program": program,
        "form": form,
        "page": _filtered(request, program, form, search, qs),
        # Coordinators tick people to add them to a cohort or take them out; the cohort
        # select starts on the latest cohort.
        "manage": manage,
        "bulk_cohort": latest_cohort(program=program) if manage else None,
        "query": request.GET.urlencode(),
    }
    return render(request, template, context)


mentor_list = login_required(partial(_people_list, kind="mentors"))
mentee_list = login_required(partial(_people_list, kind="mentees"))


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    errors: list[Any] = []
    error_total = 0
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = spreadsheet_import(
                program=program,
                kind=form.cleaned_data["kind"],
                content=upload,  # streamed from the upload, within the IMPORT_* limits
                filename=upload.name,
                actor=request.user,
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        except ImportRejected as rejected:
            errors, error_total = rejected.errors, rejected.total
        else:
            messages.success(
                request,
                _(
                    "Imported %(rows)s rows: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % summary.as_dict(),
            )
            if summary.regions_created:
                messages.info(request, _("New regions: %s") % ", ".join(summary.regions_created))
            return redirect(f"{request.path}?done={summary.kind}")
    context = {
        "program": program,
        "form": form,
        "errors": errors,
        "error_total": error_total,
        "more_errors": error_total - len(errors),
        "kinds": [(kind, dict(IMPORT_KINDS)[kind], spec[0]) for kind, spec in IMPORTERS.items()],
    }
    # Problems in the file are answers to the form, shown with it (not a 4xx response).
    return render(request, "people/import.html", context)


@login_required
def import_template(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    if kind not in IMPORTERS or fmt not in {"csv", "xlsx"}:
        raise Http404
    columns, _importer = IMPORTERS[kind]
    return table_response(columns, [], filename=f"{kind}-template", fmt=fmt)


@login_required
def mentor_experience(request: HttpRequest, slug: str) -> HttpResponse:
    """Table 3 of the Peru study: on the page, or as CSV or XLSX (``?format=``)."""
    program = get_program_for_user(user=request.user, slug=slug)
    latest = latest_cohort(program=program)
    form = AsOfCohortForm(request.GET, program=program, latest=latest)
    cohort, declared = form.as_of()
    if not declared:
        cohort = cohort or latest  # as of the latest cohort by default
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        header, rows = mentor_experience_for_user(
            user=request.user, program=program, cohort=cohort, declared=declared
        )
        return table_response(header, rows, filename=f"{program.slug}-mentor-experience", fmt=fmt)
    page = Paginator(mentor_experience_mentors(program=program), REPORT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    header, rows = mentor_experience_for_user(
        user=request.user, program=program, mentors=page, cohort=cohort, declared=declared
    )
    return render(
        request,
        "people/mentor_experience.html",
        {
            "program": program,
            "header": header,
            "rows": rows,
            "page": page,
            "form": form,
            "cohort": cohort,
            "declared": declared or cohort is None,
            "latest": latest,
            "as_of": "declared" if declared else (cohort.pk if cohort else ""),
        },
    )


@login_required
@require_POST
def cohort_members(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Add the people ticked on a list page (or on a person's page) to a cohort."""
    return _cohort_members_change(request, slug, kind, add=True)


@login_required
@require_POST
def cohort_members_remove(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Take the people ticked on a list page (or on a person's page) out of a cohort."""
    return _cohort_members_change(request, slug, kind, add=False)


def _cohort_members_change(
    request: HttpRequest, slug: str, kind: str, *, add: bool
) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    if kind not in ("mentors", "mentees"):
        raise Http404
    back = reverse(f"people:{kind}", args=[program.slug])
    query = request.POST.get("query", "")
    cohort = program.cohorts.filter(pk=request.POST.get("cohort") or 0).first()
    codes = request.POST.getlist("codes")
    if request.POST.get("return_to") == "person" and len(codes) == 1:  # from a person's page
        back, query = reverse(f"hub:{kind[:-1]}", args=[program.slug, codes[0]]), ""
    if cohort is None or not codes:
        messages.error(request, _("Choose a cohort and at least one person."))
        return redirect(f"{back}?{query}" if query else back)
    mentors = MentorProfile.objects.filter(program=program, code__in=codes)
    mentees = MenteeProfile.objects.filter(program=program, code__in=codes)
    changed = cohort_members_change(
        cohort=cohort,
        mentors=mentors if kind == "mentors" else [],
        mentees=mentees if kind == "mentees" else [],
        add=add,
        actor=request.user,
    )
    text = (
        ngettext("%(n)s person added to %(cohort)s.", "%(n)s people added to %(cohort)s.", changed)
        if add
        else ngettext(
            "%(n)s person taken out of %(cohort)s.",
            "%(n)s people taken out of %(cohort)s.",
            changed,
        )
    )
    messages.success(request, text % {"n": changed, "cohort": cohort})
    return redirect(f"{back}?{query}" if query else back)
