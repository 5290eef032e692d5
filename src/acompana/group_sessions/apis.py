"""Group sessions, weekly series and informal meetings over the API.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. The rules are those of the pages:

* sessions are read by coordinators (all), mentors (those they are invited to or facilitate)
  and specialists (those they facilitate or of the mentors they accompany); mentees, trainers
  and researchers get 403, outsiders 404, a session the caller may not see 404;
* coordinators create sessions and series; coordinators and the session's facilitator edit a
  session and take attendance;
* a session's cases carry only their reference and the dialogue summary shared with the
  mentee, never the field notebook;
* informal meetings are read by coordinators (all) and mentors (those they took part in);
  mentors log them.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.meetings import JoinMeetingSerializer
from acompana.api.schema import ID, reads, writes
from acompana.common.choices import MeetingMode
from acompana.common.ids import MAX_ID, id_or_404
from acompana.group_sessions import services
from acompana.group_sessions.models import (
    GroupSession,
    InformalMeeting,
    Kind,
    SessionSeries,
    Weekday,
)
from acompana.group_sessions.permissions import require_coordinator, require_logging_mentor
from acompana.group_sessions.selectors import (
    CaseRow,
    facilitator_choices,
    get_session_for_user,
    meeting_list_for_user,
    session_attendance,
    session_cases,
    session_list_for_user,
)
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Round

# --- Representations ---------------------------------------------------------------------------


def kind_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Kind.choices, **kwargs)


def mode_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=MeetingMode.choices, **kwargs)


class GroupSessionSerializer(serializers.ModelSerializer[GroupSession]):
    facilitator_name = serializers.SerializerMethodField(help_text="The facilitator's name.")
    kind = kind_field(read_only=True)
    mode = mode_field(read_only=True)
    status = serializers.ChoiceField(
        choices=GroupSession.Status.choices,
        read_only=True,
        help_text="Cancelled sessions stay listed.",
    )

    class Meta:
        model = GroupSession
        fields = [
            "id",
            "cohort",
            "series",
            "round",
            "kind",
            "title",
            "agenda",
            "starts_at",
            "duration_minutes",
            "mode",
            "facilitator",
            "facilitator_name",
            "place",
            "status",
            "notes",
            "agreements",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_facilitator_name(self, session: GroupSession) -> str | None:
        user = session.facilitator
        return (user.get_full_name() or user.email) if user is not None else None


class GroupAttendanceRowSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(read_only=True, help_text="The mentor profile's id.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    present = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Null until attendance is taken."
    )


class GroupCaseSerializer(serializers.Serializer):
    """A case as the group sees it: never the field notebook."""

    id = serializers.IntegerField(read_only=True, source="pk")
    visit = serializers.IntegerField(read_only=True, source="visit_id")
    mentor_code = serializers.CharField(read_only=True)
    mentee_code = serializers.CharField(read_only=True)
    school = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    round = serializers.CharField(read_only=True)
    shared_summary = serializers.CharField(
        read_only=True, help_text="The dialogue summary shared with the mentee, or empty."
    )


class GroupSessionDetailSerializer(GroupSessionSerializer):
    attendance = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()

    class Meta(GroupSessionSerializer.Meta):
        fields = [*GroupSessionSerializer.Meta.fields, "attendance", "cases"]
        read_only_fields = fields

    @extend_schema_field(GroupAttendanceRowSerializer(many=True))
    def get_attendance(self, session: GroupSession) -> Any:
        rows = [
            {
                "mentor": a.mentor_id,
                "code": a.mentor.code,
                "name": a.mentor.user.get_full_name(),
                "present": a.present,
            }
            for a in session_attendance(session=session)
        ]
        return GroupAttendanceRowSerializer(rows, many=True).data

    @extend_schema_field(GroupCaseSerializer(many=True))
    def get_cases(self, session: GroupSession) -> Any:
        cases: list[CaseRow] = session_cases(session=session)
        return GroupCaseSerializer(cases, many=True).data


class _SessionWriteFields(serializers.Serializer):
    cohort = serializers.IntegerField(max_value=MAX_ID)
    kind = kind_field()
    title = serializers.CharField(max_length=200)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    mode = mode_field()
    facilitator = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A user id: a coordinator, specialist or mentor of the program.",
    )
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    mentors = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        required=False,
        allow_null=True,
        default=None,
        help_text="Mentor profile ids to invite; default: every active mentor of the cohort.",
    )


class GroupSessionCreateSerializer(_SessionWriteFields):
    starts_at = serializers.DateTimeField()
    round = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, default=None
    )


class GroupSessionUpdateSerializer(serializers.Serializer):
    kind = kind_field()
    title = serializers.CharField(max_length=200)
    agenda = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    mode = mode_field()
    facilitator = serializers.IntegerField(max_value=MAX_ID, allow_null=True)
    place = serializers.CharField(allow_blank=True, max_length=300)
    round = serializers.IntegerField(max_value=MAX_ID, allow_null=True)
    notes = serializers.CharField(allow_blank=True)
    agreements = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        help_text="The version the edit starts from: refused (400) if someone saved since.",
    )


class GroupAttendanceWriteSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        help_text="Mentor profile ids of those present; every other invitee is marked absent.",
    )


class GroupSessionSeriesCreateSerializer(_SessionWriteFields):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 is Monday, 6 Sunday.")
    time = serializers.TimeField(help_text="In the program's time zone.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    occurrences = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Give either ends_on or occurrences.",
    )


class GroupSessionSeriesSerializer(serializers.ModelSerializer[SessionSeries]):
    kind = kind_field(read_only=True)
    mode = mode_field(read_only=True)
    weekday = serializers.ChoiceField(
        choices=Weekday.choices, read_only=True, help_text="0 is Monday."
    )
    sessions = serializers.SerializerMethodField(help_text="Ids of the generated sessions.")

    class Meta:
        model = SessionSeries
        fields = [
            "id",
            "cohort",
            "kind",
            "title",
            "weekday",
            "time",
            "duration_minutes",
            "mode",
            "starts_on",
            "ends_on",
            "occurrences",
            "cancelled_from",
            "sessions",
        ]
        read_only_fields = fields

    def get_sessions(self, series: SessionSeries) -> list[int]:
        return list(series.sessions.order_by("starts_at", "pk").values_list("pk", flat=True))


class InformalMeetingSerializer(serializers.ModelSerializer[InformalMeeting]):
    mode = mode_field(read_only=True)
    participants = serializers.SerializerMethodField(help_text="Mentor profile ids.")

    class Meta:
        model = InformalMeeting
        fields = [
            "id",
            "cohort",
            "logged_by",
            "participants",
            "met_on",
            "mode",
            "topic",
            "learnt",
        ]
        read_only_fields = fields

    def get_participants(self, meeting: InformalMeeting) -> list[int]:
        found = getattr(meeting, "participant_list", None)
        people = found if found is not None else meeting.participants.all()
        return sorted(m.pk for m in people)


class InformalMeetingWriteSerializer(serializers.Serializer):
    participants = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        help_text="Mentor profile ids of the peers met (the caller is added).",
    )
    met_on = serializers.DateField()
    mode = mode_field()
    topic = serializers.CharField(max_length=300)
    learnt = serializers.CharField(required=False, allow_blank=True, default="")


# --- Helpers -----------------------------------------------------------------------------------


def _cohort(program: Program, pk: int) -> Cohort:
    cohort = one_of(program.cohorts, "cohort", "No cohort of this program.", pk=pk)
    return cohort


def _facilitator(program: Program, pk: int | None) -> Any:
    if pk is None:
        return None
    user = facilitator_choices(program=program).filter(pk=pk).first()
    if user is None:
        raise serializers.ValidationError(
            {"facilitator": ["Not a coordinator, specialist or mentor of the program."]}
        )
    return user


def _round(program: Program, pk: int | None) -> Round | None:
    if pk is None:
        return None
    found = one_of(program.rounds, "round", "No round of this program.", pk=pk)
    return found


def _mentors(program: Program, ids: list[int] | None) -> list[MentorProfile] | None:
    if ids is None:
        return None
    found = list(MentorProfile.objects.filter(program=program, pk__in=ids))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"mentors": ["Some ids are not mentors of the program."]})
    return found


def _common(program: Program, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "program": program,
        "cohort": _cohort(program, data["cohort"]),
        "kind": data["kind"],
        "title": data["title"],
        "agenda": data["agenda"],
        "duration_minutes": data["duration_minutes"],
        "mode": data["mode"],
        "facilitator": _facilitator(program, data["facilitator"]),
        "place": data["place"],
        "mentors": _mentors(program, data["mentors"]),
    }


# --- Views -------------------------------------------------------------------------------------


@extend_schema_view(
    list=reads(
        "Group sessions the caller may see (coordinators all; mentors those they are "
        "invited to or facilitate; specialists those they facilitate or of their mentors)",
        GroupSessionSerializer,
    ),
)
class GroupSessionViewSet(ProgramScopedViewSet):
    serializer_class = GroupSessionSerializer
    queryset = GroupSession.objects.none()

    def session(self, *, manage: bool = False) -> GroupSession:
        session, _access = get_session_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), manage=manage
        )
        return session

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sessions = session_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(GroupSessionSerializer(page, many=True).data)

    @writes(
        "Schedule a group session (coordinators)",
        GroupSessionDetailSerializer,
        request=GroupSessionCreateSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        require_coordinator(self.caller, program)
        data = self.validated(GroupSessionCreateSerializer)
        session = services.session_create(
            starts_at=data["starts_at"],
            round=_round(program, data["round"]),
            actor=self.caller,
            **_common(program, data),
        )
        return Response(GroupSessionDetailSerializer(session).data, status=status.HTTP_201_CREATED)

    @reads(
        "One group session with its attendance and cases discussed",
        GroupSessionDetailSerializer,
        ID,
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(GroupSessionDetailSerializer(self.session()).data)

    @writes(
        "Edit one session, its notes and agreements (coordinators, its facilitator)",
        GroupSessionDetailSerializer,
        ID,
        request=GroupSessionUpdateSerializer,
        description="Only this session changes, even if it belongs to a series.",
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session(manage=True)
        partial = kwargs.get("partial", False)
        given = GroupSessionUpdateSerializer(data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        current = {
            "kind": session.kind,
            "title": session.title,
            "agenda": session.agenda,
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "mode": session.mode,
            "facilitator": session.facilitator_id,
            "place": session.place,
            "round": session.round_id,
            "notes": session.notes,
            "agreements": session.agreements,
        }
        merged = {**current, **{k: v for k, v in data.items() if k != "version"}}
        services.session_update(
            session=session,
            kind=merged["kind"],
            title=merged["title"],
            agenda=merged["agenda"],
            starts_at=merged["starts_at"],
            duration_minutes=merged["duration_minutes"],
            mode=merged["mode"],
            facilitator=_facilitator(self.program, merged["facilitator"]),
            place=merged["place"],
            round=_round(self.program, merged["round"]),
            notes=merged["notes"],
            agreements=merged["agreements"],
            expected_version=data.get("version"),
            actor=self.caller,
        )
        return Response(GroupSessionDetailSerializer(self.session()).data)

    @writes(
        "Edit some fields of one session (coordinators, its facilitator)",
        GroupSessionDetailSerializer,
        ID,
        request=GroupSessionUpdateSerializer(partial=True),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @reads("The session's meeting (its invited mentors and staff)", JoinMeetingSerializer, ID)
    @action(detail=True, methods=["get"], pagination_class=None)
    def meeting(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        return Response({name: getattr(session, name) for name in session.MEETING_FIELDS})

    @writes(
        "Change the session's meeting (coordinators, its facilitator)",
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
        session = self.session(manage=True)
        data = self.validated(JoinMeetingSerializer)
        services.session_meeting_set(session=session, data=data, actor=self.caller)
        return Response({name: getattr(session, name) for name in session.MEETING_FIELDS})

    @writes(
        "Take attendance (coordinators, the session's facilitator)",
        GroupAttendanceRowSerializer(many=True),
        ID,
        request=GroupAttendanceWriteSerializer,
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def attendance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session(manage=True)
        data = self.validated(GroupAttendanceWriteSerializer)
        services.attendance_record(session=session, present=set(data["present"]), actor=self.caller)
        detail = GroupSessionDetailSerializer(session).data
        return Response(detail["attendance"])


class GroupSessionSeriesViewSet(ProgramScopedViewSet):
    serializer_class = GroupSessionSeriesSerializer
    queryset = SessionSeries.objects.none()

    @writes(
        "Schedule a weekly series of group sessions (coordinators)",
        GroupSessionSeriesSerializer,
        request=GroupSessionSeriesCreateSerializer,
        code=201,
        description="Creates one session per week on the weekday, from starts_on until ends_on "
        "or for a number of occurrences; each session can then be edited on its own.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        require_coordinator(self.caller, program)
        data = self.validated(GroupSessionSeriesCreateSerializer)
        series = services.series_create(
            weekday=data["weekday"],
            time=data["time"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            occurrences=data["occurrences"],
            actor=self.caller,
            **_common(program, data),
        )
        return Response(GroupSessionSeriesSerializer(series).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=reads(
        "Informal meetings (coordinators all; mentors those they took part in)",
        InformalMeetingSerializer,
    ),
)
class InformalMeetingViewSet(ProgramScopedViewSet):
    serializer_class = InformalMeetingSerializer
    queryset = InformalMeeting.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meetings = meeting_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(InformalMeetingSerializer(page, many=True).data)

    @writes(
        "Log an informal meeting with peers (mentors)",
        InformalMeetingSerializer,
        request=InformalMeetingWriteSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        logger = require_logging_mentor(user=self.caller, program=program)
        data = self.validated(InformalMeetingWriteSerializer)
        peers = list(MentorProfile.objects.filter(program=program, pk__in=data["participants"]))
        if len(peers) != len(set(data["participants"])):
            raise serializers.ValidationError(
                {"participants": ["Some ids are not mentors of the program."]}
            )
        meeting = services.informal_meeting_log(
            program=program,
            logged_by=logger,
            participants=peers,
            met_on=data["met_on"],
            mode=data["mode"],
            topic=data["topic"],
            learnt=data["learnt"],
            actor=self.caller,
        )
        return Response(InformalMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
