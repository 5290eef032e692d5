"""Self-assessments over the API, with the same rules as the pages (``permissions``): the
list by role, starting one (the mentee), saving and submitting its stages (a stale
``revision`` gets 409 with what is saved now), correcting it as a new version, reading one with
the cycle's chart data, and the mentors' evidence per strand."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import ID, conflict, errors, reads, writes
from acompana.common.ids import id_or_404
from acompana.frameworks.models import Competency
from acompana.growth import selectors, services
from acompana.growth.chart import ChangeChart
from acompana.growth.models import (
    EVIDENCE_MAX,
    NOTE_MAX,
    Moment,
    SelfAssessment,
    StrandEvidence,
)
from acompana.growth.permissions import require_growth_role
from acompana.programs.models import Cohort
from acompana.visits.models import Visit

# --- Representations ---------------------------------------------------------------------------


class SelfAssessmentRatingSerializer(serializers.Serializer):
    strand = serializers.IntegerField(help_text="A competency (strand) of the framework.")
    stage = serializers.IntegerField(
        allow_null=True, help_text="A career stage of the framework; null: not placed yet."
    )
    note = serializers.CharField(allow_blank=True, max_length=NOTE_MAX, default="")


class SelfAssessmentSerializer(serializers.ModelSerializer[SelfAssessment]):
    mentee_code = serializers.CharField(source="mentee.code", read_only=True)
    framework: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    submitted = serializers.BooleanField(read_only=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "cohort",
            "mentee",
            "mentee_code",
            "framework",
            "moment",
            "version",
            "revision",
            "submitted",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SelfAssessmentChartStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    name = serializers.CharField()


class SelfAssessmentChartRowSerializer(serializers.Serializer):
    strand = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()
    start = serializers.IntegerField(allow_null=True, help_text="Stage id at the start.")
    end = serializers.IntegerField(allow_null=True, help_text="Stage id at the end.")
    change = serializers.IntegerField(
        allow_null=True, help_text="Stages moved (positive: up); null when one end is missing."
    )


class SelfAssessmentChartSerializer(serializers.Serializer):
    start_assessment = serializers.IntegerField(allow_null=True)
    end_assessment = serializers.IntegerField(allow_null=True)
    stages = SelfAssessmentChartStageSerializer(many=True)
    rows = SelfAssessmentChartRowSerializer(many=True)


class SelfAssessmentDetailSerializer(SelfAssessmentSerializer):
    ratings = SelfAssessmentRatingSerializer(many=True)
    chart = SelfAssessmentChartSerializer(
        help_text="The cycle's change, from the submitted start and end."
    )

    class Meta(SelfAssessmentSerializer.Meta):
        fields = [*SelfAssessmentSerializer.Meta.fields, "ratings", "chart"]
        read_only_fields = fields


class SelfAssessmentStartSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(help_text="The cycle (a cohort the mentee belongs to).")
    moment = serializers.ChoiceField(choices=Moment.choices)
    framework = serializers.SlugField(
        required=False,
        help_text="A framework with career stages; left out, the mentee's default one.",
    )


class SelfAssessmentSaveSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The revision read; a stale one gets 409.")
    ratings = serializers.ListField(
        child=SelfAssessmentRatingSerializer(), max_length=services.MAX_STRANDS
    )
    submit = serializers.BooleanField(
        default=False, help_text="Submit too: the self-assessment becomes read-only."
    )


class StrandEvidenceSerializer(serializers.ModelSerializer[StrandEvidence]):
    strand = serializers.IntegerField(source="competency_id", read_only=True)
    author: Any = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = StrandEvidence
        fields = ["id", "strand", "text", "visit", "author", "created_at"]
        read_only_fields = fields


class StrandEvidenceWriteSerializer(serializers.Serializer):
    strand = serializers.IntegerField()
    text = serializers.CharField(max_length=EVIDENCE_MAX)
    visit = serializers.IntegerField(required=False, allow_null=True)


def chart_data(chart: ChangeChart, start: Any, end: Any) -> dict[str, Any]:
    return {
        "start_assessment": start.pk if start else None,
        "end_assessment": end.pk if end else None,
        "stages": [{"id": s.id, "position": s.position, "name": s.label} for s in chart.stages],
        "rows": [
            {
                "strand": r.strand.id,
                "code": r.strand.code,
                "name": r.strand.label,
                "domain": r.strand.domain_code,
                "start": r.start.id if r.start else None,
                "end": r.end.id if r.end else None,
                "change": r.change,
            }
            for r in chart.rows
        ],
    }


def detail_data(assessment: SelfAssessment) -> dict[str, Any]:
    cycle = selectors.cycle_of(assessment)
    data = dict(SelfAssessmentSerializer(assessment).data)
    data["ratings"] = [
        {"strand": r.competency_id, "stage": r.stage_id, "note": r.note}
        for r in selectors.ratings_of(assessment).values()
    ]
    data["chart"] = chart_data(cycle.chart, cycle.start, cycle.end)
    return data


COHORT = OpenApiParameter(
    "cohort", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False, description="A cycle."
)
CONFLICT = conflict("SelfAssessment", SelfAssessmentSerializer)


@extend_schema_view(
    list=reads(
        "Self-assessments the caller may read (newest version of each), by cycle and mentee",
        SelfAssessmentSerializer(many=True),
        COHORT,
    ),
    retrieve=reads(
        "One self-assessment with its ratings and the cycle's chart data",
        SelfAssessmentDetailSerializer,
        ID,
    ),
    create=writes(
        "Start a self-assessment (the mentee), or get back its open draft",
        SelfAssessmentDetailSerializer,
        request=SelfAssessmentStartSerializer,
        code=201,
    ),
)
class SelfAssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ProgramScopedViewSet
):
    serializer_class = SelfAssessmentSerializer
    queryset = SelfAssessment.objects.none()

    def get_queryset(self) -> QuerySet[SelfAssessment]:
        cohort = None
        raw = self.request.query_params.get("cohort", "")
        if raw:
            cohort = Cohort.objects.filter(program=self.program, pk=id_or_404(raw)).first()
        return selectors.assessment_list_for_user(
            user=self.caller, program=self.program, cohort=cohort
        )

    def assessment(self) -> tuple[SelfAssessment, Any]:
        return selectors.get_assessment_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def conflict_representation(self, current: Any) -> Any:
        assessment, _access = self.assessment()
        return SelfAssessmentSerializer(assessment).data

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment, _access = self.assessment()
        return Response(detail_data(assessment))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        roles = require_growth_role(self.caller, self.program)
        mentee = (
            selectors.mentee_profile_of(user=self.caller, program=self.program)
            if Role.MENTEE in roles
            else None
        )
        if mentee is None:
            raise PermissionDenied
        data = self.validated(SelfAssessmentStartSerializer)
        cohort = Cohort.objects.filter(program=self.program, pk=data["cohort"]).first()
        if cohort is None:
            raise serializers.ValidationError({"cohort": ["Not a cycle of this program."]})
        if data.get("framework"):
            framework = selectors.frameworks_with_stages().filter(slug=data["framework"]).first()
        else:
            framework = selectors.framework_for(program=self.program, mentee=mentee)
        if framework is None:
            raise serializers.ValidationError({"framework": ["No framework with career stages."]})
        assessment = services.self_assessment_start(
            program=self.program,
            cohort=cohort,
            mentee=mentee,
            moment=data["moment"],
            framework=framework,
            actor=self.caller,
        )
        return Response(detail_data(assessment), status=201)

    @writes(
        "Save the stages and notes of a draft, and optionally submit it (the mentee)",
        SelfAssessmentDetailSerializer,
        ID,
        request=SelfAssessmentSaveSerializer,
        errors={**errors(400, 401, 403, 404), **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def save(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment, access = self.assessment()
        if not access.fill_in:
            raise PermissionDenied
        data = self.validated(SelfAssessmentSaveSerializer)
        ratings = {r["strand"]: (r["stage"], r["note"].strip()) for r in data["ratings"]}
        saved = services.self_assessment_save(
            assessment=assessment,
            ratings=ratings,
            expected_revision=data["revision"],
            submit=data["submit"],
            actor=self.caller,
        )
        return Response(detail_data(saved))

    @writes(
        "Correct a submitted self-assessment: a new draft version copied from it (the mentee)",
        SelfAssessmentDetailSerializer,
        ID,
        request=None,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment, access = self.assessment()
        if not access.fill_in:
            raise PermissionDenied
        draft = services.self_assessment_correct(assessment=assessment, actor=self.caller)
        return Response(detail_data(draft), status=201)

    @reads(
        "The mentors' evidence for the mentee's cycle",
        StrandEvidenceSerializer(many=True),
        ID,
        methods=["GET"],
        operation_id="v1_programs_self_assessments_evidence_list",
    )
    @writes(
        "Add evidence for one strand (the mentee's mentors)",
        StrandEvidenceSerializer,
        ID,
        request=StrandEvidenceWriteSerializer,
        code=201,
        methods=["POST"],
        operation_id="v1_programs_self_assessments_evidence_create",
    )
    @action(detail=True, methods=["get", "post"])
    def evidence(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment, access = self.assessment()
        if request.method == "GET":
            return Response(
                StrandEvidenceSerializer(selectors.evidence_of(assessment), many=True).data
            )
        if not access.add_evidence:
            raise PermissionDenied
        data = self.validated(StrandEvidenceWriteSerializer)
        competency = Competency.objects.filter(
            pk=data["strand"], domain__framework=assessment.framework_id
        ).first()
        if competency is None:
            raise serializers.ValidationError({"strand": ["Not a strand of this framework."]})
        visit = None
        if data.get("visit"):
            visit = Visit.objects.filter(
                pk=data["visit"], program=self.program, mentee=assessment.mentee_id
            ).first()
            if visit is None:
                raise serializers.ValidationError({"visit": ["Not a visit of this mentee."]})
        evidence = services.evidence_add(
            assessment=assessment,
            competency=competency,
            text=data["text"],
            visit=visit,
            actor=self.caller,
        )
        return Response(StrandEvidenceSerializer(evidence).data, status=201)
