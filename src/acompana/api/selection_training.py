"""Selection of mentors and their training over the API.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. The rules are those of the pages:

* calls and their ranking are for coordinators (403 for other members, 404 for outsiders);
* an application is read by its candidate, who need not be a member of the program, and by
  coordinators; anyone else gets 404, so no candidate ever reads another's application;
  only coordinators review and decide;
* training plans and sessions are read by coordinators, trainers (only the sessions they run)
  and mentors (only the sessions they are invited to); a mentor sees only their own breakout
  group; the session's trainer and coordinators record attendance; a mentor who attended
  rates the session once; coordinators and trainers read a plan's feedback summary.
"""

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.fieldwork import ID, READ_ERRORS, WRITE_ERRORS, FieldworkViewSet, digits
from acompana.api.visits import service_errors
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.selection import services as selection_services
from acompana.selection.models import Application, Call, Evidence, Review
from acompana.selection.selectors import (
    RankedApplication,
    call_list_for_user,
    call_ranking,
    get_application_for_user,
    get_call_for_user,
    program_by_slug,
)
from acompana.training import services as training_services
from acompana.training.models import BreakoutGroup, TrainingPlan, TrainingSession
from acompana.training.selectors import (
    attendance_by_mentor,
    breakout_groups,
    feedback_summary,
    get_plan_for_user,
    get_session_for_user,
    plans_for_user,
)

# --- Selection: representations ----------------------------------------------------------------


class CallSerializer(serializers.ModelSerializer[Call]):
    class Meta:
        model = Call
        fields = ["id", "title", "cohort", "opens_on", "closes_on"]
        read_only_fields = fields


class RankedCriterionSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    points = serializers.FloatField(read_only=True, help_text="Mean points over reviewers.")
    weighted = serializers.FloatField(read_only=True)
    weighted_max = serializers.FloatField(read_only=True)
    reviewers = serializers.IntegerField(read_only=True)
    spread = serializers.FloatField(read_only=True)
    disagreement = serializers.BooleanField(read_only=True)


class RankedApplicationSerializer(serializers.Serializer):
    rank = serializers.IntegerField(read_only=True)
    application = serializers.SerializerMethodField(help_text="The application's id.")
    candidate = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    maximum = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    reviewers = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField(help_text="Criteria no reviewer scored.")
    disagreements = serializers.SerializerMethodField(
        help_text="Codes of the criteria where reviewers disagree."
    )
    no_management_experience = serializers.BooleanField(read_only=True)
    criteria = serializers.SerializerMethodField()

    def get_application(self, line: RankedApplication) -> int:
        return line.application.pk

    def get_candidate(self, line: RankedApplication) -> str:
        return line.application.candidate.get_full_name()

    def get_status(self, line: RankedApplication) -> str:
        return line.application.status

    def get_total(self, line: RankedApplication) -> float:
        return line.result.total

    def get_maximum(self, line: RankedApplication) -> float:
        return line.result.maximum

    def get_percent(self, line: RankedApplication) -> float:
        return line.result.percent

    def get_reviewers(self, line: RankedApplication) -> int:
        return line.result.reviewers

    def get_missing(self, line: RankedApplication) -> list[str]:
        return list(line.result.missing)

    def get_disagreements(self, line: RankedApplication) -> list[str]:
        return list(line.result.disagreements)

    @extend_schema_field(RankedCriterionSerializer(many=True))
    def get_criteria(self, line: RankedApplication) -> Any:
        return RankedCriterionSerializer(line.result.criteria, many=True).data


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "kind", "name", "uploaded_at"]
        read_only_fields = fields

    def get_name(self, evidence: Evidence) -> str:
        return evidence.file.name.rsplit("/", 1)[-1] if evidence.file.name else ""


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "status",
            "highest_degree",
            "teaching_years",
            "management_years",
            "accompaniment_experience",
            "technical_assistance",
            "programs_served",
            "region",
            "languages",
            "motivation",
            "references",
            "decision_reason",
            "decided_at",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer[Review]):
    class Meta:
        model = Review
        fields = ["id", "application", "reviewer", "scores", "comment", "updated_at"]
        read_only_fields = fields


class ReviewWriteSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Points by panel criterion code; null leaves a criterion blank.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            Application.Status.ADMITTED,
            Application.Status.WAITLISTED,
            Application.Status.DECLINED,
        ]
    )
    reason = serializers.CharField()


# --- Selection: views --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Calls for mentors of the program (coordinators)",
        responses={200: CallSerializer, **READ_ERRORS},
    ),
)
class CallViewSet(FieldworkViewSet):
    serializer_class = CallSerializer
    queryset = Call.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        calls = call_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(calls)
        return self.get_paginated_response(CallSerializer(page, many=True).data)

    @extend_schema(
        summary="The call's applications ranked by total, with points by criterion (coordinators)",
        parameters=[ID],
        responses={200: RankedApplicationSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        call = get_call_for_user(user=self.caller, program=self.program, pk=digits(kwargs["pk"]))
        return Response(RankedApplicationSerializer(call_ranking(call=call), many=True).data)


class ApplicationViewSet(FieldworkViewSet):
    """Applications: the candidate, who need not be a member, reads their own."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()

    @cached_property
    def program(self) -> Program:
        return program_by_slug(slug=self.kwargs["program_slug"])

    def application(self, *, manage: bool = False) -> Application:
        return get_application_for_user(
            user=self.caller, program=self.program, pk=digits(self.kwargs["pk"]), manage=manage
        )

    @extend_schema(
        summary="One application (its candidate and coordinators)",
        parameters=[ID],
        responses={200: ApplicationSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ApplicationSerializer(self.application()).data)

    @extend_schema(
        summary="Save the caller's panel scores of the application (coordinators)",
        description="One review per reviewer: saving again replaces the caller's scores.",
        parameters=[ID],
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.application(manage=True)
        data = self.validated(ReviewWriteSerializer)
        with service_errors():
            review = selection_services.review_save(
                application=application,
                reviewer=self.caller,
                scores=data["scores"],
                comment=data["comment"],
            )
        return Response(ReviewSerializer(review).data)

    @extend_schema(
        summary="Admit, waitlist or decline the application with a reason (coordinators)",
        description="Admitting makes the candidate a mentor of the call's cohort. The "
        "candidate is emailed.",
        parameters=[ID],
        request=DecisionWriteSerializer,
        responses={200: ApplicationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.application(manage=True)
        data = self.validated(DecisionWriteSerializer)
        with service_errors():
            selection_services.application_decide(
                application=application,
                status=data["status"],
                reason=data["reason"],
                actor=self.caller,
            )
        return Response(ApplicationSerializer(self.application()).data)


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


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    """A session with its breakout groups (the view passes ``groups``)."""

    groups = serializers.SerializerMethodField(
        help_text="Every group for coordinators and the trainer; a mentor's own group only."
    )

    class Meta(TrainingSessionSerializer.Meta):
        fields = [*TrainingSessionSerializer.Meta.fields, "groups"]
        read_only_fields = fields

    @extend_schema_field(BreakoutGroupSerializer(many=True))
    def get_groups(self, session: TrainingSession) -> Any:
        return BreakoutGroupSerializer(self.context["groups"], many=True).data


class AttendanceWriteSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids of the mentors present; every other invited mentor is marked absent.",
    )


class AttendanceSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(read_only=True)
    present = serializers.BooleanField(read_only=True)


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


# --- Training: views ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Training plans with the sessions the caller may see (coordinators, trainers, "
        "mentors)",
        responses={200: TrainingPlanSerializer, **READ_ERRORS},
    ),
)
class TrainingPlanViewSet(FieldworkViewSet):
    serializer_class = TrainingPlanSerializer
    queryset = TrainingPlan.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plans = plans_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(TrainingPlanSerializer(page, many=True).data)

    @extend_schema(
        summary="Average feedback by modality and by experience (coordinators, trainers)",
        description="Trainers see the feedback on the sessions they run only.",
        parameters=[ID],
        responses={200: FeedbackSummarySerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="feedback-summary", url_name="feedback-summary")
    def feedback_summary(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = get_plan_for_user(user=self.caller, program=self.program, pk=digits(kwargs["pk"]))
        summary = feedback_summary(user=self.caller, plan=plan)
        return Response(FeedbackSummarySerializer(summary).data)


@extend_schema_view(
    list=extend_schema(
        summary="Training sessions the caller may see (coordinators all; trainers theirs; "
        "mentors those they are invited to)",
        responses={200: TrainingSessionSerializer, **READ_ERRORS},
    ),
)
class TrainingSessionViewSet(FieldworkViewSet):
    serializer_class = TrainingSessionSerializer
    queryset = TrainingSession.objects.none()

    def session(self, *, manage: bool = False) -> tuple[TrainingSession, Any]:
        return get_session_for_user(
            user=self.caller, program=self.program, pk=digits(self.kwargs["pk"]), manage=manage
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plans = plans_for_user(user=self.caller, program=self.program)
        sessions = sorted(
            (s for plan in plans for s in getattr(plan, "visible_sessions", [])),
            key=lambda s: (s.starts_at, s.pk),
        )
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(TrainingSessionSerializer(page, many=True).data)

    @extend_schema(
        summary="One session with its breakout groups (a mentor sees only their own group)",
        parameters=[ID],
        responses={200: TrainingSessionDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, access = self.session()
        groups = breakout_groups(session=session)
        if not access.manage:
            mine = access.mentor.pk if access.mentor else None
            groups = [g for g in groups if mine in {m.pk for m in getattr(g, "member_list", [])}]
        context = {**self.get_serializer_context(), "groups": groups}
        return Response(TrainingSessionDetailSerializer(session, context=context).data)

    @extend_schema(
        summary="Record who came to the session (its trainer and coordinators)",
        parameters=[ID],
        request=AttendanceWriteSerializer,
        responses={200: AttendanceSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def attendance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, _access = self.session(manage=True)
        data = self.validated(AttendanceWriteSerializer)
        with service_errors():
            training_services.attendance_record(
                session=session, present=set(data["present"]), actor=self.caller
            )
        rows = [
            {"mentor": mentor, "present": present}
            for mentor, present in sorted(attendance_by_mentor(session=session).items())
        ]
        return Response(AttendanceSerializer(rows, many=True).data)

    @extend_schema(
        summary="Rate the session, once (a mentor who attended)",
        parameters=[ID],
        request=FeedbackWriteSerializer,
        responses={201: FeedbackSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session, access = self.session()
        if access.mentor is None:
            raise PermissionDenied
        data = self.validated(FeedbackWriteSerializer)
        with service_errors():
            feedback = training_services.feedback_submit(
                session=session, mentor=access.mentor, actor=self.caller, **data
            )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)
