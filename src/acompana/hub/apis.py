"""Program reports over the API, read from the selectors the report pages use.

* Table 3 of the Peru study (mentors' experience: degree, years teaching and in management,
  accompaniment, technical assistance, programs served), 50 mentors a page: coordinators see
  names, researchers code names only (``people.selectors.mentor_experience_for_user``); the
  programs served as of the latest cohort, of ``?cohort=<id>`` or as declared at entry
  (``?cohort=declared``), as on the page;
* visit coverage by round (visits planned, done, cancelled, rescheduled, the share done and
  the reasons given for cancelling or rescheduling): coordinators, as on the coverage page
  (``visits.selectors.coverage_by_round``).

Other members get 403, people outside the program 404.
"""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.api.base import ProgramScopedViewSet
from acompana.api.pagination import Pagination
from acompana.api.schema import reads
from acompana.people.selectors import mentor_experience_for_user, mentor_experience_mentors
from acompana.programs.models import Cohort
from acompana.visits.selectors import coverage_by_round

CELL = {"oneOf": [{"type": "string"}, {"type": "integer"}]}


@extend_schema_field({"type": "array", "items": {"type": "array", "items": CELL}})
class TableRowsField(serializers.ListField):
    """Rows of cells, in the order of the columns."""


class MentorExperienceSerializer(serializers.Serializer):
    """Table 3: one row per active mentor, in the study's columns, a page at a time (``page``,
    ``page_size``; ``next`` is the following page's address)."""

    count = serializers.IntegerField(read_only=True, help_text="Active mentors in all.")
    next = serializers.URLField(read_only=True, allow_null=True)
    previous = serializers.URLField(read_only=True, allow_null=True)
    columns = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Column titles, translated."
    )
    rows = TableRowsField(read_only=True)


class MentorExperienceQuerySerializer(serializers.Serializer):
    cohort = serializers.RegexField(
        r"^(declared|[0-9]{1,9})$",
        required=False,
        help_text=(
            "Programs served as of this cohort (its id: declared at entry plus the cohorts "
            "completed before its year), or `declared` for the numbers declared at entry (the "
            "study's values). By default, as of the program's latest cohort."
        ),
    )


class CoverageRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="round.id", read_only=True)
    name = serializers.CharField(source="round.name", read_only=True)
    cohort = serializers.IntegerField(source="round.cohort_id", read_only=True)
    starts_on = serializers.DateField(source="round.starts_on", read_only=True)
    ends_on = serializers.DateField(source="round.ends_on", read_only=True)
    planned = serializers.IntegerField(read_only=True, help_text="Every visit scheduled.")
    done = serializers.IntegerField(read_only=True)
    cancelled = serializers.IntegerField(read_only=True)
    rescheduled = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True, help_text="Visits done, % of planned.")
    reasons = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Visits cancelled or rescheduled by reason (connectivity, strike...).",
    )


class ReportViewSet(ProgramScopedViewSet):
    # Program reports; each is one read-only resource under reports/.

    pagination_class = None

    @reads(
        "Table 3: mentors' experience (coordinators with names, researchers by code)",
        MentorExperienceSerializer,
        MentorExperienceQuerySerializer,
    )
    @action(detail=False, methods=["get"], url_path="mentor-experience")
    def mentor_experience(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(self.caller, self.program, [Role.COORDINATOR, Role.RESEARCHER])
        as_of = self.validated_query(MentorExperienceQuerySerializer).get("cohort", "")
        declared = as_of == "declared"
        cohort: Cohort | None = None
        if as_of and not declared:
            cohort = self.program.cohorts.filter(pk=int(as_of)).first()
            if cohort is None:
                raise serializers.ValidationError({"cohort": ["No such cohort in the program."]})
        paginator = Pagination()
        page = paginator.paginate_queryset(
            mentor_experience_mentors(program=self.program), request, view=self
        )
        header, rows = mentor_experience_for_user(
            user=self.caller, program=self.program, mentors=page, cohort=cohort, declared=declared
        )
        # Cells as the API has always written them: years as text ("2.5"), like the other cells.
        rows = [[str(c) if isinstance(c, Decimal) else c for c in row] for row in rows]
        links = paginator.get_paginated_response([]).data  # count, next, previous
        body = {
            "count": links["count"],
            "next": links["next"],
            "previous": links["previous"],
            "columns": [str(title) for title in header],
            "rows": rows,
        }
        return Response(MentorExperienceSerializer(body).data)

    @reads("Visit coverage by round (coordinators)", CoverageRoundSerializer(many=True))
    @action(detail=False, methods=["get"])
    def coverage(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        require_role(self.caller, program, [Role.COORDINATOR])
        rows = coverage_by_round(program=program)
        return Response(CoverageRoundSerializer(rows, many=True).data)
