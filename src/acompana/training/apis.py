"""Training of mentors over the API: plans, sessions, breakout groups, attendance and feedback,
readiness, buddies and specialists.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. The rules are those of the pages:

* training plans and sessions are read by coordinators, trainers (only the sessions they run)
  and mentors (only the sessions they are invited to); a mentor sees only their own breakout
  group; the session's trainer and coordinators record attendance; a mentor who attended
  rates the session once; coordinators and trainers read a plan's feedback summary;
* coordinators and trainers create plans and sessions (a trainer's session is theirs); the
  session's trainer and coordinators form breakout groups and move members between them;
* trainers and coordinators read and sign everyone's readiness; a mentor reads their own;
  trainers and coordinators read the checklist's items, and coordinators name the training
  modules whose attendance signs an item;
* coordinators create and end buddy pairs; the pair's mentors (and coordinators) read and log
  its meetings;
* coordinators assign specialists (with their discipline) and end assignments; a specialist and
  a mentor read the assignments they are in.
"""

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import (
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.permissions import require_role
from acompana.api.base import FILTERS, IdFilter, ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.people.models import BuddyPair, MentorProfile, SpecialistAssignment
from acompana.training import services as training_services
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    BuddyMeeting,
    Discipline,
    ReadinessItem,
    TrainingPlan,
    TrainingSession,
    discipline_label,
)
from acompana.training.permissions import session_trainer_for
from acompana.training.selectors import (
    MANAGERS,
    SHEET_MAX_POSTED,
    ReadinessAccess,
    attendance_sheet,
    breakout_groups,
    buddy_pairs_for_user,
    feedback_summary,
    get_buddy_pair_for_user,
    get_plan_for_user,
    get_readiness_item,
    get_session_for_user,
    mentor_group,
    plans_for_user,
    program_specialists,
    readiness_access,
    readiness_mentors,
    readiness_table,
    session_mentors,
    specialist_assignments_for_user,
)
from acompana.training.virtual_apis import VirtualSessionActions


def user_name(user: Any) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


# --- Training: representations -----------------------------------------------------------------


class TrainingPlanSerializer(serializers.ModelSerializer[TrainingPlan]):
    sessions = serializers.SerializerMethodField(
        help_text="Ids of the plan's sessions the caller may see."
    )

    class Meta:
        model = TrainingPlan
        fields = ["id", "title", "cohort", "induction", "days_before_field_work", "sessions"]
        read_only_fields = fields

    def get_sessions(self, plan: TrainingPlan) -> list[int]:
        return [s.pk for s in getattr(plan, "visible_sessions", [])]


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    trainer = serializers.SerializerMethodField(help_text="The trainer's name, or null.")

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "plan",
            "title",
            "module",
            "modality",
            "track",
            "starts_at",
            "duration_minutes",
            "trainer",
            "materials",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_trainer(self, session: TrainingSession) -> str | None:
        return session.trainer.get_full_name() if session.trainer else None


class GroupMemberSerializer(serializers.ModelSerializer[MentorProfile]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = MentorProfile
        fields = ["id", "code", "name"]
        read_only_fields = fields

    def get_name(self, mentor: MentorProfile) -> str:
        return mentor.user.get_full_name()


class BreakoutGroupSerializer(serializers.ModelSerializer[BreakoutGroup]):
    members = serializers.SerializerMethodField()

    class Meta:
        model = BreakoutGroup
        fields = ["number", "members"]
        read_only_fields = fields

    @extend_schema_field(GroupMemberSerializer(many=True))
    def get_members(self, group: BreakoutGroup) -> Any:
        return GroupMemberSerializer(getattr(group, "member_list", []), many=True).data


DETAIL_GROUPS = 50  # groups (with their members) in a session's detail; the rest are paged


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    """A session with its breakout groups (the view passes ``groups``, ``groups_count`` and
    ``groups_url``)."""

    groups = serializers.SerializerMethodField(
        help_text=f"For coordinators and the trainer the first {DETAIL_GROUPS} groups by number "
        "(all of them are paged at ``groups_url``); a mentor's own group only."
    )
    groups_count = serializers.SerializerMethodField(
        help_text="How many groups the session has (for a mentor: 1 or 0, their own)."
    )
    groups_url = serializers.SerializerMethodField(
        help_text="The paged list of every group with its members (coordinators and the "
        "trainer), or null."
    )

    class Meta(TrainingSessionSerializer.Meta):
        fields = [*TrainingSessionSerializer.Meta.fields, "groups", "groups_count", "groups_url"]
        read_only_fields = fields

    @extend_schema_field(BreakoutGroupSerializer(many=True))
    def get_groups(self, session: TrainingSession) -> Any:
        return BreakoutGroupSerializer(self.context["groups"], many=True).data

    def get_groups_count(self, session: TrainingSession) -> int:
        return int(self.context["groups_count"])

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_groups_url(self, session: TrainingSession) -> str | None:
        url: str | None = self.context.get("groups_url")
        return url


class AttendanceWriteSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        help_text="Ids of the mentors present: among ``mentors`` when it is given.",
    )
    mentors = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=SHEET_MAX_POSTED,
        help_text="Ids of the mentors recorded (a page of the attendance sheet): those not in "
        "``present`` are marked absent, every other mentor is left as recorded. Left out: "
        "every invited mentor is recorded.",
    )
    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=2_147_483_647,
        required=False,
        help_text="The session's ``attendance_version`` when the sheet was read: refused (400) "
        "if one of these mentors was recorded since.",
    )


class AttendanceSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(read_only=True)
    present = serializers.BooleanField(read_only=True)


class AttendanceSheetQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="A code or a name (part of it)."
    )
    group = serializers.IntegerField(
        required=False, min_value=1, max_value=32767, help_text="Members of this group number."
    )
    unrecorded = serializers.BooleanField(
        required=False, default=False, help_text="Only mentors whose attendance is not recorded."
    )


class AttendanceRowSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(read_only=True, source="pk")
    code = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()
    present = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Null while not recorded."
    )
    group = serializers.IntegerField(
        read_only=True, allow_null=True, source="group_number", help_text="Breakout group number."
    )
    novice = serializers.BooleanField(read_only=True, source="novice_in_cohort")
    attendance_version = serializers.SerializerMethodField(
        help_text="The session's attendance version, to send back as ``expected_version``."
    )

    def get_name(self, mentor: MentorProfile) -> str:
        return mentor.user.get_full_name()

    def get_attendance_version(self, mentor: MentorProfile) -> int:
        return int(self.context["version"])


class FeedbackWriteSerializer(serializers.Serializer):
    clarity = serializers.IntegerField(min_value=1, max_value=5)
    usefulness = serializers.IntegerField(min_value=1, max_value=5)
    pace = serializers.IntegerField(min_value=1, max_value=5)
    participation = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackSerializer(FeedbackWriteSerializer):
    id = serializers.IntegerField(read_only=True)
    session = serializers.IntegerField(read_only=True, source="session_id")


class SummaryRowSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" cannot be a declared attribute: it would hide Field.label.
        scores = ("clarity", "usefulness", "pace", "participation", "overall")
        return {
            "label": serializers.CharField(read_only=True),
            "count": serializers.IntegerField(read_only=True),
            **{name: serializers.FloatField(read_only=True, allow_null=True) for name in scores},
        }


class FeedbackSummarySerializer(serializers.Serializer):
    modality = SummaryRowSerializer(many=True, read_only=True)
    track = SummaryRowSerializer(many=True, read_only=True)


class PlanCreateSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(max_value=MAX_ID, help_text="A cohort of the program.")
    title = serializers.CharField(max_length=200)
    induction = serializers.BooleanField(default=True)
    days_before_field_work = serializers.IntegerField(min_value=0, max_value=365, default=14)


class SessionCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(max_value=MAX_ID, help_text="A training plan of the program.")
    title = serializers.CharField(max_length=200)
    module = serializers.ChoiceField(choices=TrainingSession.Module.choices)
    modality = serializers.ChoiceField(choices=TrainingSession.Modality.choices)
    track = serializers.ChoiceField(
        choices=TrainingSession.Track.choices, default=TrainingSession.Track.ALL
    )
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=1440)
    trainer = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A trainer or coordinator of the program (coordinators only; a trainer's "
        "session is theirs).",
    )
    materials = serializers.CharField(required=False, allow_blank=True, default="")


class GroupsWriteSerializer(serializers.Serializer):
    min_size = serializers.IntegerField(min_value=1, max_value=50, default=8)
    max_size = serializers.IntegerField(min_value=1, max_value=50, default=10)
    seed = serializers.IntegerField(max_value=MAX_ID, min_value=0, default=0)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["max_size"] < data["min_size"]:
            raise serializers.ValidationError(
                {"max_size": ["The largest group cannot be smaller than the smallest."]}
            )
        return data


class GroupMoveSerializer(serializers.Serializer):
    member = serializers.IntegerField(max_value=MAX_ID, help_text="A mentor profile id.")
    group = serializers.IntegerField(
        max_value=MAX_ID, help_text="The number of the group to move them into."
    )


# --- Training: views ---------------------------------------------------------------------------


@extend_schema_view(
    list=reads(
        "Training plans with the sessions the caller may see (coordinators, trainers, mentors)",
        TrainingPlanSerializer,
    ),
    create=writes(
        "Create a training plan for a cohort (coordinators, trainers)",
        TrainingPlanSerializer,
        request=PlanCreateSerializer,
        code=201,
    ),
)
class TrainingPlanViewSet(ProgramScopedViewSet):
    serializer_class = TrainingPlanSerializer
    queryset = TrainingPlan.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plans = plans_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(TrainingPlanSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        require_role(self.caller, program, MANAGERS)
        data = self.validated(PlanCreateSerializer)
        cohort = one_of(
            program.cohorts, "cohort", "No cohort of this program.", pk=data.pop("cohort")
        )
        plan = training_services.plan_create(
            program=program, cohort=cohort, actor=self.caller, **data
        )
        return Response(TrainingPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @reads(
        "Average feedback by modality and by experience (coordinators, trainers)",
        FeedbackSummarySerializer,
        ID,
        description="Trainers see the feedback on the sessions they run only.",
    )
    @action(detail=True, methods=["get"], url_path="feedback-summary", url_name="feedback-summary")
    def feedback_summary(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = get_plan_for_user(user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"]))
        summary = feedback_summary(user=self.caller, plan=plan)
        return Response(FeedbackSummarySerializer(summary).data)


@extend_schema_view(
    list=reads(
        "Training sessions the caller may see (coordinators all; trainers theirs; "
        "mentors those they are invited to)",
        TrainingSessionSerializer,
    ),
    create=writes(
        "Add a session to a plan (coordinators; trainers add sessions they run)",
        TrainingSessionSerializer,
        request=SessionCreateSerializer,
        code=201,
        description="Sessions of an induction plan must end the plan's days before the "
        "cohort's first round of visits.",
    ),
)
class TrainingSessionViewSet(VirtualSessionActions, ProgramScopedViewSet):
    serializer_class = TrainingSessionSerializer
    queryset = TrainingSession.objects.none()

    def session(self, *, manage: bool = False) -> tuple[TrainingSession, Any]:
        return get_session_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), manage=manage
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        require_role(self.caller, program, MANAGERS)
        data = self.validated(SessionCreateSerializer)
        plan = one_of(
            program.training_plans, "plan", "No training plan of this program.", pk=data.pop("plan")
        )
        trainer = session_trainer_for(
            user=self.caller, program=program, trainer_id=data.pop("trainer", None)
        )
        session = training_services.session_create(
            plan=plan, trainer=trainer, actor=self.caller, **data
        )
        return Response(TrainingSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plans = plans_for_user(user=self.caller, program=self.program)
        sessions = sorted(
            (s for plan in plans for s in getattr(plan, "visible_sessions", [])),
            key=lambda s: (s.starts_at, s.pk),
        )
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(TrainingSessionSerializer(page, many=True).data)

    @reads(
        "One session with its breakout groups (a mentor sees only their own group)",
        TrainingSessionDetailSerializer,
        ID,
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, access = self.session()
        context: dict[str, Any] = {**self.get_serializer_context(), "groups_url": None}
        if access.manage:
            numbers = BreakoutGroup.objects.filter(session=session).order_by("number")
            shown = list(numbers.values_list("number", flat=True)[:DETAIL_GROUPS])
            groups = breakout_groups(session=session, numbers=shown)
            count = len(shown) if len(shown) < DETAIL_GROUPS else numbers.count()
            context["groups_url"] = self.reverse_action(
                "breakout-groups",
                kwargs={"program_slug": self.kwargs["program_slug"], "pk": session.pk},
            )
        else:
            mine = mentor_group(session=session, mentor=access.mentor) if access.mentor else None
            groups = [mine] if mine is not None else []
            count = len(groups)
        context.update(groups=groups, groups_count=count)
        return Response(TrainingSessionDetailSerializer(session, context=context).data)

    @reads(
        "Every breakout group of the session with its members, a page at a time (its trainer "
        "and coordinators)",
        BreakoutGroupSerializer(many=True),
        ID,
        description="The groups by number, pages of the API's size; a group's members are also "
        "a page of GET …/attendance/sheet/?group=N.",
    )
    @action(detail=True, methods=["get"], url_path="breakout-groups", url_name="breakout-groups")
    def breakout_groups_page(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        numbers = BreakoutGroup.objects.filter(session=session).order_by("number")
        page = self.paginate_queryset(numbers.values_list("number", flat=True))
        groups = breakout_groups(session=session, numbers=list(page or []))
        return self.get_paginated_response(BreakoutGroupSerializer(groups, many=True).data)

    @writes(
        "Record who came to the session (its trainer and coordinators)",
        AttendanceSerializer(many=True),
        ID,
        request=AttendanceWriteSerializer,
        description="With ``mentors``, records those mentors only (at most "
        f"{SHEET_MAX_POSTED}) and answers their rows; without it, records every invited "
        "mentor and answers every row.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def attendance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(AttendanceWriteSerializer)
        mentors = set(data["mentors"]) if "mentors" in data else None
        training_services.attendance_record(
            session=session,
            present=set(data["present"]),
            mentors=mentors,
            expected_version=data.get("expected_version"),
            actor=self.caller,
        )
        recorded = Attendance.objects.filter(session=session).order_by("mentor_id")
        if mentors is not None:
            recorded = recorded.filter(mentor_id__in=mentors)
        rows = [
            {"mentor": mentor, "present": present}
            for mentor, present in recorded.values_list("mentor_id", "present")
        ]
        return Response(AttendanceSerializer(rows, many=True).data)

    @reads(
        "A page of the session's attendance sheet (its trainer and coordinators)",
        AttendanceRowSerializer(many=True),
        ID,
        AttendanceSheetQuerySerializer,
        description="The invited mentors by code, with what is recorded; pages of the API's "
        "size. Record a page with POST …/attendance/ and its ``mentors``.",
    )
    @action(detail=True, methods=["get"], url_path="attendance/sheet", url_name="attendance-sheet")
    def attendance_sheet(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        params = self.validated_query(AttendanceSheetQuerySerializer)
        sheet = attendance_sheet(
            session=session,
            search=params.get("q", ""),
            group=params.get("group"),
            unrecorded=params.get("unrecorded", False),
        )
        page = self.paginate_queryset(sheet)
        context = {"version": session.attendance_version}
        return self.get_paginated_response(
            AttendanceRowSerializer(page, many=True, context=context).data
        )

    @writes(
        "Rate the session, once (a mentor who attended)",
        FeedbackSerializer,
        ID,
        request=FeedbackWriteSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, access = self.session()
        if access.mentor is None:
            raise PermissionDenied
        data = self.validated(FeedbackWriteSerializer)
        feedback = training_services.feedback_submit(
            session=session, mentor=access.mentor, actor=self.caller, **data
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @writes(
        "Form the session's breakout groups (its trainer and coordinators)",
        BreakoutGroupSerializer(many=True),
        ID,
        request=GroupsWriteSerializer,
        code=201,
        description="Replaces the session's groups. Attendees once attendance is recorded, "
        "the invited mentors before; novices are mixed with experienced mentors and regions "
        "spread; the same seed gives the same groups.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def groups(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(GroupsWriteSerializer)
        training_services.groups_make(session=session, actor=self.caller, **data)
        groups = breakout_groups(session=session)
        return Response(
            BreakoutGroupSerializer(groups, many=True).data, status=status.HTTP_201_CREATED
        )

    @writes(
        "Move a mentor into another breakout group (its trainer and coordinators)",
        BreakoutGroupSerializer(many=True),
        ID,
        request=GroupMoveSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="groups/move",
        url_name="groups-move",
        pagination_class=None,
    )
    def groups_move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(GroupMoveSerializer)
        group = one_of(
            BreakoutGroup.objects,
            "group",
            "No group with that number.",
            session=session,
            number=data["group"],
        )
        member = one_of(
            session_mentors(session=session),
            "member",
            "Not a mentor of this session.",
            pk=data["member"],
        )
        training_services.group_move(member=member, to_group=group, actor=self.caller)
        return Response(BreakoutGroupSerializer(breakout_groups(session=session), many=True).data)


# --- Readiness, buddies and specialists: representations -------------------------------------


class ReadinessCellSerializer(serializers.Serializer):
    item = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    signed = serializers.BooleanField(read_only=True)
    evidence = serializers.CharField(read_only=True)
    signed_by = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null when signed from attendance."
    )
    signed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    automatic = serializers.BooleanField(
        read_only=True, help_text="Signed by the system from the mentor's attendance."
    )


class ReadinessRowSerializer(serializers.Serializer):
    mentor = GroupMemberSerializer(read_only=True)
    cohort = serializers.IntegerField(read_only=True)
    ready = serializers.BooleanField(read_only=True)
    items = ReadinessCellSerializer(many=True, read_only=True)


class ReadinessItemSerializer(serializers.ModelSerializer[ReadinessItem]):
    modules = serializers.ListField(
        child=serializers.ChoiceField(choices=TrainingSession.Module.choices),
        read_only=True,
        help_text=(
            "Training modules whose attendance signs the item: signed by the system for a "
            "mentor present at every induction session of these modules. Empty: signed by hand."
        ),
    )
    module_labels = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The modules' names."
    )

    class Meta:
        model = ReadinessItem
        fields = ["id", "cohort", "title", "position", "active", "modules", "module_labels"]
        read_only_fields = fields


class ReadinessItemModulesSerializer(serializers.Serializer):
    modules = serializers.ListField(
        child=serializers.ChoiceField(choices=TrainingSession.Module.choices),
        allow_empty=True,
        max_length=len(TrainingSession.Module.choices),
        help_text="Training modules whose attendance signs the item; empty to sign it by hand.",
    )


class ReadinessSignSerializer(serializers.Serializer):
    item = serializers.IntegerField(max_value=MAX_ID)
    mentor = serializers.IntegerField(max_value=MAX_ID, help_text="A mentor profile id.")
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReadinessUnsignSerializer(serializers.Serializer):
    item = serializers.IntegerField(max_value=MAX_ID)
    mentor = serializers.IntegerField(max_value=MAX_ID, help_text="A mentor profile id.")


class BuddyMeetingSerializer(serializers.ModelSerializer[BuddyMeeting]):
    class Meta:
        model = BuddyMeeting
        fields = ["id", "pair", "met_on", "mode", "topics", "duration_minutes"]
        read_only_fields = ["id", "pair"]


class BuddyPairSerializer(serializers.ModelSerializer[BuddyPair]):
    novice = GroupMemberSerializer(read_only=True)
    buddy = GroupMemberSerializer(read_only=True)
    meetings = serializers.SerializerMethodField(help_text="How many meetings were logged.")

    class Meta:
        model = BuddyPair
        fields = ["id", "cohort", "novice", "buddy", "started_on", "ended_on", "meetings"]
        read_only_fields = fields

    def get_meetings(self, pair: BuddyPair) -> int:
        return len(getattr(pair, "meeting_list", []))


class BuddyPairCreateSerializer(serializers.Serializer):
    novice = serializers.IntegerField(max_value=MAX_ID, help_text="The novice's mentor profile id.")
    buddy = serializers.IntegerField(
        max_value=MAX_ID, help_text="The experienced buddy's mentor profile id."
    )
    started_on = serializers.DateField()
    cohort = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, default=None
    )


class BuddyPairEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class SpecialistAssignmentSerializer(serializers.ModelSerializer[SpecialistAssignment]):
    specialist = serializers.SerializerMethodField()
    specialist_id = serializers.IntegerField(read_only=True)
    mentor = GroupMemberSerializer(read_only=True)
    discipline_label = serializers.SerializerMethodField(
        help_text="The discipline in the caller's language (free text as written)."
    )

    class Meta:
        model = SpecialistAssignment
        fields = [
            "id",
            "specialist",
            "specialist_id",
            "mentor",
            "discipline",
            "discipline_label",
            "created_at",
        ]
        read_only_fields = fields

    def get_specialist(self, assignment: SpecialistAssignment) -> str:
        return assignment.specialist.get_full_name() or assignment.specialist.email

    def get_discipline_label(self, assignment: SpecialistAssignment) -> str:
        return discipline_label(assignment.discipline)


class SpecialistAssignmentCreateSerializer(serializers.Serializer):
    specialist = serializers.IntegerField(
        max_value=MAX_ID, help_text="A user with the specialist role."
    )
    mentor = serializers.IntegerField(max_value=MAX_ID, help_text="A mentor profile id.")
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    other = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="The discipline's name when discipline is other.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["discipline"] == Discipline.OTHER:
            if not data["other"].strip():
                raise serializers.ValidationError({"other": ["Say which discipline."]})
            data["discipline"] = data["other"].strip()
        return data


# --- Readiness, buddies and specialists: views -------------------------------------------------


class ReadinessFilter(django_filters.FilterSet):
    cohort = IdFilter(
        help_text="A cohort of the program; the latest cohort the caller may see if left out."
    )

    class Meta:
        model = ReadinessItem
        fields: list[str] = []


@extend_schema_view(
    list=reads(
        "Each mentor's readiness checklist for a cohort (trainers and coordinators; a "
        "mentor their own)",
        ReadinessRowSerializer,
    ),
)
class ReadinessViewSet(ProgramScopedViewSet):
    serializer_class = ReadinessRowSerializer
    queryset = ReadinessItem.objects.none()
    filter_backends = FILTERS
    filterset_class = ReadinessFilter

    def access(self) -> ReadinessAccess:
        return readiness_access(user=self.caller, program=self.program)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = self.access()
        cohorts = list(self.program.cohorts.order_by("year", "name"))
        if not access.manage:
            assert access.mentor is not None
            mine = {c.pk for c in access.mentor.cohorts.all()}
            cohorts = [c for c in cohorts if c.pk in mine]
        chosen = self.filter_params().get("cohort")
        if chosen is not None:
            cohort = next((c for c in cohorts if c.pk == chosen), None)
            if cohort is None:
                raise Http404
        elif cohorts:
            cohort = cohorts[-1]
        else:
            return self.get_paginated_response([])
        mentors = readiness_mentors(cohort=cohort, mentor=None if access.manage else access.mentor)
        _items, page = readiness_table(cohort=cohort, mentors=self.paginate_queryset(mentors))
        data = [
            {
                "mentor": row.mentor,
                "cohort": cohort.pk,
                "ready": row.ready,
                "items": [
                    {
                        "item": item.pk,
                        "title": item.title,
                        "signed": check is not None,
                        "evidence": check.evidence if check else "",
                        "signed_by": user_name(check.signed_by) if check else None,
                        "signed_at": check.signed_at if check else None,
                        "automatic": check.automatic if check else False,
                    }
                    for item, check in row.cells
                ],
            }
            for row in page or []
        ]
        return self.get_paginated_response(ReadinessRowSerializer(data, many=True).data)

    def _item_and_mentor(
        self, serializer_class: type[serializers.Serializer]
    ) -> tuple[dict[str, Any], ReadinessItem, MentorProfile]:
        if not self.access().manage:
            raise PermissionDenied
        data = self.validated(serializer_class)
        item = one_of(
            self.program.readiness_items,
            "item",
            "No readiness item of this program.",
            pk=data["item"],
        )
        mentor = one_of(
            self.program.mentor_profiles, "mentor", "No mentor of this program.", pk=data["mentor"]
        )
        return data, item, mentor

    @writes(
        "Sign that a mentor completed a readiness item, with evidence (trainers, coordinators)",
        ReadinessCellSerializer,
        request=ReadinessSignSerializer,
        description="Signing again replaces the evidence.",
    )
    @action(detail=False, methods=["post"])
    def sign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data, item, mentor = self._item_and_mentor(ReadinessSignSerializer)
        check = training_services.readiness_sign(
            item=item, mentor=mentor, evidence=data["evidence"], actor=self.caller
        )
        cell = {
            "item": item.pk,
            "title": item.title,
            "signed": True,
            "evidence": check.evidence,
            "signed_by": user_name(check.signed_by),
            "signed_at": check.signed_at,
            "automatic": False,
        }
        return Response(ReadinessCellSerializer(cell).data)

    @writes(
        "Withdraw the signature of a readiness item (trainers, coordinators)",
        None,
        request=ReadinessUnsignSerializer,
        code=204,
    )
    @action(detail=False, methods=["post"])
    def unsign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _data, item, mentor = self._item_and_mentor(ReadinessUnsignSerializer)
        training_services.readiness_unsign(item=item, mentor=mentor, actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadinessItemFilter(django_filters.FilterSet):
    cohort = IdFilter(help_text="A cohort of the program; every cohort's items if left out.")

    class Meta:
        model = ReadinessItem
        fields: list[str] = []


@extend_schema_view(
    list=reads(
        "A cohort's readiness checklist, inactive items too, with the modules whose attendance "
        "signs each item (trainers, coordinators)",
        ReadinessItemSerializer,
    ),
    partial_update=writes(
        "Name the training modules whose attendance signs an item, or none (coordinators)",
        ReadinessItemSerializer,
        ID,
        request=ReadinessItemModulesSerializer,
        description=(
            "The cohort's mentors are checked against the new modules at once: the item is "
            "signed, as the system, for those present at every induction session of the "
            "modules. With no modules the item is signed by hand (signatures already given "
            "stay)."
        ),
    ),
)
class ReadinessItemViewSet(ProgramScopedViewSet):
    serializer_class = ReadinessItemSerializer
    queryset = ReadinessItem.objects.none()
    filter_backends = FILTERS
    filterset_class = ReadinessItemFilter

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(self.caller, self.program, MANAGERS)
        items = ReadinessItem.objects.filter(program=self.program)
        chosen = self.filter_params().get("cohort")
        if chosen is not None:
            items = items.filter(cohort_id=chosen)
        page = self.paginate_queryset(items.order_by("cohort__year", "cohort__name", "position"))
        return self.get_paginated_response(ReadinessItemSerializer(page, many=True).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = get_readiness_item(program=self.program, pk=id_or_404(kwargs["pk"]))
        self.require_coordinator()
        data = self.validated(ReadinessItemModulesSerializer)
        item = training_services.readiness_item_set_modules(
            item=item, modules=data["modules"], actor=self.caller
        )
        return Response(ReadinessItemSerializer(item).data)


@extend_schema_view(
    list=reads(
        "Buddy pairs (coordinators all; a mentor the pairs they are in)", BuddyPairSerializer
    ),
    create=writes(
        "Pair a novice mentor with an experienced buddy (coordinators)",
        BuddyPairSerializer,
        request=BuddyPairCreateSerializer,
        code=201,
    ),
)
class BuddyPairViewSet(ProgramScopedViewSet):
    serializer_class = BuddyPairSerializer
    queryset = BuddyPair.objects.none()

    def pair(self) -> BuddyPair:
        return get_buddy_pair_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pairs = buddy_pairs_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(pairs)
        return self.get_paginated_response(BuddyPairSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(BuddyPairCreateSerializer)
        mentors = MentorProfile.objects.filter(program=program)
        novice = mentors.filter(pk=data["novice"]).first()
        buddy = mentors.filter(pk=data["buddy"]).first()
        if novice is None or buddy is None:
            raise serializers.ValidationError(
                {"novice" if novice is None else "buddy": ["No mentor of this program."]}
            )
        cohort = None
        if data["cohort"] is not None:
            cohort = one_of(
                program.cohorts, "cohort", "No cohort of this program.", pk=data["cohort"]
            )
        pair = training_services.buddy_pair_create(
            program=program,
            novice=novice,
            buddy=buddy,
            started_on=data["started_on"],
            cohort=cohort,
            actor=self.caller,
        )
        return Response(BuddyPairSerializer(pair).data, status=status.HTTP_201_CREATED)

    @writes(
        "End a buddy pair (coordinators)", BuddyPairSerializer, ID, request=BuddyPairEndSerializer
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pair = self.pair()
        self.require_coordinator()
        data = self.validated(BuddyPairEndSerializer)
        training_services.buddy_pair_end(pair=pair, ended_on=data["ended_on"], actor=self.caller)
        return Response(BuddyPairSerializer(self.pair()).data)

    @reads(
        "The pair's informal meetings (coordinators and the pair's mentors)",
        BuddyMeetingSerializer(many=True),
        ID,
        methods=["GET"],
    )
    @writes(
        "Log an informal meeting of the pair (the pair's mentors, coordinators)",
        BuddyMeetingSerializer,
        ID,
        request=BuddyMeetingSerializer,
        code=201,
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def meetings(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pair = self.pair()
        if request.method == "GET":
            meetings = getattr(pair, "meeting_list", [])
            return Response(BuddyMeetingSerializer(meetings, many=True).data)
        data = self.validated(BuddyMeetingSerializer)
        meeting = training_services.buddy_meeting_log(pair=pair, actor=self.caller, **data)
        return Response(BuddyMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=reads(
        "Specialists who accompany mentors (coordinators all; a specialist and a mentor their own)",
        SpecialistAssignmentSerializer,
    ),
    create=writes(
        "Assign a specialist to accompany a mentor, with their discipline (coordinators)",
        SpecialistAssignmentSerializer,
        request=SpecialistAssignmentCreateSerializer,
        code=201,
    ),
    destroy=reads(
        "End an assignment: the specialist no longer sees the mentor's visits (coordinators)",
        None,
        ID,
        code=204,
    ),
)
class SpecialistAssignmentViewSet(ProgramScopedViewSet):
    serializer_class = SpecialistAssignmentSerializer
    queryset = SpecialistAssignment.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignments = specialist_assignments_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(SpecialistAssignmentSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(SpecialistAssignmentCreateSerializer)
        specialist = one_of(
            program_specialists(program),
            "specialist",
            "No specialist of this program.",
            pk=data["specialist"],
        )
        mentor = one_of(
            program.mentor_profiles, "mentor", "No mentor of this program.", pk=data["mentor"]
        )
        assignment = training_services.specialist_assign(
            program=program,
            specialist=specialist,
            mentor=mentor,
            discipline=data["discipline"],
            actor=self.caller,
        )
        return Response(
            SpecialistAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignments = specialist_assignments_for_user(user=self.caller, program=self.program)
        assignment = assignments.filter(pk=id_or_404(kwargs["pk"])).first()
        if assignment is None:
            raise Http404
        self.require_coordinator()
        training_services.specialist_unassign(assignment=assignment, actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)
