"""Research studies over the API: studies, participants, documents, codes, codings (coded
segments), memos, and the REFI-QDA exports.

The rules are those of the pages (``acompana.research.permissions``):

* coordinators see every study of their program; researchers list the studies they are
  members of and create studies; a study's content is for its members and coordinators;
  mentors, mentees, specialists and trainers get 403, outsiders 404;
* participants are shown by code name; the ``real_name`` field is present only for callers
  with identity access (coordinators and members a coordinator granted it). Coders and memo
  authors appear by code name only, for everyone.

Text positions (``start``, ``end``) are Unicode code points, end-exclusive:
``text[start:end]`` is the passage. Browsers count UTF-16 units; convert before sending.
"""

from functools import cached_property
from typing import Any, cast

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import FILTERS, IdFilter, ProgramScopedViewSet
from acompana.api.schema import ID, WRITE_ERRORS, errors, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.research import selectors, services
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    Study,
)
from acompana.research.permissions import (
    can_create_study,
    can_see_identities,
    get_study_for_user,
    study_member_for,
)

STUDY_SLUG = OpenApiParameter(
    "study_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The study's slug."
)
SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="A study.")
# A plain string rather than an enum: "kind" names other choice sets elsewhere in the API.
KIND_HELP = "One of transcript, notebook, dialogue, other."
QDPX = OpenApiResponse(OpenApiTypes.BINARY, description="The study as a REFI-QDA project.")
QDC = OpenApiResponse(OpenApiTypes.BINARY, description="The study's REFI-QDA codebook.")


# Ids and positions beyond a 64-bit integer cannot be in the database; bounding them here turns
# a 500 (the database driver's OverflowError) into a 400.
def Id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- Representations --------------------------------------------------------------------------


class StudySerializer(serializers.ModelSerializer[Study]):
    member_code_name = serializers.SerializerMethodField(
        help_text="The caller's code name in the study, or null."
    )
    sees_identities = serializers.SerializerMethodField(
        help_text="Whether the caller may see who the participants are."
    )

    class Meta:
        model = Study
        fields = [
            "id",
            "slug",
            "title",
            "questions",
            "method",
            "ethics_reference",
            "consent_text",
            "fieldwork_documents_allowed",
            "guid",
            "member_code_name",
            "sees_identities",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_member_code_name(self, study: Study) -> str | None:
        member = study_member_for(self.context["request"].user, study)
        return member.code_name if member else None

    def get_sees_identities(self, study: Study) -> bool:
        return can_see_identities(self.context["request"].user, study)


class StudyCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80)
    questions = serializers.CharField(required=False, allow_blank=True, default="")
    method = serializers.CharField(required=False, allow_blank=True, default="")
    ethics_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    consent_text = serializers.CharField(required=False, allow_blank=True, default="")
    with_demo_codebook = serializers.BooleanField(
        required=False, default=False, help_text="Load the Table 2 codebook of the Peru study."
    )
    enrol_mentors = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Enrol every active mentor of the program under their mentor code.",
    )


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    real_name = serializers.CharField(
        read_only=True,
        required=False,
        help_text="Who the participant is. Present only for callers with identity access.",
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "code_name",
            "consent_date",
            "consent_version",
            "attributes",
            "description",
            "guid",
            "updated_at",
            "real_name",
        ]
        read_only_fields = fields

    def to_representation(self, participant: Participant) -> dict[str, Any]:
        data = super().to_representation(participant)
        identities: dict[int, str] | None = self.context.get("identities")
        if identities is None:
            data.pop("real_name", None)
        else:
            data["real_name"] = identities.get(participant.pk, "")
        return data


class ParticipantUpdateSerializer(serializers.Serializer):
    code_name = serializers.CharField(max_length=40, required=False)
    consent_date = serializers.DateField(required=False)
    consent_version = serializers.CharField(max_length=40, required=False, allow_blank=True)
    attributes = serializers.DictField(
        required=False, help_text="Replaces every attribute: {attribute name: value}."
    )
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="The updated_at you read; the change is refused (400) if someone saved since.",
    )


class DocumentSerializer(serializers.ModelSerializer[Document]):
    participant = serializers.SerializerMethodField(
        help_text="The participant's code name, or null."
    )
    participant_id = serializers.IntegerField(read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    length = serializers.SerializerMethodField(help_text="Length of the text in code points.")

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "kind",
            "participant",
            "participant_id",
            "interview",
            "description",
            "length",
            "guid",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_participant(self, document: Document) -> str | None:
        return document.participant.code_name if document.participant else None

    def get_length(self, document: Document) -> int:
        return len(document.text)


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text"]
        read_only_fields = fields


class DocumentCreateSerializer(serializers.Serializer):
    """A typed text (JSON ``text``) or an uploaded TXT/DOCX file (multipart ``upload``)."""

    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.CharField(default=Document.Kind.TRANSCRIPT, help_text=KIND_HELP)
    text = serializers.CharField(required=False, trim_whitespace=False)
    upload = serializers.FileField(
        required=False, help_text="A .txt (UTF-8, UTF-16, Windows-1252) or .docx file, ≤ 5 MB."
    )
    participant = Id(required=False, allow_null=True, default=None, help_text="A participant id.")
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_kind(self, value: str) -> str:
        if value not in Document.Kind.values:
            raise serializers.ValidationError(KIND_HELP)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("text" in attrs) == ("upload" in attrs):
            raise serializers.ValidationError("Send either a text or an upload.")
        if "text" in attrs and not attrs.get("name"):
            raise serializers.ValidationError({"name": ["A document needs a name."]})
        return attrs


class CodeSerializer(serializers.ModelSerializer[Code]):
    segment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Code
        fields = [
            "id",
            "name",
            "parent",
            "is_codable",
            "origin",
            "definition",
            "color",
            "order",
            "segment_count",
            "guid",
            "updated_at",
        ]
        read_only_fields = fields


class CodeTreeSerializer(CodeSerializer):
    children = serializers.SerializerMethodField(help_text="The codes under this one.")

    class Meta(CodeSerializer.Meta):
        fields = [*CodeSerializer.Meta.fields, "children"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, code: Code) -> list[dict[str, Any]]:
        nodes: dict[int, selectors.CodeNode] = self.context["nodes"]
        return [
            CodeTreeSerializer(child.code, context=self.context).data
            for child in nodes[code.pk].children
        ]


class CodeCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    is_codable = serializers.BooleanField(required=False, default=True)
    origin = serializers.ChoiceField(choices=Code.Origin.choices, default=Code.Origin.A_PRIORI)
    definition = serializers.CharField(required=False, allow_blank=True, default="")
    color = serializers.CharField(required=False, allow_blank=True, default="", max_length=7)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "parent" cannot be a declared attribute: it would hide Field.parent.
        return {
            **super().get_fields(),
            "parent": Id(
                required=False, allow_null=True, default=None, help_text="A code id, or null."
            ),
        }


class CodeUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    is_codable = serializers.BooleanField(required=False)
    origin = serializers.ChoiceField(choices=Code.Origin.choices, required=False)
    definition = serializers.CharField(required=False, allow_blank=True)
    color = serializers.CharField(required=False, max_length=7)
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="The updated_at you read; the change is refused (400) if someone saved since.",
    )


class CodeMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=MAX_ID,
        help_text="Place among the new siblings, from 0; null: last.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # "parent" cannot be a declared attribute: it would hide Field.parent.
        return {
            "parent": Id(allow_null=True, help_text="A code id, or null: the root."),
            **super().get_fields(),
        }


class CodeMergeSerializer(serializers.Serializer):
    target = Id(help_text="The code that receives this one.")


class CodeSplitSerializer(serializers.Serializer):
    new_name = serializers.CharField(max_length=200)
    segments = serializers.ListField(child=Id(), allow_empty=False, help_text="Coding ids.")


class CodeRefSerializer(serializers.ModelSerializer[Code]):
    class Meta:
        model = Code
        fields = ["id", "name", "color", "origin"]
        read_only_fields = fields


class CodingSerializer(serializers.ModelSerializer[Segment]):
    document_name = serializers.CharField(source="document.name", read_only=True)
    participant = serializers.SerializerMethodField(
        help_text="The code name of the document's participant, or null."
    )
    coder = serializers.SerializerMethodField(help_text="The coder's code name, or null.")
    passage = serializers.CharField(read_only=True, help_text="text[start:end].")
    codes = CodeRefSerializer(many=True, read_only=True)

    class Meta:
        model = Segment
        fields = [
            "id",
            "document",
            "document_name",
            "start",
            "end",
            "passage",
            "participant",
            "coder",
            "codes",
            "guid",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_participant(self, segment: Segment) -> str | None:
        participant = segment.document.participant
        return participant.code_name if participant else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_coder(self, segment: Segment) -> str | None:
        return segment.coder.code_name if segment.coder else None


class CodingCreateSerializer(serializers.Serializer):
    document = Id()
    start = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, help_text="Code points, inclusive."
    )
    end = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Code points, exclusive."
    )
    codes = serializers.ListField(child=Id(), allow_empty=False)


class CodingRemoveSerializer(serializers.Serializer):
    code = Id(help_text="The code to remove from the coding.")


class CodingFilter(django_filters.FilterSet):
    document = IdFilter(field_name="document_id", help_text="A document id.")
    code = IdFilter(field_name="codes", help_text="A code id.")

    class Meta:
        model = Segment
        fields: list[str] = []


class MemoSerializer(serializers.ModelSerializer[Memo]):
    author = serializers.SerializerMethodField(help_text="The author's code name, or null.")

    class Meta:
        model = Memo
        fields = [
            "id",
            "title",
            "text",
            "author",
            "code",
            "document",
            "segment",
            "participant",
            "guid",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, memo: Memo) -> str | None:
        return memo.author.code_name if memo.author else None


class MemoCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    text = serializers.CharField()
    code = Id(required=False, allow_null=True, default=None)
    document = Id(required=False, allow_null=True, default=None)
    segment = Id(required=False, allow_null=True, default=None, help_text="A coding id.")
    participant = Id(required=False, allow_null=True, default=None)


# --- Viewsets ---------------------------------------------------------------------------------


class ResearchViewSet(ProgramScopedViewSet):
    def paginated(self, queryset: Any, serializer_class: Any, **context: Any) -> Response:
        page = self.paginate_queryset(queryset)
        full = {**self.get_serializer_context(), **context}
        return self.get_paginated_response(serializer_class(page, many=True, context=full).data)


@extend_schema(parameters=[STUDY_SLUG])
class StudyScopedViewSet(ResearchViewSet):
    """A resource of one study: 404 for outsiders, 403 for those who may not see the study."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.study  # noqa: B018  (who may see the study is checked before the body is read)

    @cached_property
    def study(self) -> Study:
        return get_study_for_user(self.caller, self.program, self.kwargs["study_slug"])

    def own(self, model: Any, pk: Any, field: str, **filters: Any) -> Any:
        if pk is None:
            return None
        found = model.objects.filter(pk=pk, **filters).first()
        if found is None:
            raise serializers.ValidationError({field: ["Not part of this study."]})
        return found


@extend_schema_view(
    list=reads(
        "Studies of the program (coordinators: all; researchers: their own)", StudySerializer
    ),
    retrieve=reads("One study (its members and coordinators)", StudySerializer, SLUG),
)
class StudyViewSet(ResearchViewSet):
    serializer_class = StudySerializer
    queryset = Study.objects.none()
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        studies = selectors.study_list_for_user(user=self.caller, program=self.program)
        return self.paginated(studies.select_related("program"), StudySerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        study = get_study_for_user(self.caller, self.program, kwargs["slug"])
        return Response(StudySerializer(study, context=self.get_serializer_context()).data)

    @writes(
        "Create a study; the caller becomes its lead member (coordinators, researchers)",
        StudySerializer,
        request=StudyCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        if not can_create_study(self.caller, program):
            raise PermissionDenied
        data = self.validated(StudyCreateSerializer)
        study = services.study_create(program=program, actor=self.caller, **data)
        body = StudySerializer(study, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _file(self, data: bytes, filename: str, content_type: str) -> HttpResponse:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @extend_schema(
        summary="Download the study as a REFI-QDA project (.qdpx)",
        parameters=[SLUG],
        responses={(200, "application/zip"): QDPX, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="export-qdpx")
    def export_qdpx(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        study = get_study_for_user(self.caller, self.program, kwargs["slug"])
        data = services.study_export_qdpx(study=study, actor=self.caller)
        return self._file(data, f"{study.slug}.qdpx", "application/zip")

    @extend_schema(
        summary="Download the study's codebook (.qdc)",
        parameters=[SLUG],
        responses={(200, "application/xml"): QDC, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="export-qdc")
    def export_qdc(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        study = get_study_for_user(self.caller, self.program, kwargs["slug"])
        data = services.study_export_qdc(study=study, actor=self.caller)
        return self._file(data, f"{study.slug}.qdc", "application/xml")


@extend_schema_view(
    list=reads(
        "Participants of a study, by code name",
        ParticipantSerializer,
        description="`real_name` is present only for callers with identity access.",
    ),
    retrieve=reads("One participant", ParticipantSerializer, ID),
    partial_update=writes(
        "Change a participant's code name, consent or attributes",
        ParticipantSerializer,
        ID,
        request=ParticipantUpdateSerializer,
    ),
)
class ParticipantViewSet(StudyScopedViewSet):
    serializer_class = ParticipantSerializer
    queryset = Participant.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def identities(self) -> dict[int, str] | None:
        if not can_see_identities(self.caller, self.study):
            return None
        rows = ParticipantIdentity.objects.filter(participant__study=self.study)
        return {pk: name for pk, name in rows.values_list("participant_id", "full_name")}

    def get_participant(self) -> Participant:
        found = selectors.participants_for_study(self.study).filter(pk=id_or_404(self.kwargs["pk"]))
        participant = found.first()
        if participant is None:
            raise Http404
        return participant

    def conflict_representation(self, current: Any) -> Any:
        # Someone changed the participant since the caller read it: what is saved now.
        return ParticipantSerializer(self.get_participant()).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participants = selectors.participants_for_study(self.study)
        return self.paginated(participants, ParticipantSerializer, identities=self.identities())

    def participant_response(self, participant: Participant) -> Response:
        context = {**self.get_serializer_context(), "identities": self.identities()}
        return Response(ParticipantSerializer(participant, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.participant_response(self.get_participant())

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participant = self.get_participant()
        data = self.validated(ParticipantUpdateSerializer)
        seen_at = data.pop("updated_at", None)
        participant = services.participant_update(
            participant=participant, actor=self.caller, seen_at=seen_at, **data
        )
        return self.participant_response(participant)


@extend_schema_view(
    list=reads("Documents of a study (without their text)", DocumentSerializer),
    retrieve=reads("One document with its text", DocumentDetailSerializer, ID),
)
class DocumentViewSet(StudyScopedViewSet):
    serializer_class = DocumentSerializer
    queryset = Document.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.paginated(selectors.documents_for_study(self.study), DocumentSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = (
            selectors.documents_for_study(self.study).filter(pk=id_or_404(kwargs["pk"])).first()
        )
        if document is None:
            raise Http404
        return Response(DocumentDetailSerializer(document).data)

    @writes(
        "Add a document: a typed text (JSON) or an uploaded TXT or DOCX (multipart)",
        DocumentDetailSerializer,
        request={
            "application/json": DocumentCreateSerializer,
            "multipart/form-data": DocumentCreateSerializer,
        },
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        study = self.study
        data = self.validated(DocumentCreateSerializer)
        participant = self.own(Participant, data["participant"], "participant", study=study)
        if "upload" in data:
            document = services.document_upload(
                study=study,
                actor=self.caller,
                upload=data["upload"],
                name=data["name"],
                kind=data["kind"],
                participant=participant,
            )
        else:
            document = services.document_add(
                study=study,
                actor=self.caller,
                name=data["name"],
                text=data["text"],
                kind=data["kind"],
                participant=participant,
                description=data["description"],
            )
        return Response(DocumentDetailSerializer(document).data, status=status.HTTP_201_CREATED)


TREE = OpenApiParameter(
    "view",
    OpenApiTypes.STR,
    enum=["flat", "tree"],
    description="flat (default): every code with its parent; tree: roots with nested children.",
)


@extend_schema_view(
    list=reads("The study's codes, flat with parents or as a tree", CodeTreeSerializer, TREE),
    retrieve=reads("One code", CodeSerializer, ID),
    partial_update=writes(
        "Change a code's name, definition, colour, origin or codability",
        CodeSerializer,
        ID,
        request=CodeUpdateSerializer,
    ),
)
class CodeViewSet(StudyScopedViewSet):
    serializer_class = CodeSerializer
    queryset = Code.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_code(self, pk: Any = None) -> Code:
        code = (
            selectors.codes_for_study(self.study)
            .filter(pk=id_or_404(pk if pk is not None else self.kwargs["pk"]))
            .first()
        )
        if code is None:
            raise Http404
        return code

    def conflict_representation(self, current: Any) -> Any:
        # Someone changed the code since the caller read it: what is saved now.
        return CodeSerializer(self.get_code()).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.query_params.get("view") == "tree":
            roots = selectors.code_tree(self.study)
            nodes = {node.code.pk: node for root in roots for node in root.walk()}
            context = {**self.get_serializer_context(), "nodes": nodes}
            page = self.paginate_queryset(cast(Any, [root.code for root in roots]))
            return self.get_paginated_response(
                CodeTreeSerializer(page, many=True, context=context).data
            )
        ordered = [n.code for root in selectors.code_tree(self.study) for n in root.walk()]
        return self.paginated(cast(Any, ordered), CodeSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CodeSerializer(self.get_code()).data)

    def reply(self, code: Code, code_status: int = 200) -> Response:
        return Response(CodeSerializer(self.get_code(code.pk)).data, status=code_status)

    @writes(
        "Create a code or a category (is_codable false)",
        CodeSerializer,
        request=CodeCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(CodeCreateSerializer)
        data["parent"] = self.own(Code, data["parent"], "parent", study=self.study)
        code = services.code_create(study=self.study, actor=self.caller, **data)
        return self.reply(code, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        code = self.get_code()
        data = self.validated(CodeUpdateSerializer)
        seen_at = data.pop("updated_at", None)
        code = services.code_update(code=code, actor=self.caller, seen_at=seen_at, **data)
        return self.reply(code)

    @writes(
        "Move a code under another (or to the root), at a position",
        CodeSerializer,
        ID,
        request=CodeMoveSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        code = self.get_code()
        data = self.validated(CodeMoveSerializer)
        parent = self.own(Code, data["parent"], "parent", study=self.study)
        services.code_move(code=code, actor=self.caller, parent=parent, position=data["position"])
        return self.reply(code)

    @writes(
        "Merge this code into a target: its codings, memos and subcodes move there",
        CodeSerializer,
        ID,
        request=CodeMergeSerializer,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        code = self.get_code()
        data = self.validated(CodeMergeSerializer)
        target = self.own(Code, data["target"], "target", study=self.study)
        target = services.code_merge(source=code, target=target, actor=self.caller)
        return self.reply(target)

    @writes(
        "Split some codings off into a new sibling code",
        CodeSerializer,
        ID,
        request=CodeSplitSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def split(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        code = self.get_code()
        data = self.validated(CodeSplitSerializer)
        new = services.code_split(
            code=code,
            actor=self.caller,
            new_name=data["new_name"],
            segment_ids=data["segments"],
        )
        return self.reply(new, status.HTTP_201_CREATED)


@extend_schema_view(
    list=reads(
        "Codings (coded segments) of a document or of a code, with their passages", CodingSerializer
    ),
    retrieve=reads("One coding", CodingSerializer, ID),
)
class CodingViewSet(StudyScopedViewSet):
    serializer_class = CodingSerializer
    queryset = Segment.objects.none()
    filter_backends = FILTERS
    filterset_class = CodingFilter

    def segments(self) -> QuerySet[Segment]:
        return Segment.objects.filter(document__study=self.study).select_related(
            "document", "document__participant", "coder"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        segments = self.filter_queryset(selectors.segments_for_study(self.study))
        return self.paginated(segments, CodingSerializer)

    def get_segment(self) -> Segment:
        segment = self.segments().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if segment is None:
            raise Http404
        return segment

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CodingSerializer(self.get_segment()).data)

    @writes(
        "Code a passage (code points) with one or more codes",
        CodingSerializer,
        request=CodingCreateSerializer,
        code=201,
        description="If the caller already coded exactly this span, the codes are added to it.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(CodingCreateSerializer)
        document = self.own(Document, data["document"], "document", study=self.study)
        codes = list(Code.objects.filter(study=self.study, pk__in=data["codes"]))
        if len(codes) != len(set(data["codes"])):
            raise serializers.ValidationError({"codes": ["Not all codes are of this study."]})
        segment = services.segment_code(
            document=document,
            actor=self.caller,
            start=data["start"],
            end=data["end"],
            codes=codes,
        )
        segment = self.segments().get(pk=segment.pk)
        return Response(CodingSerializer(segment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a code from a coding; a coding left without codes is deleted (204)",
        parameters=[ID],
        request=CodingRemoveSerializer,
        responses={200: CodingSerializer, 204: None, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="remove-code")
    def remove_code(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        segment = self.get_segment()
        data = self.validated(CodingRemoveSerializer)
        code = self.own(Code, data["code"], "code", study=self.study)
        left = services.segment_uncode(segment=segment, actor=self.caller, code=code)
        if left is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CodingSerializer(self.segments().get(pk=left.pk)).data)


@extend_schema_view(
    list=reads("Memos of a study (authors by code name)", MemoSerializer),
)
class MemoViewSet(StudyScopedViewSet):
    serializer_class = MemoSerializer
    queryset = Memo.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.paginated(selectors.memos_for_study(self.study), MemoSerializer)

    @writes(
        "Write a memo on the study, or on one code, document, coding or participant",
        MemoSerializer,
        request=MemoCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        study = self.study
        data = self.validated(MemoCreateSerializer)
        targets = {
            "code": self.own(Code, data["code"], "code", study=study),
            "document": self.own(Document, data["document"], "document", study=study),
            "segment": self.own(Segment, data["segment"], "segment", document__study=study),
            "participant": self.own(Participant, data["participant"], "participant", study=study),
        }
        memo = services.memo_write(
            study=study, actor=self.caller, title=data["title"], text=data["text"], **targets
        )
        return Response(MemoSerializer(memo).data, status=status.HTTP_201_CREATED)


__all__ = [
    "CodeViewSet",
    "CodingViewSet",
    "DocumentViewSet",
    "MemoViewSet",
    "ParticipantViewSet",
    "StudyViewSet",
]
