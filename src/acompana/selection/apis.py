"""Selection of mentors over the API.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. The rules are those of the pages:

* calls and their ranking are for coordinators (403 for other members, 404 for outsiders);
* an application is read by its candidate, who need not be a member of the program, and by
  coordinators; anyone else gets 404, so no candidate ever reads another's application;
  only coordinators review and decide;
* coordinators open calls and list (filter) applications; anyone signed in applies to an open
  call of the program, with evidence files checked as on the page.
"""

from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import FILTERS, IdFilter, ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.programs.models import Program
from acompana.selection import services as selection_services
from acompana.selection.forms import validate_evidence
from acompana.selection.models import Application, Call, Evidence, Review
from acompana.selection.selectors import (
    RankedApplication,
    application_list_for_user,
    application_search,
    call_list_for_user,
    call_ranking,
    get_application_for_user,
    get_call_for_user,
    program_by_slug,
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
        return evidence.filename


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


# --- Selection: writes and filters ------------------------------------------------------------
#


def user_name(user: Any) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


class CallCreateSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(max_value=MAX_ID, help_text="A cohort of the program.")
    title = serializers.CharField(max_length=200)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


@extend_schema_field({"type": "string", "enum": Evidence.Kind.values})
class EvidenceKindField(serializers.ChoiceField):
    """Evidence.Kind, described inline: a second component for the same choices (the
    ``kind`` of Evidence) would make the schema's enum names ambiguous."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Evidence.Kind.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": Application.Status.values, "readOnly": True})
class ApplicationStatusField(serializers.CharField):
    """Application.Status, described inline (see ``EvidenceKindField``)."""


class ApplicationCreateSerializer(serializers.ModelSerializer[Application]):
    """An application with its evidence, sent as multipart/form-data."""

    call = serializers.IntegerField(max_value=MAX_ID, help_text="An open call of the program.")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list
    )
    evidence_kind = EvidenceKindField(default=Evidence.Kind.OTHER)
    evidence = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        help_text="PDF, JPEG, PNG or DOCX files of at most 5 MB each, checked by extension "
        "and content.",
    )

    class Meta:
        model = Application
        fields = [
            "call",
            *selection_services.PROFILE_FIELDS,
            "region",
            "languages",
            "motivation",
            "references",
            "evidence_kind",
            "evidence",
        ]

    def validate_evidence(self, files: list[Any]) -> list[Any]:
        problems: list[str] = []
        for upload in files:
            try:
                validate_evidence(upload)
            except DjangoValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise serializers.ValidationError(problems)
        return files


class ApplicationSummarySerializer(serializers.ModelSerializer[Application]):
    candidate = serializers.SerializerMethodField()
    cohort = serializers.SerializerMethodField()
    status = ApplicationStatusField(read_only=True)
    no_management_experience = serializers.SerializerMethodField()
    evidence_count = serializers.IntegerField(read_only=True)
    review_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "cohort",
            "candidate",
            "status",
            "teaching_years",
            "management_years",
            "no_management_experience",
            "evidence_count",
            "review_count",
            "created_at",
        ]
        read_only_fields = fields

    def get_candidate(self, application: Application) -> str:
        return application.candidate.get_full_name() or application.candidate.email

    def get_cohort(self, application: Application) -> int:
        return application.call.cohort_id

    def get_no_management_experience(self, application: Application) -> bool:
        return not application.has_management_experience


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Application.Status.choices, label="status", help_text="Only this status."
    )
    cohort = IdFilter(help_text="A cohort id.")
    call = IdFilter(help_text="A call id.")
    no_management_experience = django_filters.BooleanFilter(
        help_text="Only candidates without years in school management."
    )
    q = django_filters.CharFilter(
        max_length=100, help_text="Words of the candidate's name or email."
    )

    class Meta:
        model = Application
        fields: list[str] = []


# --- Selection: views --------------------------------------------------------------------------


@extend_schema_view(
    list=reads("Calls for mentors of the program (coordinators)", CallSerializer),
    create=writes(
        "Open a call for mentors of a cohort (coordinators)",
        CallSerializer,
        request=CallCreateSerializer,
        code=201,
        description="The call starts with the default mentor rubric.",
    ),
)
class CallViewSet(ProgramScopedViewSet):
    serializer_class = CallSerializer
    queryset = Call.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        calls = call_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(calls)
        return self.get_paginated_response(CallSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(CallCreateSerializer)
        cohort = one_of(
            program.cohorts, "cohort", "No cohort of this program.", pk=data.pop("cohort")
        )
        call = selection_services.call_create(
            program=program, cohort=cohort, actor=self.caller, **data
        )
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)

    @reads(
        "The call's applications ranked by total, with points by criterion (coordinators)",
        RankedApplicationSerializer(many=True),
        ID,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        call = get_call_for_user(user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"]))
        return Response(RankedApplicationSerializer(call_ranking(call=call), many=True).data)


@extend_schema_view(
    list=reads(
        "Applications to the program's calls, filtered (coordinators)", ApplicationSummarySerializer
    ),
    create=writes(
        "Apply to an open call of the program, with evidence files (anyone signed in)",
        ApplicationSerializer,
        request={"multipart/form-data": ApplicationCreateSerializer},
        code=201,
        description="multipart/form-data; repeat `evidence` for several files and `languages` "
        "for several languages. One application per candidate and call.",
    ),
)
class ApplicationViewSet(ProgramScopedViewSet):
    """Applications: the candidate, who need not be a member, reads their own."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = FILTERS
    filterset_class = ApplicationFilter

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = self.filter_params()
        if "no_management_experience" in filters:
            filters["no_management"] = filters.pop("no_management_experience")
        qs = application_search(
            application_list_for_user(user=self.caller, program=self.program), **filters
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ApplicationSummarySerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(ApplicationCreateSerializer)
        call = get_call_for_user(
            user=self.caller, program=self.program, pk=data.pop("call"), manage=False
        )
        kind = data.pop("evidence_kind")
        files = data.pop("evidence")
        application = selection_services.application_submit(
            call=call,
            candidate=self.caller,
            data=data,
            evidence=[(upload, kind) for upload in files],
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @cached_property
    def program(self) -> Program:
        return program_by_slug(slug=self.kwargs["program_slug"])

    def application(self, *, manage: bool = False) -> Application:
        return get_application_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), manage=manage
        )

    @reads("One application (its candidate and coordinators)", ApplicationSerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ApplicationSerializer(self.application()).data)

    @writes(
        "Save the caller's panel scores of the application (coordinators)",
        ReviewSerializer,
        ID,
        request=ReviewWriteSerializer,
        description="One review per reviewer: saving again replaces the caller's scores.",
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.application(manage=True)
        data = self.validated(ReviewWriteSerializer)
        review = selection_services.review_save(
            application=application,
            reviewer=self.caller,
            scores=data["scores"],
            comment=data["comment"],
        )
        return Response(ReviewSerializer(review).data)

    @writes(
        "Admit, waitlist or decline the application with a reason (coordinators)",
        ApplicationSerializer,
        ID,
        request=DecisionWriteSerializer,
        description="Admitting makes the candidate a mentor of the call's cohort. The "
        "candidate is emailed.",
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.application(manage=True)
        data = self.validated(DecisionWriteSerializer)
        selection_services.application_decide(
            application=application,
            status=data["status"],
            reason=data["reason"],
            actor=self.caller,
        )
        return Response(ApplicationSerializer(self.application()).data)
