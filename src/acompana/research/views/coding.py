"""The codebook, coding a document, retrieving a code's segments."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acompana.common.views import validation_failed
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


def _code_fields(data: dict[str, Any], here: Any) -> dict[str, Any]:
    return {
        "name": data["name"],
        "parent": get_object_or_404(here.study.codes, pk=data["parent"])
        if data["parent"]
        else None,
        "is_codable": data["is_codable"],
        "origin": data["origin"],
        "definition": data["definition"],
        "color": data["color"],
    }


@login_required
def codebook(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """The code tree: categories and codes, a priori or emergent, with definitions and memos."""
    here = place(request, slug, study)
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    form = CodeForm(request.POST or None, codes=tree)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.code_create(
                study=here.study, actor=request.user, **_code_fields(form.cleaned_data, here)
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Code “%(name)s” added.") % {"name": code.name})
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
                "name": code.name,
                "parent": code.parent_id,
                "is_codable": code.is_codable,
                "origin": code.origin,
                "definition": code.definition,
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


def _to_code(here: Place, code: Code) -> HttpResponse:
    return redirect("research:code", slug=here.program.slug, study=here.study.slug, pk=code.pk)


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
    if form.is_valid():
        fields = _code_fields(form.cleaned_data, here)
        fields.pop("parent")
        try:
            services.code_update(
                code=found.code, actor=request.user, seen_at=form.cleaned_data["seen"], **fields
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Code saved."))
            return _to_code(here, found.code)
    return _render_code(request, here, found, edit_form=form)


@login_required
@require_POST
def code_move(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeMoveForm(request.POST, codes=found.elsewhere, auto_id="move_%s")
    if form.is_valid():
        data = form.cleaned_data
        parent = get_object_or_404(here.study.codes, pk=data["parent"]) if data["parent"] else None
        try:
            services.code_move(
                code=found.code, actor=request.user, parent=parent, position=data["position"]
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Code moved."))
            return _to_code(here, found.code)
    return _render_code(request, here, found, move_form=form)


@login_required
@require_POST
def code_merge(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeMergeForm(request.POST, codes=[r for r in found.tree if r.code.pk != found.code.pk])
    if form.is_valid():
        target = get_object_or_404(here.study.codes, pk=form.cleaned_data["target"])
        try:
            merged = services.code_merge(source=found.code, target=target, actor=request.user)
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Codes merged."))
            return _to_code(here, merged)
    return _render_code(request, here, found, merge_form=form)


@login_required
@require_POST
def code_split(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = CodeSplitForm(request.POST, segments=found.segments)
    if form.is_valid():
        try:
            new = services.code_split(
                code=found.code,
                actor=request.user,
                new_name=form.cleaned_data["new_name"],
                segment_ids=form.cleaned_data["segments"],
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Code split."))
            return _to_code(here, new)
    return _render_code(request, here, found, split_form=form)


@login_required
@require_POST
def code_memo(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    found = _code_page(request, here, pk)
    form = MemoForm(request.POST)
    if form.is_valid():
        try:
            services.memo_write(
                study=here.study,
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                code=found.code,
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Memo saved."))
            return _to_code(here, found.code)
    return _render_code(request, here, found, memo_form=form)


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
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.segment_code(
                document=document,
                actor=request.user,
                start=data["start"],
                end=data["end"],
                codes=list(here.study.codes.filter(pk__in=data["codes"])),
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Passage coded."))
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
    try:
        services.segment_uncode(
            segment=segment,
            actor=request.user,
            code=get_object_or_404(segment.codes.all(), pk=posted_pk(request, "code")),
        )
    except ValidationError as exc:
        validation_failed(request, exc)
        return _render_document(request, here, document)
    messages.success(request, _("Code removed from the passage."))
    return _to_document(here, document)


@login_required
@require_POST
def document_memo(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """A memo on the document or on one of its coded passages."""
    here = place(request, slug, study)
    document = _document(here, pk)
    segments = list(segments_for_document(document))
    form = MemoForm(request.POST, segments=segments, whole=_("The whole document"))
    if form.is_valid():
        data = form.cleaned_data
        about = (
            get_object_or_404(Segment.objects.filter(document=document), pk=data["segment"])
            if data.get("segment")
            else None
        )
        try:
            services.memo_write(
                study=here.study,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                document=None if about else document,
                segment=about,
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Memo saved."))
            return _to_document(here, document)
    return _render_document(request, here, document, memo_form=form)
