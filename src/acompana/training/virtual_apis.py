"""Virtual delivery over the API, as actions of the training sessions' endpoint: the
meeting, breakout rooms (list, rename, Zoom export; moving a member is ``groups/move``) and
attendance from a participants report (preview, then confirm with the same file).

The rules are those of the pages: the session's mentors and staff read the meeting; its
trainer and coordinators change it, manage rooms and import attendance; a mentor sees only
their own room. Nothing is written by a preview.
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.meetings import JoinMeetingSerializer
from acompana.api.schema import ID, reads, writes
from acompana.training import virtual
from acompana.training.models import BreakoutGroup
from acompana.training.selectors import breakout_groups

MAX_ASSIGNMENTS_CHARS = 200_000


class BreakoutRoomMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class BreakoutRoomSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField(help_text='The room\'s name ("Room N" when not renamed).')
    join_url = serializers.CharField(help_text="The room's own link, or empty.")
    members = BreakoutRoomMemberSerializer(many=True)


class BreakoutRoomRenameSerializer(serializers.Serializer):
    group = serializers.IntegerField(min_value=1, max_value=32767)
    name = serializers.CharField(allow_blank=True, max_length=virtual.MAX_ROOM_NAME)


class ZoomRoomsSerializer(serializers.Serializer):
    filename = serializers.CharField()
    csv = serializers.CharField(help_text="Zoom's pre-assignment CSV (UTF-8 with BOM).")
    participants = serializers.IntegerField()


class ParticipantsReportSerializer(serializers.Serializer):
    report = serializers.FileField(help_text="The participants report (CSV or XLSX, ≤ 5 MB).")
    min_minutes = serializers.IntegerField(
        min_value=1, max_value=1440, default=virtual.MIN_MINUTES_DEFAULT
    )
    name_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    email_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    duration_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    assignments = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_ASSIGNMENTS_CHARS,
        help_text="JSON object: an unmatched connection's key to a mentor id, or null to "
        'ignore it, e.g. {"name:invitada especial": null}.',
    )

    def validate_report(self, report: Any) -> Any:
        if report.size > virtual.REPORT_MAX_BYTES:
            raise serializers.ValidationError("The report is too large: at most 5 MB.")
        return report

    def validate_assignments(self, text: str) -> dict[str, int | None]:
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise serializers.ValidationError("Not JSON.") from exc
        if not isinstance(data, dict) or len(data) > virtual.REPORT_MAX_ROWS:
            raise serializers.ValidationError("An object of keys to mentor ids or null.")
        out: dict[str, int | None] = {}
        for key, value in data.items():
            if not isinstance(key, str) or len(key) > 300:
                raise serializers.ValidationError("Keys are the keys of unmatched connections.")
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise serializers.ValidationError("Values are mentor ids or null.")
            out[key] = value
        return out


class ParticipantsReportConfirmSerializer(ParticipantsReportSerializer):
    expected_version = serializers.IntegerField(
        min_value=0, required=False, help_text="The session's attendance version you read."
    )


class AttendanceImportLineSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()
    code = serializers.CharField()
    minutes = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(help_text="present, partial or absent.")
    matched_by = serializers.CharField()


class UnmatchedConnectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    minutes = serializers.FloatField()
    lines = serializers.ListField(child=serializers.IntegerField())


class AttendanceImportSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="zoom, teams, meet or mapped; empty: map columns.")
    columns = serializers.ListField(child=serializers.CharField())
    min_minutes = serializers.IntegerField()
    attendance_version = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    lines = AttendanceImportLineSerializer(many=True)
    unmatched = UnmatchedConnectionSerializer(many=True)


def _rooms(groups: list[BreakoutGroup]) -> list[dict[str, Any]]:
    return [
        {
            "number": g.number,
            "name": g.room_name,
            "join_url": g.join_url,
            "members": [
                {"id": m.pk, "code": m.code, "name": m.user.get_full_name()}
                for m in getattr(g, "member_list", [])
            ],
        }
        for g in groups
    ]


# Actions mixed into TrainingSessionViewSet (which gives ``session`` and ``validated``); no
# docstring, since the schema would show it as every operation's description.
class VirtualSessionActions:
    session: Any
    validated: Any
    caller: Any

    @reads("The session's meeting (its mentors and staff)", JoinMeetingSerializer, ID)
    @action(detail=True, methods=["get"], pagination_class=None)
    def meeting(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session()
        return Response({name: getattr(session, name) for name in session.MEETING_FIELDS})

    @writes(
        "Change the session's meeting (its trainer and coordinators)",
        JoinMeetingSerializer,
        ID,
        request=JoinMeetingSerializer,
        description="Fields left out keep their value; the join link must be https.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="meeting/update",
        url_name="meeting-update",
        pagination_class=None,
    )
    def meeting_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(JoinMeetingSerializer)
        virtual.session_meeting_set(session=session, data=data, actor=self.caller)
        return Response({name: getattr(session, name) for name in session.MEETING_FIELDS})

    @reads(
        "The session's breakout rooms (a mentor sees only their own)",
        BreakoutRoomSerializer(many=True),
        ID,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def rooms(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, access = self.session()
        groups = breakout_groups(session=session)
        if not access.manage:
            mine = access.mentor.pk if access.mentor else None
            groups = [g for g in groups if mine in {m.pk for m in getattr(g, "member_list", [])}]
        return Response(BreakoutRoomSerializer(_rooms(groups), many=True).data)

    @writes(
        "Rename a breakout room (its trainer and coordinators)",
        BreakoutRoomSerializer(many=True),
        ID,
        request=BreakoutRoomRenameSerializer,
        description="Move a member with POST …/groups/move/.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="rooms/rename",
        url_name="rooms-rename",
        pagination_class=None,
    )
    def rooms_rename(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(BreakoutRoomRenameSerializer)
        group = BreakoutGroup.objects.filter(session=session, number=data["group"]).first()
        if group is None:
            raise serializers.ValidationError({"group": "No group with that number."})
        virtual.room_rename(group=group, name=data["name"], actor=self.caller)
        rooms = _rooms(breakout_groups(session=session))
        return Response(BreakoutRoomSerializer(rooms, many=True).data)

    @reads(
        "Zoom's breakout-room pre-assignment CSV (its trainer and coordinators)",
        ZoomRoomsSerializer,
        ID,
        description="400 beyond Zoom's limits: 100 rooms, 1,000 participants.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="rooms/zoom",
        url_name="rooms-zoom",
        pagination_class=None,
    )
    def rooms_zoom(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        text = virtual.zoom_rooms_csv(session=session)
        return Response(
            {
                "filename": f"zoom-rooms-session-{session.pk}.csv",
                "csv": text,
                "participants": text.count("\n") - 1,
            }
        )

    def _report(self, serializer: type[ParticipantsReportSerializer]) -> tuple[Any, Any, dict]:
        session, access = self.session(manage=True)
        if not access.manage:
            raise PermissionDenied
        data = self.validated(serializer)
        mapping = None
        if data.get("name_column") and data.get("duration_column"):
            mapping = {
                "name": data["name_column"],
                "email": data.get("email_column", ""),
                "duration": data["duration_column"],
            }
        report = virtual.attendance_report_read(
            content=data["report"].read(), filename=data["report"].name, mapping=mapping
        )
        return session, report, data

    def _preview_body(self, session: Any, report: Any, preview: Any) -> dict[str, Any]:
        return {
            "format": report.format,
            "columns": report.header,
            "min_minutes": preview.min_minutes if preview else 0,
            "attendance_version": session.attendance_version,
            "counts": preview.counts if preview else {},
            "lines": [
                {
                    "mentor": line.mentor.pk,
                    "code": line.mentor.code,
                    "minutes": line.minutes,
                    "status": line.status,
                    "matched_by": line.matched_by,
                }
                for line in (preview.lines if preview else [])
            ],
            "unmatched": [
                {
                    "key": u.key,
                    "name": u.name,
                    "email": u.email,
                    "minutes": u.minutes,
                    "lines": u.lines,
                }
                for u in (preview.unmatched if preview else [])
            ],
        }

    @writes(
        "Preview attendance from a participants report (nothing is written)",
        AttendanceImportSerializer,
        ID,
        request={"multipart/form-data": ParticipantsReportSerializer},
        description="Zoom, Teams and Meet reports are read by their columns; another "
        "report answers its ``columns`` and an empty ``format``: send it again with "
        "``name_column``, ``duration_column`` (and ``email_column``).",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="attendance/import/preview",
        url_name="attendance-import-preview",
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attendance_import_preview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, report, data = self._report(ParticipantsReportSerializer)
        preview = None
        if report.format:
            preview = virtual.attendance_import_preview(
                session=session,
                rows=report.rows,
                min_minutes=data["min_minutes"],
                assignments=data.get("assignments") or {},
            )
        return Response(self._preview_body(session, report, preview))

    @writes(
        "Record attendance from a participants report (all or nothing)",
        AttendanceImportSerializer,
        ID,
        request={"multipart/form-data": ParticipantsReportConfirmSerializer},
        description="The same file as the preview, with ``assignments`` for every "
        "unmatched connection; 400 while one is left, or when the attendance changed "
        "since ``expected_version``.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="attendance/import/confirm",
        url_name="attendance-import-confirm",
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attendance_import_confirm(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, report, data = self._report(ParticipantsReportConfirmSerializer)
        if not report.format:
            raise serializers.ValidationError(
                {"report": "Choose the columns of the name and of the duration."}
            )
        preview = virtual.attendance_import_confirm(
            session=session,
            rows=report.rows,
            min_minutes=data["min_minutes"],
            assignments=data.get("assignments") or {},
            expected_version=data.get("expected_version"),
            platform=report.format,
            actor=self.caller,
        )
        return Response(self._preview_body(session, report, preview))
