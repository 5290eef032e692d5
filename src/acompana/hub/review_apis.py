"""A cohort's design review over the API: its points (list, create, update with the version
read, delete with it), the year-over-year diff of the design and the Markdown export.
Coordinators write; specialists, trainers and researchers read; mentors and mentees get 403,
people outside the program 404. Evidence naming anything outside the cohort's program is a
400, an edit or deletion on an older version a 409 with what is saved now."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import ID, conflict, errors, reads, writes
from acompana.common.ids import id_or_404
from acompana.hub.review.evidence import MAX_PER_POINT, Figure
from acompana.hub.review.export import review_markdown
from acompana.hub.review.selectors import (
    PointView,
    YearDiff,
    cohort_review,
    review_access,
    review_points,
    year_diffs,
)
from acompana.hub.review.services import (
    MAX_TEXT,
    review_point_create,
    review_point_delete,
    review_point_update,
)
from acompana.programs.models import Cohort, ReviewEvidence, ReviewPoint

COHORT_PK = OpenApiParameter(
    "cohort_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The cohort's id."
)


class EvidenceRefSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewEvidence.Kind.choices)
    object_id = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=(
            "The id of a questionnaire (survey_results), a round (round_coverage, "
            "cancellation_reasons), a training plan (training_feedback) or a cohort "
            "(group_session_hours) of the cohort's program."
        ),
    )


class ReviewEvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    figure = serializers.CharField(source="text", help_text="One line read from its source.")
    url = serializers.CharField(help_text="The page it comes from (empty when it is gone).")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" cannot be a declared attribute: it would hide Field.label.
        fields = super().get_fields()
        fields["label"] = serializers.CharField(
            source="kind_label", help_text="What the evidence is."
        )
        return fields


class ReviewPointSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="point.id")
    cohort = serializers.IntegerField(source="point.cohort_id")
    kind = serializers.CharField(source="point.kind", help_text="learned or change.")
    area = serializers.CharField(source="point.area")
    text = serializers.CharField(source="point.text")
    version = serializers.IntegerField(
        source="point.version", help_text="Send it back to edit or delete the point."
    )
    author = serializers.EmailField(source="point.author.email", allow_null=True, default=None)
    created_at = serializers.DateTimeField(source="point.created_at")
    updated_at = serializers.DateTimeField(source="point.updated_at")
    evidence = ReviewEvidenceSerializer(many=True)


class ReviewPointWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewPoint.Kind.choices)
    area = serializers.ChoiceField(choices=ReviewPoint.Area.choices)
    text = serializers.CharField(max_length=MAX_TEXT)
    evidence = serializers.ListField(
        child=EvidenceRefSerializer(), required=False, default=list, max_length=MAX_PER_POINT
    )


class ReviewPointUpdateSerializer(ReviewPointWriteSerializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version the edit starts from: refused (409) if someone saved since.",
    )


class VersionQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version read: refused (409) if someone saved since.",
    )


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="label")
    old = serializers.CharField()
    new = serializers.CharField()


class DiffLineSerializer(serializers.Serializer):
    change = serializers.CharField(help_text="added, removed or changed.")
    item = serializers.CharField()
    old_item = serializers.CharField(help_text="The item's old name, when it changed.")
    group = serializers.CharField(help_text="The plan a session belongs to, if any.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "fields" cannot be a declared attribute: it would hide Serializer.fields.
        fields = super().get_fields()
        fields["fields"] = FieldChangeSerializer(many=True)
        return fields


class DiffSectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="plan, session, round, instrument, criterion, readiness.")
    unchanged = serializers.IntegerField()
    changes = DiffLineSerializer(many=True, source="lines")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" cannot be a declared attribute: it would hide Field.label.
        fields = super().get_fields()
        fields["label"] = serializers.CharField()
        return fields


class YearDiffSerializer(serializers.Serializer):
    from_cohort = serializers.IntegerField(source="old.pk")
    to_cohort = serializers.IntegerField(source="new.pk")
    from_year = serializers.IntegerField(source="old.year")
    to_year = serializers.IntegerField(source="new.year")
    sections = DiffSectionSerializer(many=True)


def _refs(data: dict[str, Any]) -> list[tuple[str, int]]:
    return [(e["kind"], e["object_id"]) for e in data["evidence"]]


class _ReviewViewSet(ProgramScopedViewSet):
    pagination_class = None

    def cohort(self) -> tuple[Cohort, bool]:
        can_write = review_access(user=self.caller, program=self.program)
        cohort = get_object_or_404(
            Cohort.objects.select_related("program"),
            program=self.program,
            pk=id_or_404(self.kwargs["cohort_pk"]),
        )
        return cohort, can_write

    def writer_cohort(self) -> Cohort:
        cohort, can_write = self.cohort()
        if not can_write:
            raise PermissionDenied
        return cohort


@extend_schema(parameters=[COHORT_PK])
@extend_schema_view(
    list=reads(
        "A cohort's design-review points with their evidence", ReviewPointSerializer(many=True)
    ),
)
class ReviewPointViewSet(_ReviewViewSet):
    serializer_class = ReviewPointSerializer
    queryset = ReviewPoint.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _view(self, cohort: Cohort, pk: int) -> PointView:
        points, _found = review_points(cohort=cohort)
        for view in points:
            if view.point.pk == pk:
                return view
        raise Http404

    def _point(self, cohort: Cohort) -> ReviewPoint:
        return get_object_or_404(
            ReviewPoint.objects.select_related("cohort__program"),
            cohort=cohort,
            pk=id_or_404(self.kwargs["pk"]),
        )

    def conflict_representation(self, current: Any) -> Any:
        # Someone saved the point since the caller read it: what is saved now.
        cohort, _can_write = self.cohort()
        return ReviewPointSerializer(self._view(cohort, id_or_404(self.kwargs["pk"]))).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort, _can_write = self.cohort()
        points, _found = review_points(cohort=cohort)
        return Response(ReviewPointSerializer(points, many=True).data)

    @writes(
        "Add a point to a cohort's design review (coordinators)",
        ReviewPointSerializer,
        request=ReviewPointWriteSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort = self.writer_cohort()
        data = self.validated(ReviewPointWriteSerializer)
        point = review_point_create(
            cohort=cohort,
            kind=data["kind"],
            area=data["area"],
            text=data["text"],
            evidence=_refs(data),
            actor=self.caller,
        )
        body = ReviewPointSerializer(self._view(cohort, point.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @writes(
        "Edit a design-review point with the version read (coordinators)",
        ReviewPointSerializer,
        ID,
        request=ReviewPointUpdateSerializer,
        errors={**errors(400, 401, 403, 404), **conflict("ReviewPoint", ReviewPointSerializer)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort = self.writer_cohort()
        point = self._point(cohort)
        data = self.validated(ReviewPointUpdateSerializer)
        review_point_update(
            point=point,
            kind=data["kind"],
            area=data["area"],
            text=data["text"],
            evidence=_refs(data),
            expected_version=data["version"],
            actor=self.caller,
        )
        return Response(ReviewPointSerializer(self._view(cohort, point.pk)).data)

    @extend_schema(
        summary="Delete a design-review point with the version read (coordinators)",
        parameters=[ID, VersionQuerySerializer],
        responses={
            204: None,
            **errors(400, 401, 403, 404),
            **conflict("ReviewPointDelete", ReviewPointSerializer),
        },
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort = self.writer_cohort()
        point = self._point(cohort)
        version = self.validated_query(VersionQuerySerializer)["version"]
        review_point_delete(point=point, expected_version=version, actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[COHORT_PK])
class ReviewViewSet(_ReviewViewSet):
    serializer_class = YearDiffSerializer

    @reads(
        "The year-over-year diff of a cohort's design: from the cohort it was rolled over "
        "from, and to the cohort rolled over from it",
        YearDiffSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def diff(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort, _can_write = self.cohort()
        diffs: list[YearDiff] = year_diffs(cohort=cohort)
        return Response(YearDiffSerializer(diffs, many=True).data)

    @extend_schema(
        summary="A cohort's design review as a Markdown document",
        responses={(200, "text/markdown"): OpenApiTypes.STR, **errors(401, 403, 404)},
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        cohort, _can_write = self.cohort()
        text = review_markdown(
            review=cohort_review(cohort=cohort), absolute=request.build_absolute_uri
        )
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        name = f"design-review-{cohort.program.slug}-{cohort.year}-{cohort.pk}.md"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


__all__ = ["Figure", "ReviewPointViewSet", "ReviewViewSet"]
