"""Reads of the research app. Permission checks are in ``permissions``; these take a study
the caller may already see (``get_study_for_user``)."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, roles_in
from acompana.programs.models import Program
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    Study,
    StudyMember,
)
from acompana.research.permissions import (
    can_see_identities,
    get_study_for_user,
    study_member_for,
)

__all__ = [
    "CodeNode",
    "can_see_identities",
    "code_tree",
    "codes_for_study",
    "documents_for_study",
    "get_study_for_user",
    "memos_for_study",
    "participant_identity",
    "participants_for_study",
    "retrieval_for_code",
    "segments_for_code",
    "segments_for_document",
    "segments_for_study",
    "study_list_for_user",
    "study_member_for",
    "with_texts",
]


def study_list_for_user(*, user: Any, program: Program) -> QuerySet[Study]:
    """Every study of the program for coordinators; a researcher's own studies; 403 for the
    other roles and 404 for outsiders."""
    roles = require_member(user, program)
    studies = Study.objects.filter(program=program).annotate(
        participant_count=Count("participants", distinct=True),
        document_count=Count("documents", distinct=True),
    )
    if Role.COORDINATOR in roles:
        return studies.order_by("title", "pk")
    if Role.RESEARCHER not in roles_in(user, program):
        raise PermissionDenied
    return studies.filter(members__user=user).order_by("title", "pk")


def participants_for_study(study: Study) -> QuerySet[Participant]:
    return Participant.objects.filter(study=study).order_by("code_name", "pk")


def participant_identity(*, user: Any, participant: Participant) -> ParticipantIdentity | None:
    """Who the participant is, only for those who may see identities (else None)."""
    if not can_see_identities(user, participant.study):
        return None
    return (
        ParticipantIdentity.objects.select_related("user", "mentor", "mentee")
        .filter(participant=participant)
        .first()
    )


def documents_for_study(study: Study) -> QuerySet[Document]:
    return (
        Document.objects.filter(study=study)
        .select_related("participant")
        .annotate(segment_count=Count("segments", distinct=True))
        .order_by("name", "pk")
    )


def codes_for_study(study: Study) -> QuerySet[Code]:
    """Every code of the study, flat, with how many segments each has."""
    return (
        Code.objects.filter(study=study)
        .annotate(segment_count=Count("segments", distinct=True))
        .order_by("order", "name", "pk")
    )


@dataclass
class CodeNode:
    code: Code
    children: list["CodeNode"] = field(default_factory=list)
    depth: int = 0

    def walk(self) -> Any:
        yield self
        for child in self.children:
            yield from child.walk()


def code_tree(study: Study) -> list[CodeNode]:
    """The code tree (roots first, children in order), from one query."""
    codes = list(codes_for_study(study))
    nodes = {code.pk: CodeNode(code) for code in codes}
    roots: list[CodeNode] = []
    for code in codes:
        node = nodes[code.pk]
        parent = nodes.get(code.parent_id) if code.parent_id else None
        (parent.children if parent else roots).append(node)

    def set_depth(node: CodeNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def segments_for_study(study: Study) -> QuerySet[Segment]:
    """Every segment of the study, with its document, participant, coder and codes."""
    return (
        Segment.objects.filter(document__study=study)
        .select_related("document", "document__participant", "coder")
        .prefetch_related(Prefetch("codes", queryset=Code.objects.order_by("order", "name")))
        .order_by("document__name", "start", "end", "pk")
    )


def segments_for_document(document: Document) -> QuerySet[Segment]:
    return segments_for_study(document.study).filter(document=document)


def segments_for_code(code: Code) -> QuerySet[Segment]:
    """Every segment coded with ``code`` across the study's documents (each with its document
    and the document's participant, for the participant's code name)."""
    return segments_for_study(code.study).filter(codes=code)


def retrieval_for_code(code: Code) -> QuerySet[Segment]:
    """``segments_for_code`` without the documents' texts (a copy per segment otherwise):
    fill them in with ``with_texts`` for the segments shown."""
    return segments_for_code(code).defer("document__text")


def with_texts(segments: list[Segment]) -> list[Segment]:
    """``segments`` (read without their documents' texts) with each document's text read
    once and shared by its segments, so that ``passage`` and the speaker turns work."""
    wanted = {segment.document_id for segment in segments}
    texts = dict(Document.objects.filter(pk__in=wanted).values_list("pk", "text"))
    for segment in segments:
        segment.document.text = texts[segment.document_id]
    return segments


def memos_for_study(study: Study) -> QuerySet[Memo]:
    return (
        Memo.objects.filter(study=study)
        .select_related("author", "code", "document", "segment", "participant")
        .order_by("-created_at", "pk")
    )


def member_list(study: Study) -> QuerySet[StudyMember]:
    return StudyMember.objects.filter(study=study).order_by("code_name", "pk")
