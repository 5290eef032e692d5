"""The reflective journal's pages: the mentee's own journal (list, write, edit, share,
delete) and, for mentors, the entries their mentees share with them. Each view reads through
a permission-checked selector, calls one service and renders."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.common.ids import id_or_404
from acompana.common.views import run_service, validation_failed, with_records
from acompana.journal import services
from acompana.journal.forms import VISIT_CHOICES, EntryForm
from acompana.journal.models import JournalEntry
from acompana.journal.selectors import (
    circles_of,
    entry_list_for_author,
    get_entry_for_author,
    meetings_of,
    mentors_of,
    own_mentee_profile,
    shared_with_user,
    strands_of,
    visits_of,
)
from acompana.people.models import MenteeProfile
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 20


def _form(
    request: HttpRequest, program: Program, mentee: MenteeProfile, entry: JournalEntry | None
) -> tuple[EntryForm, Any, Any, Any]:
    strands = strands_of(program)
    visits = list(visits_of(mentee)[:VISIT_CHOICES])
    if entry is not None and entry.visit is not None and entry.visit not in visits:
        visits.append(entry.visit)
    meetings = list(meetings_of(mentee)[:VISIT_CHOICES])
    initial: dict[str, Any] = {"written_on": timezone.localdate()}
    if entry is not None:
        initial = {
            "written_on": entry.written_on,
            "title": entry.title,
            "text": entry.text,
            "strand": entry.strand_id,
            "visit": entry.visit_id,
            "circle_meeting": entry.circle_meeting_id,
            "version": entry.version,
        }
    form = EntryForm(
        request.POST or None, strands=strands, visits=visits, meetings=meetings, initial=initial
    )
    return form, strands, visits, meetings


def _save(
    request: HttpRequest, form: EntryForm, choices: dict[str, Any], call: Any
) -> JournalEntry | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    data.setdefault("strand", None)
    data.setdefault("visit", None)
    data.setdefault("circle_meeting", None)
    version = data.pop("version", None)
    if version is not None:
        data["expected_version"] = version
    try:
        entry: JournalEntry = with_records(call, **choices)(**data)
    except ValidationError as exc:
        validation_failed(request, exc)
        return None
    messages.success(request, _("Entry saved."))
    return entry


@login_required
@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The mentee's own journal, newest first, a page at a time."""
    program = get_program_for_user(user=request.user, slug=slug)
    entries = entry_list_for_author(user=request.user, program=program)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/index.html", {"program": program, "page": page})


@login_required
def entry_new(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    mentee = own_mentee_profile(user=request.user, program=program)
    form, strands, visits, meetings = _form(request, program, mentee, None)
    del form.fields["version"]
    if request.method == "POST":
        call = partial(services.entry_create, mentee=mentee, actor=request.user)
        choices = {"strand": strands, "visit": visits, "circle_meeting": meetings}
        if _save(request, form, choices, call) is not None:
            return redirect("journal:index", slug=slug)
    return render(request, "journal/entry_form.html", {"program": program, "form": form})


@login_required
def entry_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The author edits an entry (a save over a newer version is refused), shares it with
    their mentor or withdraws it, or deletes it."""
    program = get_program_for_user(user=request.user, slug=slug)
    entry = get_entry_for_author(user=request.user, program=program, pk=pk)
    form, strands, visits, meetings = _form(request, program, entry.mentee, entry)
    form.fields["version"].required = True
    if request.method == "POST":
        call = partial(services.entry_update, entry=entry, actor=request.user)
        choices = {"strand": strands, "visit": visits, "circle_meeting": meetings}
        if _save(request, form, choices, call) is not None:
            return redirect("journal:index", slug=slug)
    context = {
        "program": program,
        "entry": entry,
        "form": form,
        "mentors": list(mentors_of(entry.mentee)),
        "circles": list(circles_of(entry.mentee)),
    }
    return render(request, "journal/entry_form.html", context)


@login_required
@require_POST
def entry_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    entry = get_entry_for_author(user=request.user, program=program, pk=pk)
    services.entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("Entry deleted."))
    return redirect("journal:index", slug=slug)


@login_required
@require_POST
def entry_share(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Share the entry (``shared=1``) or withdraw it (``shared=0``): with the author's mentor,
    or with one of their circles (``with=circle`` and ``circle``)."""
    program = get_program_for_user(user=request.user, slug=slug)
    entry = get_entry_for_author(user=request.user, program=program, pk=pk)
    shared = request.POST.get("shared") == "1"
    if request.POST.get("with") == "circle":
        circle = None
        if shared:
            pk = id_or_404(request.POST.get("circle", ""))
            circle = get_object_or_404(circles_of(entry.mentee), pk=pk)
        call = partial(
            services.entry_share_with_circle, entry=entry, circle=circle, actor=request.user
        )
        done = _("Shared with your circle.") if shared else _("Your circle no longer sees it.")
    else:
        call = partial(
            services.entry_share_with_mentor, entry=entry, shared=shared, actor=request.user
        )
        done = _("Shared with your mentor.") if shared else _("Your mentor no longer sees it.")
    run_service(request, call, done)
    return redirect("journal:entry", slug=slug, pk=entry.pk)


@login_required
@require_safe
def shared(request: HttpRequest, slug: str) -> HttpResponse:
    """Entries others share with the caller now: a mentor's mentees' shared entries."""
    program = get_program_for_user(user=request.user, slug=slug)
    entries = shared_with_user(user=request.user, program=program)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/shared.html", {"program": program, "page": page})
