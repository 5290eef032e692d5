"""Time and cost over the API: mentors' time logs and expenses (with receipts), coordinators'
decisions, the budget and the cost report.

Every endpoint reads through the permission-checked selectors the pages use and writes through
one service; serializers only shape data. The rules are those of the pages:

* time logs and expenses are listed and read by their mentor and by coordinators; other
  members get 403, outsiders 404, and a mentor asking for another mentor's record gets 404;
* only the mentor creates, changes and deletes their own (expenses only while draft or
  rejected), submits an expense and uploads its receipt (multipart/form-data);
* receipts are downloaded by the expense's mentor and coordinators only;
* coordinators approve or reject a submitted expense with the ``version`` they read; a second
  decision (or one on a version since changed) gets 409 with the expense as it is now;
* budget lines and the report are for coordinators.
"""

from decimal import Decimal
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
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

from acompana.api.base import FILTERS, IdFilter, IntegerFilter, ProgramScopedViewSet, one_of
from acompana.api.schema import ID, READ_ERRORS, WRITE_ERRORS, conflict, reads, writes
from acompana.common.files import private_file_response
from acompana.common.ids import MAX_ID, id_or_404
from acompana.costs import services
from acompana.costs.models import (
    BudgetCategory,
    BudgetLine,
    Expense,
    ExpenseCategory,
    TimeCategory,
    TimeLog,
)
from acompana.costs.permissions import require_coordinator, require_own_mentor_profile
from acompana.costs.receipts import validate_receipt
from acompana.costs.selectors import (
    CostReport,
    budget_lines_for_user,
    cost_report_for_user,
    expense_list_for_user,
    get_expense_for_user,
    get_time_log_for_user,
    time_log_list_for_user,
)
from acompana.people.models import MentorProfile

# --- Choice fields (several models call different choices "category" or "status": their enum
# names come from SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) --------------------------------


class TimeCategoryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=TimeCategory.choices, **kwargs)


class ExpenseCategoryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ExpenseCategory.choices, **kwargs)


class ExpenseStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Expense.Status.choices, **kwargs)


# --- Representations ---------------------------------------------------------------------------


class TimeLogSerializer(serializers.ModelSerializer[TimeLog]):
    mentor = serializers.CharField(source="mentor.code", read_only=True)
    category = TimeCategoryField(read_only=True)

    class Meta:
        model = TimeLog
        fields = ["id", "mentor", "worked_on", "category", "hours", "visit", "note", "updated_at"]
        read_only_fields = fields


class TimeLogWriteSerializer(serializers.Serializer):
    worked_on = serializers.DateField()
    category = TimeCategoryField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("24")
    )
    visit = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="One of the mentor's visits.",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ExpenseSerializer(serializers.ModelSerializer[Expense]):
    mentor = serializers.CharField(source="mentor.code", read_only=True)
    category = ExpenseCategoryField(read_only=True)
    status = ExpenseStatusField(read_only=True)
    receipt = serializers.SerializerMethodField(
        help_text="The receipt's file name, or null; download it from .../receipt/."
    )
    decided_by = serializers.SerializerMethodField(help_text="Who decided, or null.")

    class Meta:
        model = Expense
        fields = [
            "id",
            "mentor",
            "spent_on",
            "category",
            "amount",
            "currency",
            "description",
            "receipt",
            "status",
            "submitted_at",
            "decided_at",
            "decided_by",
            "decision_reason",
            "version",
            "editable",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt(self, expense: Expense) -> str | None:
        return expense.receipt_name or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, expense: Expense) -> str | None:
        return str(expense.decided_by) if expense.decided_by else None


class ExpenseWriteSerializer(serializers.Serializer):
    """An expense, as JSON or as multipart/form-data with its receipt."""

    spent_on = serializers.DateField()
    category = ExpenseCategoryField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    description = serializers.CharField(max_length=500)
    receipt = serializers.FileField(
        required=False,
        help_text="A PDF, JPEG or PNG of at most 5 MB, checked by extension and content.",
    )

    def validate_receipt(self, upload: Any) -> Any:
        try:
            validate_receipt(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


class ReceiptUploadSerializer(serializers.Serializer):
    receipt = serializers.FileField(
        help_text="A PDF, JPEG or PNG of at most 5 MB, checked by extension and content."
    )

    def validate_receipt(self, upload: Any) -> Any:
        return ExpenseWriteSerializer().validate_receipt(upload)


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        max_value=MAX_ID, min_value=1, help_text="The expense's version the coordinator read."
    )
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to reject.",
    )


class BudgetCategoryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=BudgetCategory.choices, **kwargs)


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    category = BudgetCategoryField()

    class Meta:
        model = BudgetLine
        fields = ["id", "year", "category", "amount", "note"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "year": {"min_value": 2000, "max_value": 2100},
            "note": {"required": False, "default": ""},
        }
        validators: list[Any] = []  # the service replaces the line of a year and category


class MentorCostSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Approved.")
    pending = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Submitted.")
    mentees = serializers.IntegerField(
        max_value=MAX_ID, help_text="Mentees with a partnership active in the year."
    )
    cost_per_mentee = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class RegionCostSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="The mentors' region (empty: none).")
    mentors = serializers.IntegerField(max_value=MAX_ID)
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    mentees = serializers.IntegerField(max_value=MAX_ID)
    cost_per_mentee = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class BudgetUseSerializer(serializers.Serializer):
    category = BudgetCategoryField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Approved.")
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)
    used_percent = serializers.IntegerField(max_value=MAX_ID, allow_null=True)


class HoursByCategorySerializer(serializers.Serializer):
    category = TimeCategoryField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)


class CostReportSerializer(serializers.Serializer):
    year = serializers.IntegerField(max_value=MAX_ID)
    cohort = serializers.IntegerField(max_value=MAX_ID, allow_null=True)
    currency = serializers.CharField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.DecimalField(max_digits=14, decimal_places=2)
    mentees = serializers.IntegerField(
        max_value=MAX_ID,
        help_text="Mentees with a partnership active in the year or in a circle that met in it.",
    )
    circle_mentees = serializers.IntegerField(
        max_value=MAX_ID, help_text="Of them, members of a circle that met in the year."
    )
    circle_meeting_hours = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Hours of the circle meetings held."
    )
    cost_per_mentee = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    protected_hours = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Teachers' protected time in the year."
    )
    teacher_hour_rate = serializers.DecimalField(max_digits=10, decimal_places=2)
    protected_cost = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="Protected hours at the teacher hour rate."
    )
    protected_cost_per_mentee = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True
    )
    personnel_cost = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="Mentors' pay: hours, visits done, stipends at the rates valid on their dates.",
    )
    personnel_cost_per_mentee = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True
    )
    total_cost = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="Approved cost, personnel and protected time.",
    )
    total_cost_per_mentee = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True
    )
    mentors = MentorCostSerializer(many=True)
    regions = RegionCostSerializer(many=True)
    budget = BudgetUseSerializer(many=True)
    hours_by_category = HoursByCategorySerializer(many=True)


def year_filter(**kwargs: Any) -> IntegerFilter:
    return IntegerFilter(min_value=2000, max_value=2100, **kwargs)


class ReportFilter(django_filters.FilterSet):
    year = year_filter(required=True)
    cohort = IdFilter(help_text="A cohort of the program.")

    class Meta:
        model = BudgetLine
        fields: list[str] = []


class BudgetLineFilter(django_filters.FilterSet):
    year = year_filter(help_text="Only this year's lines.")

    class Meta:
        model = BudgetLine
        fields: list[str] = []


class TimeLogFilter(django_filters.FilterSet):
    mentor = django_filters.CharFilter(
        field_name="mentor__code", help_text="A mentor's code (coordinators)."
    )
    year = year_filter(field_name="worked_on__year")

    class Meta:
        model = TimeLog
        fields: list[str] = []


class ExpenseFilter(django_filters.FilterSet):
    mentor = django_filters.CharFilter(
        field_name="mentor__code", help_text="A mentor's code (coordinators)."
    )
    year = year_filter(field_name="spent_on__year")
    status = django_filters.ChoiceFilter(
        choices=Expense.Status.choices, label="status", help_text="Only this status."
    )

    class Meta:
        model = Expense
        fields: list[str] = []


def report_data(report: CostReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "cohort": report.cohort.pk if report.cohort else None,
        "currency": report.currency,
        "hours": report.hours,
        "cost": report.cost,
        "pending": report.pending,
        "mentees": report.mentees,
        "circle_mentees": report.circle_mentees,
        "circle_meeting_hours": report.circle_meeting_hours,
        "cost_per_mentee": report.cost_per_mentee,
        "protected_hours": report.protected_hours,
        "teacher_hour_rate": report.teacher_hour_rate,
        "protected_cost": report.protected_cost,
        "protected_cost_per_mentee": report.protected_cost_per_mentee,
        "personnel_cost": report.personnel_cost,
        "personnel_cost_per_mentee": report.personnel_cost_per_mentee,
        "total_cost": report.total_cost,
        "total_cost_per_mentee": report.total_cost_per_mentee,
        "mentors": report.mentors,
        "regions": report.regions,
        "budget": report.budget,
        "hours_by_category": [
            {"category": value, "hours": hours}
            for value, (_label, hours) in zip(
                TimeCategory.values, report.hours_by_category, strict=True
            )
        ],
    }


EXPENSE_CONFLICT = conflict("Expense", ExpenseSerializer)
RECEIPT_FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The receipt file.")

# --- Base --------------------------------------------------------------------------------------


class CostViewSet(ProgramScopedViewSet):
    def own_mentor(self) -> MentorProfile:
        return require_own_mentor_profile(self.caller, self.program)


# --- Time logs ---------------------------------------------------------------------------------


@extend_schema_view(
    list=writes(
        "Time logs: the caller's own (mentors) or everyone's (coordinators)", TimeLogSerializer
    ),
)
class TimeLogViewSet(CostViewSet):
    serializer_class = TimeLogSerializer
    queryset = TimeLog.objects.none()
    filter_backends = FILTERS
    filterset_class = TimeLogFilter

    def log(self, *, write: bool = False) -> TimeLog:
        return get_time_log_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"]), write=write
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        logs = self.filter_queryset(
            time_log_list_for_user(user=self.caller, program=self.program).select_related("mentor")
        )
        page = self.paginate_queryset(logs)
        return self.get_paginated_response(TimeLogSerializer(page, many=True).data)

    def _write(self, mentor: MentorProfile, base: TimeLog | None, partial: bool) -> dict[str, Any]:
        payload = TimeLogWriteSerializer(data=self.request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if base is not None and partial:
            current = {
                "worked_on": base.worked_on,
                "category": base.category,
                "hours": base.hours,
                "visit": base.visit_id,
                "note": base.note,
            }
            data = current | {k: v for k, v in data.items() if k in self.request.data}
        visit_pk = data.get("visit")
        data["visit"] = None
        if visit_pk is not None:
            data["visit"] = one_of(mentor.visits, "visit", "Not one of your visits.", pk=visit_pk)
        return data

    @writes(
        "Log time (mentors; at most 24 hours a day in total)",
        TimeLogSerializer,
        request=TimeLogWriteSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mentor = self.own_mentor()
        data = self._write(mentor, None, partial=False)
        log = services.time_log_create(mentor=mentor, actor=self.caller, **data)
        return Response(TimeLogSerializer(log).data, status=status.HTTP_201_CREATED)

    @reads("One time log (its mentor and coordinators)", TimeLogSerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(TimeLogSerializer(self.log()).data)

    def _update(self, partial: bool) -> Response:
        log = self.log(write=True)
        data = self._write(log.mentor, log, partial=partial)
        log = services.time_log_update(log=log, actor=self.caller, **data)
        return Response(TimeLogSerializer(log).data)

    @writes(
        "Replace one of the caller's time logs",
        TimeLogSerializer,
        ID,
        request=TimeLogWriteSerializer,
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(partial=False)

    @writes(
        "Change fields of one of the caller's time logs",
        TimeLogSerializer,
        ID,
        request=TimeLogWriteSerializer(partial=True),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(partial=True)

    @reads("Delete one of the caller's time logs", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.time_log_delete(log=self.log(write=True), actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Expenses ----------------------------------------------------------------------------------


@extend_schema_view(
    list=writes(
        "Expenses: the caller's own (mentors) or everyone's (coordinators)", ExpenseSerializer
    ),
)
class ExpenseViewSet(CostViewSet):
    serializer_class = ExpenseSerializer
    queryset = Expense.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = FILTERS
    filterset_class = ExpenseFilter

    def expense(self, *, write: bool = False, decide: bool = False) -> Expense:
        return get_expense_for_user(
            user=self.caller,
            program=self.program,
            pk=id_or_404(self.kwargs["pk"]),
            write=write,
            decide=decide,
        )

    def conflict_representation(self, current: Any) -> Any:
        # The expense as decided or changed by someone else (services.ExpenseConflict).
        return ExpenseSerializer(current).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        expenses = self.filter_queryset(
            expense_list_for_user(user=self.caller, program=self.program).select_related(
                "mentor", "decided_by"
            )
        )
        page = self.paginate_queryset(expenses)
        return self.get_paginated_response(ExpenseSerializer(page, many=True).data)

    @writes(
        "Record an expense as a draft (mentors), as JSON or multipart with its receipt",
        ExpenseSerializer,
        request={
            "application/json": ExpenseWriteSerializer,
            "multipart/form-data": ExpenseWriteSerializer,
        },
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mentor = self.own_mentor()
        data = self.validated(ExpenseWriteSerializer)
        expense = services.expense_create(mentor=mentor, actor=self.caller, **data)
        return Response(ExpenseSerializer(expense).data, status=status.HTTP_201_CREATED)

    @reads("One expense (its mentor and coordinators)", ExpenseSerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ExpenseSerializer(self.expense()).data)

    def _update(self, partial: bool) -> Response:
        expense = self.expense(write=True)
        payload = ExpenseWriteSerializer(data=self.request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = {
            "spent_on": expense.spent_on,
            "category": expense.category,
            "amount": expense.amount,
            "description": expense.description,
        } | dict(payload.validated_data)
        expense = services.expense_update(expense=expense, actor=self.caller, **data)
        return Response(ExpenseSerializer(expense).data)

    @writes(
        "Replace a draft or rejected expense of the caller",
        ExpenseSerializer,
        ID,
        request={
            "application/json": ExpenseWriteSerializer,
            "multipart/form-data": ExpenseWriteSerializer,
        },
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(partial=False)

    @writes(
        "Change fields of a draft or rejected expense of the caller",
        ExpenseSerializer,
        ID,
        request={
            "application/json": ExpenseWriteSerializer(partial=True),
            "multipart/form-data": ExpenseWriteSerializer(partial=True),
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(partial=True)

    @writes("Delete a draft or rejected expense of the caller", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.expense_delete(expense=self.expense(write=True), actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @writes(
        "Submit a draft or rejected expense for approval (its mentor)",
        ExpenseSerializer,
        ID,
        request=None,
        description="The program's coordinators are emailed.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        expense = services.expense_submit(expense=self.expense(write=True), actor=self.caller)
        return Response(ExpenseSerializer(expense).data)

    @extend_schema(
        methods=["GET"],
        summary="Download the receipt (the expense's mentor and coordinators)",
        parameters=[ID],
        responses={(200, "application/octet-stream"): RECEIPT_FILE, **READ_ERRORS},
    )
    @writes(
        "Upload or replace the receipt of a draft or rejected expense (its mentor)",
        ExpenseSerializer,
        ID,
        request={"multipart/form-data": ReceiptUploadSerializer},
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"])
    def receipt(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.method == "POST":
            expense = self.expense(write=True)
            upload = self.validated(ReceiptUploadSerializer)["receipt"]
            expense = services.expense_receipt_attach(
                expense=expense, receipt=upload, actor=self.caller
            )
            return Response(ExpenseSerializer(expense).data)
        expense = self.expense()
        if not expense.receipt:
            raise Http404
        return private_file_response(request._request, expense.receipt, expense.receipt_name)

    def _decide(self, approve: bool) -> Response:
        expense = self.expense(decide=True)
        data = self.validated(DecisionSerializer)
        expense = services.expense_decide(
            expense=expense,
            approve=approve,
            reason=data["reason"],
            version=data["version"],
            actor=self.caller,
        )
        return Response(ExpenseSerializer(expense).data)

    @writes(
        "Approve a submitted expense (coordinators)",
        ExpenseSerializer,
        ID,
        request=DecisionSerializer,
        errors={**WRITE_ERRORS, **EXPENSE_CONFLICT},
        description="The mentor is emailed. Give the `version` you read: if someone decided "
        "first, or the expense changed since, the answer is 409 and nothing is written.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._decide(approve=True)

    @writes(
        "Reject a submitted expense with a reason (coordinators)",
        ExpenseSerializer,
        ID,
        request=DecisionSerializer,
        errors={**WRITE_ERRORS, **EXPENSE_CONFLICT},
        description="The mentor is emailed the reason and may correct and resubmit. A second "
        "decision gets 409.",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._decide(approve=False)


# --- Budget and report -------------------------------------------------------------------------


class BudgetLineViewSet(CostViewSet):
    serializer_class = BudgetLineSerializer
    queryset = BudgetLine.objects.none()
    filter_backends = FILTERS
    filterset_class = BudgetLineFilter
    pagination_class = None  # a year's lines, never many: the list answers them all

    def line(self) -> BudgetLine:
        lines = budget_lines_for_user(user=self.caller, program=self.program)
        return get_object_or_404(lines, pk=id_or_404(self.kwargs["pk"]))

    @reads("Budget lines by year and category (coordinators)", BudgetLineSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = self.filter_params().get("year")
        lines = budget_lines_for_user(user=self.caller, program=self.program, year=year)
        return Response(BudgetLineSerializer(lines, many=True).data)

    @writes(
        "Set the budget of a category in a year (coordinators)",
        BudgetLineSerializer,
        request=BudgetLineSerializer,
        code=201,
        description="Replaces the amount if the year and category already have a line.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_coordinator(self.caller, self.program)
        data = self.validated(BudgetLineSerializer)
        line = services.budget_line_save(program=self.program, actor=self.caller, **data)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)

    @reads("Delete a budget line (coordinators)", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.budget_line_delete(line=self.line(), actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CostReportViewSet(CostViewSet):
    serializer_class = CostReportSerializer
    queryset = BudgetLine.objects.none()
    pagination_class = None
    list_is_one_object = True  # GET report/ answers one report, not a list
    filter_backends = FILTERS
    filterset_class = ReportFilter

    @writes(
        "Hours and cost per mentor, per mentee served and per region, against the "
        "budget (coordinators)",
        CostReportSerializer,
        description="Aggregated in the database for one calendar year, optionally one "
        "cohort's mentors and partnerships. Cost counts approved expenses; pending ones are "
        "given apart.",
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_coordinator(self.caller, self.program)
        params = self.filter_params()
        cohort = None
        if "cohort" in params:
            cohort = one_of(
                self.program.cohorts, "cohort", "Not a cohort of the program.", pk=params["cohort"]
            )
        report = cost_report_for_user(
            user=self.caller, program=self.program, year=params["year"], cohort=cohort
        )
        return Response(CostReportSerializer(report_data(report)).data)
