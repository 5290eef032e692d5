"""The in-person vs virtual comparison over the API: ``reports/modality/``, for coordinators
and researchers (aggregates only), as on the page (``acompana.hub.modality``)."""

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.permissions import require_role
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import reads
from acompana.hub.modality import modality_comparison
from acompana.hub.modality_views import MODALITY_ROLES


class _VisitFiguresSerializer(serializers.Serializer):
    planned = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)
    cancelled = serializers.IntegerField(read_only=True)
    rescheduled = serializers.IntegerField(read_only=True)
    completion = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Visits done, % of those scheduled."
    )
    average_minutes = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Mean duration of the visits done."
    )


class _AttendanceFiguresSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(read_only=True)
    present = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True, allow_null=True)


class _ConnectionFiguresSerializer(serializers.Serializer):
    mentors = serializers.IntegerField(
        read_only=True, help_text="Mentors an imported participants report recorded."
    )
    minutes = serializers.IntegerField(read_only=True, help_text="Their minutes connected.")
    scheduled = serializers.IntegerField(
        read_only=True, help_text="The minutes scheduled for them (the sessions' durations)."
    )
    percent = serializers.IntegerField(read_only=True, allow_null=True)


class _ByExperienceConnection(serializers.Serializer):
    novice = _ConnectionFiguresSerializer(read_only=True)
    experienced = _ConnectionFiguresSerializer(read_only=True)
    all = _ConnectionFiguresSerializer(read_only=True)


class _ByExperienceVisits(serializers.Serializer):
    novice = _VisitFiguresSerializer(read_only=True)
    experienced = _VisitFiguresSerializer(read_only=True)
    all = _VisitFiguresSerializer(read_only=True)


class _ByExperienceAttendance(serializers.Serializer):
    novice = _AttendanceFiguresSerializer(read_only=True)
    experienced = _AttendanceFiguresSerializer(read_only=True)
    all = _AttendanceFiguresSerializer(read_only=True)


class CohortModalitySerializer(serializers.Serializer):
    cohort = serializers.IntegerField(source="cohort.pk", read_only=True)
    name = serializers.CharField(source="cohort.__str__", read_only=True)
    year = serializers.IntegerField(source="cohort.year", read_only=True)
    modality = serializers.CharField(source="cohort.modality", read_only=True)
    mentors = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Mentors with visits: novice, experienced, all (as of the cohort).",
    )
    visits = _ByExperienceVisits(read_only=True)
    attendance = _ByExperienceAttendance(read_only=True)
    connection = _ByExperienceConnection(
        read_only=True,
        help_text="Virtual training sessions' connection, from imported participants reports.",
    )
    feedback = serializers.DecimalField(
        max_digits=3, decimal_places=1, read_only=True, allow_null=True
    )
    feedback_count = serializers.IntegerField(read_only=True)
    reasons = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    visits_by_mode = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Visits done in the cohort's rounds, by mode (every mode, zero included).",
    )
    circle_meetings_by_mode = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Meetings held by the cohort's circles, by mode (every mode, zero included).",
    )
    circle_hours = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)
    group_sessions = serializers.IntegerField(read_only=True)
    group_hours = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)
    group_average_minutes = serializers.IntegerField(read_only=True, allow_null=True)
    survey_invited = serializers.IntegerField(read_only=True)
    survey_answered = serializers.IntegerField(read_only=True)
    survey_percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Survey invitations answered, %."
    )
    survey_responses = serializers.IntegerField(read_only=True)
    mentees_served = serializers.IntegerField(read_only=True)
    cost_per_mentee = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(read_only=True)


class ModalityReportViewSet(ProgramScopedViewSet):
    # The comparison of cohorts by modality; one read-only list.

    pagination_class = None

    @reads(
        "In person vs virtual: each cohort's figures (coordinators, researchers)",
        CohortModalitySerializer(many=True),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(self.caller, self.program, MODALITY_ROLES)
        figures = modality_comparison(program=self.program)
        return Response(CohortModalitySerializer(figures, many=True).data)
