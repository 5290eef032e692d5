"""Protected time over the API, with the rules of the pages.

* ``costs/protected-time``: coordinators list every approval; school heads list their schools'
  teachers' approvals and approve (POST; approving again for the same term start replaces the
  hours, and with the ``version`` read a change since is a 409) or withdraw (DELETE); a
  teacher lists their own. Other roles get 403, outsiders 404.
* ``costs/protected-time/load``: school heads read the mentoring load of their teachers in a
  term (``start`` and ``end``, the current quarter when left out).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, WRITE_ERRORS, conflict, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.costs import protected_time as protected
from acompana.costs.models import ProtectedTime


class ProtectedTimeSerializer(serializers.ModelSerializer[ProtectedTime]):
    teacher = serializers.CharField(source="mentee.code", read_only=True)
    school = serializers.CharField(source="school.code", read_only=True)
    term_hours = serializers.SerializerMethodField(help_text="Protected hours of the whole term.")
    approved_by = serializers.SerializerMethodField(help_text="Who approved, or null.")

    class Meta:
        model = ProtectedTime
        fields = [
            "id",
            "teacher",
            "school",
            "term_start",
            "term_end",
            "hours_per_week",
            "total_hours",
            "term_hours",
            "note",
            "approved_by",
            "approved_at",
            "version",
        ]
        read_only_fields = fields

    def get_term_hours(self, approval: ProtectedTime) -> Decimal:
        return protected.term_hours(approval)

    def get_approved_by(self, approval: ProtectedTime) -> str | None:
        return str(approval.approved_by) if approval.approved_by else None


class ApprovalSerializer(serializers.Serializer):
    teacher = serializers.CharField(max_length=40, help_text="A teacher's code.")
    term_start = serializers.DateField()
    term_end = serializers.DateField()
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        required=False,
        allow_null=True,
        default=None,
    )
    total_hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("2000"),
        required=False,
        allow_null=True,
        default=None,
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="When replacing an approval: the version read (409 if it changed since).",
    )


class TermSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = protected.current_term()
        data.setdefault("start", start)
        data.setdefault("end", end)
        if data["end"] < data["start"] or (data["end"] - data["start"]).days > 366:
            raise serializers.ValidationError("A term of at most a year, ending after it starts.")
        return data


class TeacherLoadSerializer(serializers.Serializer):
    teacher = serializers.CharField(source="teacher.code")
    name = serializers.CharField(source="teacher.user")
    school = serializers.CharField(source="teacher.school.code")
    visits = serializers.IntegerField(max_value=MAX_ID, help_text="Visits done in the term.")
    visit_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    meetings = serializers.IntegerField(
        max_value=MAX_ID, help_text="Circle meetings attended in the term."
    )
    meeting_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    protected = ProtectedTimeSerializer(allow_null=True)


PROTECTED_CONFLICT = conflict("ProtectedTime", ProtectedTimeSerializer)


class ProtectedTimeViewSet(ProgramScopedViewSet):
    serializer_class = ProtectedTimeSerializer
    queryset = ProtectedTime.objects.none()

    def conflict_representation(self, current: Any) -> Any:
        return ProtectedTimeSerializer(current).data

    @reads(
        "Protected time: every approval (coordinators), the caller's schools' (school heads) "
        "or the caller's own (teachers)",
        ProtectedTimeSerializer(many=True),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = protected.protected_time_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(rows.order_by("-term_start", "mentee__code"))
        return self.get_paginated_response(ProtectedTimeSerializer(page, many=True).data)

    @writes(
        "Approve protected time for a teacher of the caller's school in a term (school heads)",
        ProtectedTimeSerializer,
        request=ApprovalSerializer,
        code=201,
        errors={**WRITE_ERRORS, **PROTECTED_CONFLICT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = protected.require_school_head(user=self.caller, program=self.program)
        data = self.validated(ApprovalSerializer)
        teacher = one_of(
            protected.teachers_of(program=self.program, schools=access.schools),
            "teacher",
            "Not a teacher of your school.",
            code=data.pop("teacher"),
        )
        version = data.pop("version")
        approval = protected.protected_time_approve(
            teacher=teacher, expected_version=version, actor=self.caller, **data
        )
        return Response(ProtectedTimeSerializer(approval).data, status=status.HTTP_201_CREATED)

    @reads("Withdraw an approval (school heads)", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        protected.require_school_head(user=self.caller, program=self.program)
        approval = get_object_or_404(
            protected.protected_time_for_user(user=self.caller, program=self.program),
            pk=id_or_404(self.kwargs["pk"]),
        )
        protected.protected_time_withdraw(protected=approval, actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @reads(
        "The mentoring load of the caller's teachers in a term (school heads)",
        TeacherLoadSerializer(many=True),
        TermSerializer,
    )
    @action(detail=False, methods=["get"])
    def load(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = protected.require_school_head(user=self.caller, program=self.program)
        term = self.validated_query(TermSerializer)
        start: datetime.date = term["start"]
        end: datetime.date = term["end"]
        teachers = protected.teachers_of(program=self.program, schools=access.schools)
        page = self.paginate_queryset(teachers)
        rows = protected.teacher_load(
            program=self.program, teachers=list(page or []), start=start, end=end
        )
        return self.get_paginated_response(TeacherLoadSerializer(rows, many=True).data)
