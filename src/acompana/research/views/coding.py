"""The codebook, coding a document, retrieving a code's segments."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acompana.common.shipped import in_reader_language
from acompana.common.views import run_service, service_result, submit_form, with_records
from acompana.research import analysis, services
from acompana.research.forms import (
    CodeForm,
    CodeMergeForm,
    CodeMoveForm,
    CodeSplitForm,
    CodingForm,
    MemoForm,
)
from acompana.research.models import Code, Document, Memo, Segment
from acompana.research.selectors import (
    codes_for_study,
    retrieval_for_code,
    segments_for_document,
    with_texts,
)
from acompana.research.views.base import Place, place, posted_pk

RETRIEVAL_PAGE_SIZE = 100


@login_required
def codebook(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """The code tree: categories and codes, a priori or emergent, with definitions and memos."""
    here = place(request, slug, study)
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    form = CodeForm(request.POST or None, codes=tree)
    create = with_records(
        partial(services.code_create, study=here.study, actor=request.user),
        parent=here.study.codes.all(),
    )
    if request.method == "POST" and submit_form(
        request,
        form,
        lambda seen, **fields: create(**fields),
        lambda code: _("Code “%(name)s” added.") % {"name": code.name},
    ):
        return redirect("research:codebook", slug=slug, study=here.study.slug)
    memo_counts: dict[int, int] = {}
    for code_id in Memo.objects.filter(code__study=here.study).values_list("code_id", flat=True):
        memo_counts[code_id] = memo_counts.get(code_id, 0) + 1
    for row in tree:
        row.code.memo_count = memo_counts.get(row.code.pk, 0)  # type: ignore[attr-defined]
    return render(request, "research/codebook.html", here.context(tree=tree, form=form))


# --- A code: retrieval and the forms that change it (one view per action) ---------------------


@dataclass
class _CodePage:
    """What the forms of a code's page choose from: the code, the codes elsewhere in the tree
    (not the code or its descendants) and the page of retrieved segments."""

    code: Code
    tree: list[Any]
    elsewhere: list[Any]
    page: Any
    segments: list[Segment]


def _code_page(request: HttpRequest, here: Place, pk: int) -> _CodePage:
    code = get_object_or_404(here.study.codes, pk=pk)
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    below = {code.pk}
    for row in tree:  # depth first: descendants follow their parent
        if row.code.parent_id in below:
            below.add(row.code.pk)
    elsewhere = [row for row in tree if row.code.pk not in below]
    # The retrieval table shows a page of segments; the split form lists that page's.
    page = Paginator(retrieval_for_code(code), RETRIEVAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    segments = with_texts(list(page.object_list))
    return _CodePage(code=code, tree=tree, elsewhere=elsewhere, page=page, segments=segments)


def _render_code(request: HttpRequest, here: Place, found: _CodePage, **forms: Any) -> HttpResponse:
    code = found.code
    speaking = analysis.segment_speakers(found.segments)
    for segment in found.segments:
        segment.speaker = speaking[segment.pk]  # type: ignore[attr-defined]
    defaults = {
        "edit_form": lambda: CodeForm(
            codes=found.elsewhere,
            initial={
                # A shipped name or definition still unedited starts in the reader's language,
                # as the code page shows it (saved unchanged, it stays a shipped text).
                "name": in_reader_language(code.name),
                "parent": code.parent_id,
                "is_codable": code.is_codable,
                "origin": code.origin,
                "definition": in_reader_language(code.definition),
                "color": code.color,
                "seen": code.updated_at,
            },
        ),
        "move_form": lambda: CodeMoveForm(
            codes=found.elsewhere, initial={"parent": code.parent_id}, auto_id="move_%s"
        ),
        "merge_form": lambda: CodeMergeForm(codes=[r for r in found.tree if r.code.pk != code.pk]),
        "split_form": lambda: CodeSplitForm(segments=found.segments),
        "memo_form": lambda: MemoForm(),
    }
    for name, make in defaults.items():
        if forms.get(name) is None:
            forms[name] = make()
    return render(
        request,
        "research/code.html",
        here.context(
            code=code,
            page=found.page,
            segments=found.segments,
            memos=code.memos.select_related("author").order_by("-created_at"),
            **forms,
        ),
    )


def _code_change(
    request: HttpRequest,
    here: Place,
    found: _CodePage,
    form: forms.BaseForm,
    change: Callable[..., Code],
    success: str,
) -> HttpResponse:
    """Run one change of a code with its form's data: to the code it leaves (the target of a
    merge, the new code of a split), or the code's page again with the refused form."""
    if form.is_valid():
        code = service_result(request, lambda: change(**form.cleaned_data), success)
        if code is not None:
            return redirect(
                "research:code", slug=here.program.slug, study=here.study.slug, pk=code.pk
            )
    return _render_code(request, here, found, **{_FORM_NAMES[type(form)]: form})


_FORM_NAMES: dict[type[forms.BaseForm], str] = {
    CodeForm: "edit_form",
    CodeMoveForm: "move_form",
    CodeMergeForm: "merge_form",
    CodeSplitForm: "split_form",
    MemoForm: "memo_form",
}


@login_required
@require_GET
def code_detail(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Every segment of a code across documents, and the forms to change the code."""
    here = place(request, slug, study)
    return _render_code(request, here, _code_page(request, here, pk))


@login_required
@require_POST
def code_edit(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeForm(request.POST, codes=found.elsewhere)
    update = partial(services.code_update, code=found.code, actor=request.user)
    save = lambda parent, seen, **fields: update(seen_at=seen, **fields)  # noqa: E731
    return _code_change(request, here, found, form, save, _("Code saved."))


@login_required
@require_POST
def code_move(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeMoveForm(request.POST, codes=found.elsewhere, auto_id="move_%s")
    move = with_records(
        partial(services.code_move, code=found.code, actor=request.user),
        parent=here.study.codes.all(),
    )
    return _code_change(request, here, found, form, move, _("Code moved."))


@login_required
@require_POST
def code_merge(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeMergeForm(request.POST, codes=[r for r in found.tree if r.code.pk != found.code.pk])
    merge = with_records(
        partial(services.code_merge, source=found.code, actor=request.user),
        target=here.study.codes.all(),
    )
    return _code_change(request, here, found, form, merge, _("Codes merged."))


@login_required
@require_POST
def code_split(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeSplitForm(request.POST, segments=found.segments)
    split = partial(services.code_split, code=found.code, actor=request.user)
    save = lambda segments, **data: split(segment_ids=segments, **data)  # noqa: E731
    return _code_change(request, here, found, form, save, _("Code split."))


@login_required
@require_POST
def code_memo(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    write = partial(services.memo_write, study=here.study, actor=request.user, code=found.code)

    def save(**memo: Any) -> Code:
        write(**memo)
        return found.code

    return _code_change(request, here, found, MemoForm(request.POST), save, _("Memo saved."))


# --- Coding a document (one view per action) --------------------------------------------------


def _document(here: Place, pk: int) -> Document:
    return get_object_or_404(here.study.documents.select_related("participant"), pk=pk)


def _render_document(
    request: HttpRequest,
    here: Place,
    document: Document,
    form: CodingForm | None = None,
    memo_form: MemoForm | None = None,
) -> HttpResponse:
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    segments = list(segments_for_document(document))
    if form is None:
        form = CodingForm(codes=tree, text=document.text)
    if memo_form is None:
        memo_form = MemoForm(segments=segments, whole=_("The whole document"))
    memos = (
        Memo.objects.filter(Q(document=document) | Q(segment__document=document))
        .select_related("author", "segment")
        .order_by("-created_at")
    )
    return render(
        request,
        "research/document.html",
        here.context(
            document=document,
            runs=analysis.highlight_runs(document.text, segments),
            speakers=analysis.speakers(document.text),
            segments=segments,
            form=form,
            memo_form=memo_form,
            memos=memos,
            tree=tree,
            chosen={str(v) for v in (form["codes"].value() or [])},
            has_codes=any(row.code.is_codable for row in tree),
        ),
    )


def _to_document(here: Place, document: Document) -> HttpResponse:
    return redirect(
        "research:document", slug=here.program.slug, study=here.study.slug, pk=document.pk
    )


@login_required
@require_GET
def document_code(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Code a document: select a passage, tick codes, apply; segments, memos, removal."""
    here = place(request, slug, study)
    return _render_document(request, here, _document(here, pk))


@login_required
@require_POST
def segment_code(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Apply the ticked codes to a passage of the document."""
    here = place(request, slug, study)
    document = _document(here, pk)
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    form = CodingForm(request.POST, codes=tree, text=document.text)
    code = partial(services.segment_code, document=document, actor=request.user)

    def save(*, start: int, end: int, codes: list[int], **_how_chosen: Any) -> object:
        return code(start=start, end=end, codes=list(here.study.codes.filter(pk__in=codes)))

    if submit_form(request, form, save, _("Passage coded.")):
        return _to_document(here, document)
    return _render_document(request, here, document, form=form)


@login_required
@require_POST
def segment_uncode(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Remove one code from a coded passage of the document."""
    here = place(request, slug, study)
    document = _document(here, pk)
    segment = get_object_or_404(
        Segment.objects.filter(document=document), pk=posted_pk(request, "segment")
    )
    uncode = with_records(
        partial(services.segment_uncode, segment=segment, actor=request.user),
        code=segment.codes.all(),
    )
    removed = _("Code removed from the passage.")
    if run_service(request, lambda: uncode(code=posted_pk(request, "code")), removed):
        return _to_document(here, document)
    return _render_document(request, here, document)


@login_required
@require_POST
def document_memo(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """A memo on the document or on one of its coded passages."""
    here = place(request, slug, study)
    document = _document(here, pk)
    segments = list(segments_for_document(document))
    form = MemoForm(request.POST, segments=segments, whole=_("The whole document"))
    write = with_records(
        partial(services.memo_write, study=here.study, actor=request.user),
        segment=Segment.objects.filter(document=document),
    )

    def save(*, segment: int | None, **memo: Any) -> object:
        # On the passage when one is chosen, else on the whole document.
        return write(segment=segment, document=None if segment else document, **memo)

    if submit_form(request, form, save, _("Memo saved.")):
        return _to_document(here, document)
    return _render_document(request, here, document, memo_form=form)
