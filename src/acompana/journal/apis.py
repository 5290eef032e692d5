"""The reflective journal over the API, with the rules of the pages.

* ``journal/entries``: a mentee's own entries (private and shared): list, write, read, edit
  with the ``version`` read (409 with the entry as it is when it was saved since), delete,
  share with their mentor or one of their circles and stop sharing. Other roles get 403,
  outsiders 404, another mentee's entry is not found.
* ``journal/shared``: the entries others share with the caller now (mentors: their current
  mentees' entries shared with them; members and mentors of a circle: the entries shared with
  it).
"""

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, WRITE_ERRORS, conflict, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.journal import services
from acompana.journal.models import TEXT_MAX, TITLE_MAX, JournalEntry
from acompana.journal.selectors import (
    circles_of,
    entry_list_for_author,
    get_entry_for_author,
    meetings_of,
    own_mentee_profile,
    shared_with_user,
    strands_of,
    visits_of,
)


class JournalEntrySerializer(serializers.ModelSerializer[JournalEntry]):
    strand = serializers.IntegerField(source="strand_id", allow_null=True, read_only=True)
    visit = serializers.IntegerField(source="visit_id", allow_null=True, read_only=True)
    circle_meeting = serializers.IntegerField(
        source="circle_meeting_id", allow_null=True, read_only=True
    )
    shared_circle = serializers.IntegerField(
        source="shared_circle_id", allow_null=True, read_only=True, help_text="Shared with."
    )

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "written_on",
            "title",
            "text",
            "strand",
            "visit",
            "circle_meeting",
            "shared_with_mentor",
            "shared_circle",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SharedEntrySerializer(serializers.ModelSerializer[JournalEntry]):
    author = serializers.SerializerMethodField(help_text="The mentee who shares it.")
    strand = serializers.IntegerField(source="strand_id", allow_null=True, read_only=True)

    class Meta:
        model = JournalEntry
        fields = ["id", "author", "written_on", "title", "text", "strand"]
        read_only_fields = fields

    def get_author(self, entry: JournalEntry) -> str:
        return str(entry.mentee.user)


class EntryWriteSerializer(serializers.Serializer):
    written_on = serializers.DateField()
    title = serializers.CharField(max_length=TITLE_MAX)
    text = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    strand = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A competency (strand) of the program's framework.",
    )
    visit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="One of the caller's visits.",
    )
    circle_meeting = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A meeting of one of the caller's circles.",
    )


class EntryUpdateSerializer(EntryWriteSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The entry's version the caller edited."
    )


class ShareSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(
        choices=[("mentor", "mentor"), ("circle", "circle")],
        default="mentor",
        help_text="With whom: the caller's mentor (default) or one of their circles.",
    )
    circle = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="To share with a circle: one of the caller's circles.",
    )


ENTRY_CONFLICT = conflict("JournalEntry", JournalEntrySerializer)


@extend_schema_view(
    list=reads("The caller's own journal entries, newest first (mentees)", JournalEntrySerializer)
)
class JournalEntryViewSet(ProgramScopedViewSet):
    serializer_class = JournalEntrySerializer
    queryset = JournalEntry.objects.none()

    def entry(self) -> JournalEntry:
        return get_entry_for_author(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def conflict_representation(self, current: Any) -> Any:
        return JournalEntrySerializer(current).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(entry_list_for_author(user=self.caller, program=self.program))
        return self.get_paginated_response(JournalEntrySerializer(page, many=True).data)

    def _links(self, data: dict[str, Any]) -> dict[str, Any]:
        mentee = own_mentee_profile(user=self.caller, program=self.program)
        strand, visit = data.pop("strand", None), data.pop("visit", None)
        data["strand"] = (
            one_of(strands_of(self.program), "strand", "Not a strand of the program.", pk=strand)
            if strand is not None
            else None
        )
        data["visit"] = (
            one_of(visits_of(mentee), "visit", "Not one of your visits.", pk=visit)
            if visit is not None
            else None
        )
        meeting = data.pop("circle_meeting", None)
        data["circle_meeting"] = (
            one_of(
                meetings_of(mentee), "circle_meeting", "Not a meeting of your circles.", pk=meeting
            )
            if meeting is not None
            else None
        )
        return data

    @writes(
        "Write an entry in the caller's journal (mentees); private until shared",
        JournalEntrySerializer,
        request=EntryWriteSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mentee = own_mentee_profile(user=self.caller, program=self.program)
        data = self._links(self.validated(EntryWriteSerializer))
        entry = services.entry_create(mentee=mentee, actor=self.caller, **data)
        return Response(JournalEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @reads("One of the caller's entries", JournalEntrySerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(JournalEntrySerializer(self.entry()).data)

    @writes(
        "Replace one of the caller's entries, with the version read",
        JournalEntrySerializer,
        ID,
        request=EntryUpdateSerializer,
        errors={**WRITE_ERRORS, **ENTRY_CONFLICT},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.entry()
        data = self._links(self.validated(EntryUpdateSerializer))
        version = data.pop("version")
        entry = services.entry_update(
            entry=entry, expected_version=version, actor=self.caller, **data
        )
        return Response(JournalEntrySerializer(entry).data)

    @reads("Delete one of the caller's entries", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.entry_delete(entry=self.entry(), actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _share(self, shared: bool) -> Response:
        entry = self.entry()
        data = self.validated(ShareSerializer)
        if data["audience"] == "mentor":
            entry = services.entry_share_with_mentor(entry=entry, shared=shared, actor=self.caller)
            return Response(JournalEntrySerializer(entry).data)
        circle = None
        if shared:
            if data.get("circle") is None:
                raise serializers.ValidationError({"circle": ["Name one of your circles."]})
            circle = one_of(
                circles_of(entry.mentee), "circle", "Not one of your circles.", pk=data["circle"]
            )
        entry = services.entry_share_with_circle(entry=entry, circle=circle, actor=self.caller)
        return Response(JournalEntrySerializer(entry).data)

    @writes(
        "Share the entry with the caller's mentor or one of their circles",
        JournalEntrySerializer,
        ID,
        request=ShareSerializer,
    )
    @action(detail=True, methods=["post"])
    def share(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._share(shared=True)

    @writes(
        "Stop sharing the entry with the caller's mentor or with its circle",
        JournalEntrySerializer,
        ID,
        request=ShareSerializer,
    )
    @action(detail=True, methods=["post"])
    def unshare(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._share(shared=False)


@extend_schema_view(
    list=reads(
        "Journal entries shared with the caller now (mentors: their mentees')",
        SharedEntrySerializer,
    )
)
class SharedJournalEntryViewSet(ProgramScopedViewSet):
    serializer_class = SharedEntrySerializer
    queryset = JournalEntry.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(shared_with_user(user=self.caller, program=self.program))
        return self.get_paginated_response(SharedEntrySerializer(page, many=True).data)
