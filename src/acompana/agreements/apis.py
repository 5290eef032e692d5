"""Mentoring agreements over the API: agreements and their versions and acknowledgements,
goals and their progress, and changes to a partnership.

The rules are the pages' (``acompana.agreements.permissions``): coordinators see and manage
every agreement of their program; a mentor sees the agreements of their own pairs and a mentee
only their own (anyone else's is 404); both acknowledge for their party, add goals and record
progress. Specialists, trainers and researchers get 403; outsiders 404.
"""

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.agreements import services
from acompana.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementVersion,
    Goal,
    GoalProgress,
    PartnershipChange,
    Party,
)
from acompana.agreements.permissions import (
    AgreementAccess,
    require_coordinator,
    require_reader,
)
from acompana.agreements.selectors import agreement_list_for_user, get_agreement_for_user
from acompana.api.base import FILTERS, ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.common.choices import MeetingMode
from acompana.common.ids import MAX_ID, id_or_404
from acompana.visits.selectors import program_competencies

# --- Representations -------------------------------------------------------------------------


def status_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Agreement.Status.choices, **kwargs)


def party_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Party.choices, **kwargs)


def mode_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=MeetingMode.choices, **kwargs)


def change_kind_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=PartnershipChange.Kind.choices, **kwargs)


class PartySerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, profile: Any) -> str:
        return str(profile.user.get_full_name())


class AcknowledgementSerializer(serializers.ModelSerializer[Acknowledgement]):
    party = party_field(read_only=True)
    by = serializers.SerializerMethodField(help_text="Who acknowledged.")

    class Meta:
        model = Acknowledgement
        fields = ["party", "by", "at"]
        read_only_fields = fields

    def get_by(self, ack: Acknowledgement) -> str:
        return str(ack.user)


class VersionSerializer(serializers.ModelSerializer[AgreementVersion]):
    modes = serializers.ListField(child=mode_field(), read_only=True)
    acknowledgements = AcknowledgementSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementVersion
        fields = [
            "number",
            "mentor_duties",
            "mentee_duties",
            "leadership_duties",
            "cadence",
            "modes",
            "confidentiality",
            "goals_text",
            "change_note",
            "created_at",
            "issued_at",
            "acknowledgements",
        ]
        read_only_fields = fields


class GoalProgressSerializer(serializers.ModelSerializer[GoalProgress]):
    class Meta:
        model = GoalProgress
        fields = ["id", "percent", "note", "recorded_on", "created_at"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer[Goal]):
    competency = serializers.SerializerMethodField(help_text="The competency's code, or null.")
    progress = GoalProgressSerializer(many=True, read_only=True, help_text="Oldest first.")

    class Meta:
        model = Goal
        fields = [
            "id",
            "agreement",
            "title",
            "competency",
            "success_criteria",
            "target_date",
            "progress",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_competency(self, goal: Goal) -> str | None:
        return goal.competency.code if goal.competency else None


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    mentor = serializers.SerializerMethodField()
    mentee = serializers.SerializerMethodField()
    status = status_field(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partnership",
            "mentor",
            "mentee",
            "status",
            "current_number",
            "in_force_number",
            "revision",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PartySerializer)
    def get_mentor(self, agreement: Agreement) -> Any:
        return PartySerializer(agreement.partnership.mentor).data

    @extend_schema_field(PartySerializer)
    def get_mentee(self, agreement: Agreement) -> Any:
        return PartySerializer(agreement.partnership.mentee).data


class AgreementDetailSerializer(AgreementSerializer):
    versions = VersionSerializer(many=True, read_only=True, help_text="Newest first.")
    goals = GoalSerializer(many=True, read_only=True)
    closed_reason = serializers.CharField(read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "closed_reason", "versions", "goals"]
        read_only_fields = fields


# --- Requests ----------------------------------------------------------------------------------


class AgreementCreateSerializer(serializers.Serializer):
    partnership = serializers.IntegerField(
        max_value=MAX_ID, help_text="An active partnership of the program."
    )
    template = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="A template of the program; the first default template when left out.",
    )
    issue = serializers.BooleanField(
        default=True, help_text="Issue for acknowledgement now (else keep a draft)."
    )


class AcknowledgeSerializer(serializers.Serializer):
    party = party_field()
    number = serializers.IntegerField(
        max_value=MAX_ID, help_text="The version read: it must be the current one."
    )


class VersionWriteSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        max_value=MAX_ID,
        help_text="The agreement's revision the edit started from; a stale one is refused.",
    )
    mentor_duties = serializers.CharField()
    mentee_duties = serializers.CharField()
    leadership_duties = serializers.CharField()
    cadence = serializers.CharField(max_length=255)
    modes = serializers.ListField(child=mode_field(), default=list)
    confidentiality = serializers.CharField()
    change_note = serializers.CharField(required=False, allow_blank=True, default="")
    issue = serializers.BooleanField(default=True)


class GoalWriteSerializer(serializers.Serializer):
    agreement = serializers.IntegerField(max_value=MAX_ID)
    title = serializers.CharField(max_length=255)
    competency = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A competency code."
    )
    success_criteria = serializers.CharField(required=False, allow_blank=True, default="")
    target_date = serializers.DateField(required=False, allow_null=True, default=None)


class ProgressWriteSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    recorded_on = serializers.DateField(required=False, allow_null=True, default=None)


class ChangeWriteSerializer(serializers.Serializer):
    partnership = serializers.IntegerField(max_value=MAX_ID)
    kind = change_kind_field()
    reason = serializers.CharField()
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    new_mentor = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The new mentor's code."
    )


class ChangeSerializer(serializers.ModelSerializer[PartnershipChange]):
    kind = change_kind_field(read_only=True)

    class Meta:
        model = PartnershipChange
        fields = ["id", "partnership", "kind", "reason", "effective_on", "new_partnership"]
        read_only_fields = fields


# --- Views ---------------------------------------------------------------------------------------


class AgreementsBase(ProgramScopedViewSet):
    def agreement(self, pk: Any) -> tuple[Agreement, AgreementAccess]:
        return get_agreement_for_user(user=self.caller, program=self.program, pk=id_or_404(pk))


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Agreement.Status.choices, label="status", help_text="Only this status."
    )

    class Meta:
        model = Agreement
        fields: list[str] = []


@extend_schema_view(
    list=reads(
        "Agreements the caller may see (coordinators: all; mentor and mentee: their own)",
        AgreementSerializer,
    ),
    retrieve=reads(
        "One agreement with its versions, acknowledgements and goals", AgreementDetailSerializer, ID
    ),
    create=writes(
        "Issue a pair's agreement from a template (coordinators)",
        AgreementDetailSerializer,
        request=AgreementCreateSerializer,
        code=201,
    ),
)
class AgreementViewSet(mixins.ListModelMixin, AgreementsBase):
    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()
    filter_backends = FILTERS
    filterset_class = AgreementFilter

    def get_queryset(self) -> QuerySet[Agreement]:
        qs = agreement_list_for_user(user=self.caller, program=self.program)
        return qs.select_related("partnership__mentor__user", "partnership__mentee__user").order_by(
            "pk"
        )

    def detail_response(
        self, agreement: Agreement, code: int = 200, *, access: AgreementAccess | None = None
    ) -> Response:
        loaded = (
            Agreement.objects.select_related(
                "partnership__mentor__user", "partnership__mentee__user"
            )
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=AgreementVersion.objects.order_by("-number").prefetch_related(
                        "acknowledgements__user"
                    ),
                ),
                Prefetch(
                    "goals",
                    queryset=Goal.objects.select_related("competency").prefetch_related(
                        Prefetch(
                            "progress", queryset=GoalProgress.objects.order_by("recorded_on", "pk")
                        )
                    ),
                ),
            )
            .get(pk=agreement.pk)
        )
        data = AgreementDetailSerializer(loaded).data
        if access is not None and not access.manage:
            # Why a partnership ended is for program leadership only, as on the mentee's page.
            data["closed_reason"] = ""
        return Response(data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement, access = self.agreement(kwargs["pk"])
        return self.detail_response(agreement, access=access)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_coordinator(self.caller, self.program)
        data = self.validated(AgreementCreateSerializer)
        partnership = one_of(
            self.program.partnerships,
            "partnership",
            "No partnership of this program.",
            pk=data["partnership"],
        )
        templates = services.template_defaults_ensure(program=self.program)
        if data["template"] is None:
            template = templates[0]
        else:
            found = one_of(
                self.program.agreement_templates,
                "template",
                "No template of this program.",
                pk=data["template"],
            )
            template = found
        agreement = services.agreement_issue(
            partnership=partnership, template=template, issue=data["issue"], actor=self.caller
        )
        return self.detail_response(agreement, status.HTTP_201_CREATED)

    @writes(
        "Acknowledge the current version for a party the caller represents",
        AgreementDetailSerializer,
        ID,
        request=AcknowledgeSerializer,
        description="The pair's mentor acknowledges as mentor, the pair's mentee as mentee, a "
        "coordinator as program leadership. Once all three have, the version is in force.",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement, access = self.agreement(kwargs["pk"])
        data = self.validated(AcknowledgeSerializer)
        if data["party"] not in access.parties:
            raise PermissionDenied
        services.agreement_acknowledge(
            agreement=agreement, number=data["number"], party=data["party"], user=self.caller
        )
        return self.detail_response(agreement, access=access)

    @writes(
        "Renegotiate: a new version of the texts (coordinators)",
        AgreementDetailSerializer,
        ID,
        request=VersionWriteSerializer,
        code=201,
        description="Earlier versions stay as they were. ``revision`` must be the agreement's "
        "current revision: if someone changed the agreement since it was read, the edit is "
        "refused with 400.",
    )
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement, access = self.agreement(kwargs["pk"])
        if not access.manage:
            raise PermissionDenied
        data = self.validated(VersionWriteSerializer)
        services.agreement_revise(
            agreement=agreement,
            revision=data["revision"],
            texts=data,
            change_note=data["change_note"],
            issue=data["issue"],
            actor=self.caller,
        )
        return self.detail_response(agreement, status.HTTP_201_CREATED)


AGREEMENT = OpenApiParameter(
    "agreement", OpenApiTypes.INT, description="Only the goals of this agreement."
)


@extend_schema_view(
    list=reads(
        "Goals of the agreements the caller may see, with their progress", GoalSerializer, AGREEMENT
    ),
    create=writes(
        "Add a goal to an agreement (coordinators, the pair's mentor or mentee)",
        GoalSerializer,
        request=GoalWriteSerializer,
        code=201,
    ),
)
class GoalViewSet(mixins.ListModelMixin, AgreementsBase):
    serializer_class = GoalSerializer
    queryset = Goal.objects.none()

    def get_queryset(self) -> QuerySet[Goal]:
        agreements = agreement_list_for_user(user=self.caller, program=self.program)
        qs = Goal.objects.filter(agreement__in=agreements)
        wanted = self.request.query_params.get("agreement", "")
        if wanted:
            qs = qs.filter(agreement_id=id_or_404(wanted))
        return (
            qs.select_related("competency")
            .prefetch_related(
                Prefetch("progress", queryset=GoalProgress.objects.order_by("recorded_on", "pk"))
            )
            .order_by("agreement_id", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_reader(self.caller, self.program)
        data = self.validated(GoalWriteSerializer)
        agreement, access = self.agreement(data["agreement"])
        if not access.add_goals:
            raise PermissionDenied
        competency = None
        if data["competency"]:
            competency = program_competencies(self.program).filter(code=data["competency"]).first()
            if competency is None:
                raise serializers.ValidationError(
                    {"competency": ["No competency of the program's framework."]}
                )
        goal = services.goal_add(
            agreement=agreement,
            title=data["title"],
            competency=competency,
            success_criteria=data["success_criteria"],
            target_date=data["target_date"],
            actor=self.caller,
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @writes(
        "Record a goal's progress (the pair's mentor or mentee)",
        GoalSerializer,
        ID,
        request=ProgressWriteSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = self.get_queryset().filter(pk=id_or_404(kwargs["pk"])).first()
        if goal is None:
            raise Http404
        agreement, access = self.agreement(goal.agreement_id)
        if not access.record_progress:
            raise PermissionDenied
        data = self.validated(ProgressWriteSerializer)
        goal.agreement = agreement
        services.goal_progress_record(
            goal=goal,
            percent=data["percent"],
            note=data["note"],
            recorded_on=data["recorded_on"],
            actor=self.caller,
        )
        return Response(GoalSerializer(self.get_queryset().get(pk=goal.pk)).data, status=201)


@extend_schema_view(
    create=writes(
        "Pause, resume, end or reassign a partnership, with a reason (coordinators)",
        ChangeSerializer,
        request=ChangeWriteSerializer,
        code=201,
        description="Ending closes the agreement. Reassigning ends the partnership, closes its "
        "agreement and starts one with ``new_mentor``; the change links the two.",
    ),
)
class PartnershipChangeViewSet(AgreementsBase):
    serializer_class = ChangeSerializer
    queryset = PartnershipChange.objects.none()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_coordinator(self.caller, self.program)
        data = self.validated(ChangeWriteSerializer)
        partnership = one_of(
            self.program.partnerships,
            "partnership",
            "No partnership of this program.",
            pk=data["partnership"],
        )
        new_mentor = None
        if data["new_mentor"]:
            new_mentor = one_of(
                self.program.mentor_profiles,
                "new_mentor",
                "No mentor with this code.",
                code=data["new_mentor"],
            )
        change = services.partnership_change(
            partnership=partnership,
            kind=data["kind"],
            reason=data["reason"],
            effective_on=data["effective_on"],
            new_mentor=new_mentor,
            actor=self.caller,
        )
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)
