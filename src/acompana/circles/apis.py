"""Circles over the API, with the rules of the pages (see ``permissions``):

* circles are read by coordinators (all), mentors (theirs), mentees (those they are a member
  of) and specialists (those of the mentors they accompany); trainers and researchers get 403,
  outsiders 404, a circle the caller may not see 404;
* coordinators create and edit circles (with the version they started from);
* meetings are planned and recorded by coordinators, the circle's mentor and, in peer circles
  and reciprocal coaching, its members;
* a private note is read and written by its author only (``/note``: always the caller's own);
  no other endpoint carries private notes.
"""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.circles import selectors, services
from acompana.circles.models import Circle, Commitment, Goal, Kind, Meeting
from acompana.circles.services import MAX_COMMITMENTS, MAX_TEXT
from acompana.common.choices import MeetingMode
from acompana.common.ids import MAX_ID, id_or_404
from acompana.frameworks.models import Competency
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Program

MAX_MEMBERS = 20  # members given at once (above every kind's bound)

# --- Representations ---------------------------------------------------------------------------


class CircleMemberSerializer(serializers.Serializer):
    mentee = serializers.IntegerField(read_only=True, help_text="The mentee profile's id.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    joined_on = serializers.DateField(read_only=True)


def _members(circle: Circle) -> Any:
    rows = [
        {
            "mentee": m.mentee_id,
            "code": m.mentee.code,
            "name": m.mentee.user.get_full_name(),
            "joined_on": m.joined_on,
        }
        for m in selectors.circle_members(circle=circle)
    ]
    return CircleMemberSerializer(rows, many=True).data


class CircleSerializer(serializers.ModelSerializer[Circle]):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=Circle.Status.choices, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Circle
        fields = [
            "id",
            "cohort",
            "kind",
            "name",
            "purpose",
            "status",
            "mentor",
            "member_count",
            "version",
        ]
        read_only_fields = fields


class CircleDetailSerializer(CircleSerializer):
    members = serializers.SerializerMethodField()

    class Meta(CircleSerializer.Meta):
        fields = [*CircleSerializer.Meta.fields, "members"]
        read_only_fields = fields

    @extend_schema_field(CircleMemberSerializer(many=True))
    def get_members(self, circle: Circle) -> list[dict[str, Any]]:
        return list(_members(circle))


class CircleWriteSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=Kind.choices)
    name = serializers.CharField(max_length=200)
    purpose = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_TEXT
    )
    status = serializers.ChoiceField(choices=Circle.Status.choices, default=Circle.Status.DRAFT)
    mentor = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A mentor profile id: only for a mentoring circle.",
    )
    mentees = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        max_length=MAX_MEMBERS,
        help_text="Mentee profile ids of the members (mentoring 3-8, peer 3-10, reciprocal 2).",
    )


class CircleUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    purpose = serializers.CharField(allow_blank=True, max_length=MAX_TEXT)
    status = serializers.ChoiceField(choices=Circle.Status.choices)
    mentor = serializers.IntegerField(max_value=MAX_ID, allow_null=True)
    mentees = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID), max_length=MAX_MEMBERS
    )
    version = serializers.IntegerField(
        max_value=MAX_ID,
        help_text="The version the edit starts from: refused if someone saved since.",
    )


class CircleAttendanceRowSerializer(serializers.Serializer):
    mentee = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    present = serializers.BooleanField(read_only=True, allow_null=True)


class CircleCommitmentSerializer(serializers.ModelSerializer[Commitment]):
    status = serializers.ChoiceField(choices=Commitment.Status.choices, read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "meeting", "mentee", "text", "due_on", "status", "closed_at"]
        read_only_fields = fields


class CircleMeetingSerializer(serializers.ModelSerializer[Meeting]):
    """A meeting and its shared record. Never a private note."""

    mode = serializers.ChoiceField(choices=MeetingMode.choices, read_only=True)
    status = serializers.ChoiceField(choices=Meeting.Status.choices, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "circle",
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "facilitator_mentor",
            "facilitator_member",
            "status",
            "cancel_reason",
            "summary",
            "agreed",
            "version",
        ]
        read_only_fields = fields


class CircleMeetingDetailSerializer(CircleMeetingSerializer):
    attendance = serializers.SerializerMethodField()
    commitments = serializers.SerializerMethodField()

    class Meta(CircleMeetingSerializer.Meta):
        fields = [*CircleMeetingSerializer.Meta.fields, "attendance", "commitments"]
        read_only_fields = fields

    @extend_schema_field(CircleAttendanceRowSerializer(many=True))
    def get_attendance(self, meeting: Meeting) -> list[dict[str, Any]]:
        rows = [
            {"mentee": a.mentee_id, "code": a.mentee.code, "present": a.present}
            for a in selectors.meeting_attendance(meeting=meeting)
        ]
        return list(CircleAttendanceRowSerializer(rows, many=True).data)

    @extend_schema_field(CircleCommitmentSerializer(many=True))
    def get_commitments(self, meeting: Meeting) -> list[dict[str, Any]]:
        found = selectors.meeting_commitments(meeting=meeting)
        return list(CircleCommitmentSerializer(found, many=True).data)


class MeetingCreateSerializer(serializers.Serializer):
    circle = serializers.IntegerField(max_value=MAX_ID)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, default=90)
    mode = serializers.ChoiceField(choices=MeetingMode.choices)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    facilitator = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="Peer and reciprocal circles: the member (mentee profile id) who facilitates.",
    )


class NewCommitmentSerializer(serializers.Serializer):
    mentee = serializers.IntegerField(max_value=MAX_ID)
    text = serializers.CharField(max_length=500)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AttendanceMarkSerializer(serializers.Serializer):
    mentee = serializers.IntegerField(max_value=MAX_ID)
    present = serializers.BooleanField(allow_null=True)


class MeetingRecordSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    starts_at = serializers.DateTimeField(required=False, help_text="Left out: as planned.")
    duration_minutes = serializers.IntegerField(
        min_value=1,
        max_value=1440,
        required=False,
        help_text="How long it lasted (the hours counted); left out: as planned.",
    )
    mode = serializers.ChoiceField(choices=MeetingMode.choices, required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    cancel_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_TEXT
    )
    agreed = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_TEXT
    )
    attendance = AttendanceMarkSerializer(many=True, required=False, max_length=MAX_MEMBERS)  # type: ignore[call-arg]
    commitments = NewCommitmentSerializer(many=True, required=False, max_length=MAX_COMMITMENTS)  # type: ignore[call-arg]
    version = serializers.IntegerField(
        max_value=MAX_ID,
        help_text="The version the record starts from: refused if someone saved since.",
    )


class CommitmentCloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Commitment.Status.choices)


class PrivateNoteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=MAX_TEXT)
    version = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="The version the note starts from (0 for a new note).",
    )


class CircleGoalSerializer(serializers.ModelSerializer[Goal]):
    progress = serializers.SerializerMethodField(help_text="Percent of each update, oldest first.")

    class Meta:
        model = Goal
        fields = [
            "id",
            "circle",
            "title",
            "success_criteria",
            "competency",
            "target_date",
            "progress",
        ]
        read_only_fields = fields

    def get_progress(self, goal: Goal) -> list[int]:
        return [p.percent for p in goal.progress.all()]


class GoalCreateSerializer(serializers.Serializer):
    circle = serializers.IntegerField(max_value=MAX_ID)
    title = serializers.CharField(max_length=255)
    success_criteria = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_TEXT
    )
    competency = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, default=None, help_text="A strand."
    )
    target_date = serializers.DateField(required=False, allow_null=True, default=None)


class GoalProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    recorded_on = serializers.DateField(required=False, allow_null=True, default=None)


CIRCLE_FILTER = OpenApiParameter("circle", int, description="Only this circle's records.")

# --- Helpers -----------------------------------------------------------------------------------


def _mentees(program: Program, ids: list[int]) -> list[MenteeProfile]:
    found = {m.pk: m for m in MenteeProfile.objects.filter(program=program, pk__in=ids)}
    if len(found) != len(set(ids)) or len(set(ids)) != len(ids):
        raise serializers.ValidationError({"mentees": ["Some ids are not mentees of the program."]})
    return [found[i] for i in ids]


def _mentor(program: Program, pk: int | None) -> MentorProfile | None:
    if pk is None:
        return None
    mentor: MentorProfile = one_of(
        MentorProfile.objects.filter(program=program), "mentor", "No mentor of this program.", pk=pk
    )
    return mentor


def _circle_id(request: Request) -> int | None:
    raw = request.query_params.get("circle")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) > MAX_ID:
        raise serializers.ValidationError({"circle": ["A circle id."]})
    return int(raw)


# --- Views -------------------------------------------------------------------------------------


@extend_schema_view(
    list=reads(
        "Circles the caller may see (coordinators all; mentors theirs; mentees those they "
        "are a member of; specialists those of their mentors)",
        CircleSerializer,
    ),
)
class CircleViewSet(ProgramScopedViewSet):
    serializer_class = CircleSerializer
    queryset = Circle.objects.none()

    def circle(self, *, manage: bool = False) -> Circle:
        circle, _access = selectors.get_circle_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), manage=manage
        )
        return circle

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        circles = selectors.circle_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(circles)
        return self.get_paginated_response(CircleSerializer(page, many=True).data)

    @reads("One circle with its current members", CircleDetailSerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CircleDetailSerializer(self.circle()).data)

    @writes(
        "Create a circle (coordinators)",
        CircleDetailSerializer,
        request=CircleWriteSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(CircleWriteSerializer)
        cohort = one_of(program.cohorts, "cohort", "No cohort of this program.", pk=data["cohort"])
        circle = services.circle_create(
            program=program,
            cohort=cohort,
            kind=data["kind"],
            name=data["name"],
            purpose=data["purpose"],
            status=data["status"],
            mentor=_mentor(program, data["mentor"]),
            mentees=_mentees(program, data["mentees"]),
            actor=self.caller,
        )
        circle.member_count = len(data["mentees"])  # type: ignore[attr-defined]
        return Response(CircleDetailSerializer(circle).data, status=status.HTTP_201_CREATED)

    @writes(
        "Edit a circle and its members (coordinators)",
        CircleDetailSerializer,
        ID,
        request=CircleUpdateSerializer,
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        circle = self.circle(manage=True)
        data = self.validated(CircleUpdateSerializer)
        services.circle_update(
            circle=circle,
            name=data["name"],
            purpose=data["purpose"],
            status=data["status"],
            mentor=_mentor(self.program, data["mentor"]),
            mentees=_mentees(self.program, data["mentees"]),
            expected_version=data["version"],
            actor=self.caller,
        )
        return Response(CircleDetailSerializer(self.circle()).data)

    @reads("The circle's current members", CircleMemberSerializer(many=True), ID)
    @action(detail=True, methods=["get"], pagination_class=None)
    def members(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_members(self.circle()))


@extend_schema_view(
    list=reads(
        "Meetings of the circles the caller may see, newest first (never a private note)",
        CircleMeetingSerializer,
        CIRCLE_FILTER,
    ),
)
class CircleMeetingViewSet(ProgramScopedViewSet):
    serializer_class = CircleMeetingSerializer
    queryset = Meeting.objects.none()

    def meeting(self, *, record: bool = False) -> tuple[Meeting, Any]:
        return selectors.get_meeting_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), record=record
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visible = selectors.circle_list_for_user(user=self.caller, program=self.program)
        meetings = Meeting.objects.filter(circle__in=visible.values("pk")).order_by(
            "-starts_at", "-pk"
        )
        circle = _circle_id(request)
        if circle is not None:
            meetings = meetings.filter(circle_id=circle)
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(CircleMeetingSerializer(page, many=True).data)

    @reads(
        "One meeting with its shared record, attendance and commitments",
        CircleMeetingDetailSerializer,
        ID,
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting, _access = self.meeting()
        return Response(CircleMeetingDetailSerializer(meeting).data)

    @writes(
        "Plan a meeting (coordinators, the mentor; members of peer and reciprocal circles)",
        CircleMeetingDetailSerializer,
        request=MeetingCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _program = self.program  # outsiders: 404 before the body is read
        data = self.validated(MeetingCreateSerializer)
        circle, _access = selectors.get_circle_for_user(
            user=self.caller, program=self.program, pk=data["circle"], record=True
        )
        facilitator = None
        if data["facilitator"] is not None:
            facilitator = MenteeProfile.objects.filter(
                program=self.program, pk=data["facilitator"]
            ).first()
            if facilitator is None:
                raise serializers.ValidationError({"facilitator": ["Not a member."]})
        meeting = services.meeting_create(
            circle=circle,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            place=data["place"],
            facilitator=facilitator,
            actor=self.caller,
        )
        return Response(CircleMeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @writes(
        "Record a meeting: status, shared record, attendance and new commitments, together",
        CircleMeetingDetailSerializer,
        ID,
        request=MeetingRecordSerializer,
    )
    @action(detail=True, methods=["post"])
    def record(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting, _access = self.meeting(record=True)
        data = self.validated(MeetingRecordSerializer)
        services.meeting_record(
            meeting=meeting,
            status=data["status"],
            cancel_reason=data["cancel_reason"],
            summary=data["summary"],
            agreed=data["agreed"],
            attendance={a["mentee"]: a["present"] for a in data.get("attendance", [])},
            commitments=[
                services.NewCommitment(mentee_id=c["mentee"], text=c["text"], due_on=c["due_on"])
                for c in data.get("commitments", [])
            ],
            details={
                k: data[k] for k in ("starts_at", "duration_minutes", "mode", "place") if k in data
            },
            expected_version=data["version"],
            actor=self.caller,
        )
        meeting, _access = self.meeting()
        return Response(CircleMeetingDetailSerializer(meeting).data)

    @reads(
        "My own private note on the meeting (only ever the caller's)",
        PrivateNoteSerializer,
        ID,
        methods=["GET"],
    )
    @writes(
        "Save my own private note on the meeting (members and the mentor)",
        PrivateNoteSerializer,
        ID,
        request=PrivateNoteSerializer,
        methods=["PUT"],
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def note(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting, access = self.meeting()
        if not access.participant:
            raise PermissionDenied
        if request.method == "PUT":
            data = self.validated(PrivateNoteSerializer)
            services.private_note_save(
                meeting=meeting,
                author=self.caller,
                text=data["text"],
                expected_version=data["version"],
            )
        note = selectors.my_private_note(meeting=meeting, user=self.caller)
        return Response({"text": note.text if note else "", "version": note.version if note else 0})

    @writes(
        "Close (or reopen) a commitment made at the meeting (its member or the facilitator)",
        CircleCommitmentSerializer,
        ID,
        OpenApiParameter("commitment", int, required=True, description="The commitment's id."),
        request=CommitmentCloseSerializer,
    )
    @action(detail=True, methods=["post"], url_path="close-commitment")
    def close_commitment(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting, _access = self.meeting()
        raw = request.query_params.get("commitment", "")
        if not raw.isdigit() or int(raw) > MAX_ID:
            raise serializers.ValidationError({"commitment": ["A commitment id."]})
        commitment = one_of(
            Commitment.objects.filter(meeting=meeting).select_related("mentee"),
            "commitment",
            "No commitment of this meeting.",
            pk=int(raw),
        )
        data = self.validated(CommitmentCloseSerializer)
        services.commitment_close(commitment=commitment, status=data["status"], actor=self.caller)
        return Response(CircleCommitmentSerializer(commitment).data)


@extend_schema_view(
    list=reads("Goals of the circles the caller may see", CircleGoalSerializer, CIRCLE_FILTER),
)
class CircleGoalViewSet(ProgramScopedViewSet):
    serializer_class = CircleGoalSerializer
    queryset = Goal.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visible = selectors.circle_list_for_user(user=self.caller, program=self.program)
        goals = (
            Goal.objects.filter(circle__in=visible.values("pk"))
            .prefetch_related("progress")
            .order_by("circle", "pk")
        )
        circle = _circle_id(request)
        if circle is not None:
            goals = goals.filter(circle_id=circle)
        page = self.paginate_queryset(goals)
        return self.get_paginated_response(CircleGoalSerializer(page, many=True).data)

    @writes(
        "Add a goal the circle sets together (coordinators, the mentor, members)",
        CircleGoalSerializer,
        request=GoalCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _program = self.program  # outsiders: 404 before the body is read
        data = self.validated(GoalCreateSerializer)
        circle, access = selectors.get_circle_for_user(
            user=self.caller, program=self.program, pk=data["circle"]
        )
        if not access.set_goals:
            raise PermissionDenied
        competency = None
        if data["competency"] is not None:
            competency = Competency.objects.filter(pk=data["competency"]).first()
            if competency is None:
                raise serializers.ValidationError({"competency": ["No such strand."]})
        goal = services.goal_create(
            circle=circle,
            title=data["title"],
            success_criteria=data["success_criteria"],
            competency=competency,
            target_date=data["target_date"],
            actor=self.caller,
        )
        return Response(CircleGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @writes(
        "Record progress on a goal (members and the mentor)",
        CircleGoalSerializer,
        ID,
        request=GoalProgressSerializer,
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = get_object_or_404(
            Goal.objects.filter(circle__program=self.program), pk=id_or_404(self.kwargs["pk"])
        )
        _circle, access = selectors.get_circle_for_user(
            user=self.caller, program=self.program, pk=goal.circle_id
        )
        if not access.participant:
            raise PermissionDenied
        data = self.validated(GoalProgressSerializer)
        recorded_on: datetime.date | None = data["recorded_on"]
        services.goal_progress_add(
            goal=goal,
            percent=data["percent"],
            note=data["note"],
            recorded_on=recorded_on,
            actor=self.caller,
        )
        return Response(CircleGoalSerializer(goal).data)
