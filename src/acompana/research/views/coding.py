"""The codebook, coding a document, retrieving a code's segments."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

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
from acompana.research.models import Memo, Segment
from acompana.research.selectors import (
    codes_for_study,
    retrieval_for_code,
    segments_for_document,
    with_texts,
)
from acompana.research.views.base import place, posted_pk

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


@login_required
def code_detail(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Every segment of a code across documents, and the forms to change the code."""
    here = place(request, slug, study)
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
    speaking = analysis.segment_speakers(segments)
    for segment in segments:
        segment.speaker = speaking[segment.pk]  # type: ignore[attr-defined]
    action = request.POST.get("action") if request.method == "POST" else None

    def bound(name: str) -> Any:
        return request.POST if action == name else None

    edit_form = CodeForm(
        bound("edit"),
        codes=elsewhere,
        initial={
            "name": code.name,
            "parent": code.parent_id,
            "is_codable": code.is_codable,
            "origin": code.origin,
            "definition": code.definition,
            "color": code.color,
            "seen": code.updated_at,
        },
    )
    move_form = CodeMoveForm(
        bound("move"), codes=elsewhere, initial={"parent": code.parent_id}, auto_id="move_%s"
    )
    merge_form = CodeMergeForm(bound("merge"), codes=[r for r in tree if r.code.pk != code.pk])
    split_form = CodeSplitForm(bound("split"), segments=segments)
    memo_form = MemoForm(bound("memo"))
    if request.method == "POST":
        try:
            if action == "edit" and edit_form.is_valid():
                fields = _code_fields(edit_form.cleaned_data, here)
                fields.pop("parent")
                services.code_update(
                    code=code, actor=request.user, seen_at=edit_form.cleaned_data["seen"], **fields
                )
                messages.success(request, _("Code saved."))
                return redirect("research:code", slug=slug, study=here.study.slug, pk=code.pk)
            if action == "move" and move_form.is_valid():
                data = move_form.cleaned_data
                services.code_move(
                    code=code,
                    actor=request.user,
                    parent=get_object_or_404(here.study.codes, pk=data["parent"])
                    if data["parent"]
                    else None,
                    position=data["position"],
                )
                messages.success(request, _("Code moved."))
                return redirect("research:code", slug=slug, study=here.study.slug, pk=code.pk)
            if action == "merge" and merge_form.is_valid():
                target = services.code_merge(
                    source=code,
                    target=get_object_or_404(
                        here.study.codes, pk=merge_form.cleaned_data["target"]
                    ),
                    actor=request.user,
                )
                messages.success(request, _("Codes merged."))
                return redirect("research:code", slug=slug, study=here.study.slug, pk=target.pk)
            if action == "split" and split_form.is_valid():
                new = services.code_split(
                    code=code,
                    actor=request.user,
                    new_name=split_form.cleaned_data["new_name"],
                    segment_ids=split_form.cleaned_data["segments"],
                )
                messages.success(request, _("Code split."))
                return redirect("research:code", slug=slug, study=here.study.slug, pk=new.pk)
            if action == "memo" and memo_form.is_valid():
                services.memo_write(
                    study=here.study,
                    actor=request.user,
                    title=memo_form.cleaned_data["title"],
                    text=memo_form.cleaned_data["text"],
                    code=code,
                )
                messages.success(request, _("Memo saved."))
                return redirect("research:code", slug=slug, study=here.study.slug, pk=code.pk)
        except ValidationError as exc:
            validation_failed(request, exc)
    return render(
        request,
        "research/code.html",
        here.context(
            code=code,
            page=page,
            segments=segments,
            memos=code.memos.select_related("author").order_by("-created_at"),
            edit_form=edit_form,
            move_form=move_form,
            merge_form=merge_form,
            split_form=split_form,
            memo_form=memo_form,
        ),
    )


@login_required
def document_code(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Code a document: select a passage, tick codes, apply; segments, memos, removal."""
    here = place(request, slug, study)
    document = get_object_or_404(here.study.documents.select_related("participant"), pk=pk)
    tree = analysis.code_tree(here.study, codes_for_study(here.study))
    segments = list(segments_for_document(document))
    action = request.POST.get("action") if request.method == "POST" else None
    form = CodingForm(request.POST if action == "code" else None, codes=tree, text=document.text)
    memo_form = MemoForm(
        request.POST if action == "memo" else None,
        segments=segments,
        whole=_("The whole document"),
    )
    back = redirect("research:document", slug=slug, study=here.study.slug, pk=document.pk)
    if request.method == "POST":
        try:
            if action == "code" and form.is_valid():
                data = form.cleaned_data
                services.segment_code(
                    document=document,
                    actor=request.user,
                    start=data["start"],
                    end=data["end"],
                    codes=list(here.study.codes.filter(pk__in=data["codes"])),
                )
                messages.success(request, _("Passage coded."))
                return back
            if action == "uncode":
                segment = get_object_or_404(
                    Segment.objects.filter(document=document), pk=posted_pk(request, "segment")
                )
                services.segment_uncode(
                    segment=segment,
                    actor=request.user,
                    code=get_object_or_404(segment.codes.all(), pk=posted_pk(request, "code")),
                )
                messages.success(request, _("Code removed from the passage."))
                return back
            if action == "memo" and memo_form.is_valid():
                data = memo_form.cleaned_data
                about = (
                    get_object_or_404(Segment.objects.filter(document=document), pk=data["segment"])
                    if data.get("segment")
                    else None
                )
                services.memo_write(
                    study=here.study,
                    actor=request.user,
                    title=data["title"],
                    text=data["text"],
                    document=None if about else document,
                    segment=about,
                )
                messages.success(request, _("Memo saved."))
                return back
            if action not in {"code", "uncode", "memo"}:
                raise PermissionDenied
        except ValidationError as exc:
            validation_failed(request, exc)
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
