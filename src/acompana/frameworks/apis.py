"""Standards frameworks over the API: the frameworks, their domains, competencies and
performances, and the editing of an item's wording.

Frameworks are shared defaults, as on the framework pages: every signed-in user reads them;
coordinators of any program and site administrators edit an item (others get 403). Each item
carries its verification mark: anything not V is wording "to verify". The old wording of an
edited item is kept in the audit log by the service.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ApiViewSet
from acompana.api.schema import errors, reads, writes
from acompana.common.ids import id_or_404
from acompana.frameworks.models import (
    CareerStage,
    Competency,
    Domain,
    Framework,
    FrameworkItem,
    Performance,
    StageIndicator,
)
from acompana.frameworks.permissions import can_edit_frameworks, require_framework_editor
from acompana.frameworks.services import EDITABLE_FIELDS, framework_item_update

ITEM_MODELS: dict[str, type[Domain] | type[Competency] | type[Performance] | type[CareerStage]] = {
    "domains": Domain,
    "competencies": Competency,
    "performances": Performance,
    "stages": CareerStage,
}
ITEM_FIELDS = ["id", "code", "name", "name_en", "statement", "verification", "position"]

# --- Representations ---------------------------------------------------------------------------


class FrameworkPerformanceSerializer(serializers.ModelSerializer[Performance]):
    class Meta:
        model = Performance
        fields = ITEM_FIELDS
        read_only_fields = fields


class FrameworkCompetencySerializer(serializers.ModelSerializer[Competency]):
    performances = FrameworkPerformanceSerializer(many=True, read_only=True)

    class Meta:
        model = Competency
        fields = [*ITEM_FIELDS, "performances"]
        read_only_fields = fields


class FrameworkDomainSerializer(serializers.ModelSerializer[Domain]):
    competencies = FrameworkCompetencySerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = [*ITEM_FIELDS, "competencies"]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    class Meta:
        model = Framework
        fields = ["slug", "name", "name_en", "audience", "source", "note"]
        read_only_fields = fields


class FrameworkDetailSerializer(FrameworkSerializer):
    """A framework with its domains, their competencies and those competencies' performances."""

    domains = FrameworkDomainSerializer(many=True, read_only=True)
    can_edit = serializers.SerializerMethodField(help_text="The caller may edit its items.")

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "domains", "can_edit"]
        read_only_fields = fields

    def get_can_edit(self, framework: Framework) -> bool:
        return bool(self.context["can_edit"])


class FrameworkItemSerializer(serializers.Serializer):
    """A domain, competency or performance as saved."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    statement = serializers.CharField(read_only=True)
    verification = serializers.CharField(
        read_only=True, help_text="V verified, P secondary copy, U unconfirmed (to verify)."
    )
    position = serializers.IntegerField(read_only=True)


class ItemUpdateSerializer(serializers.ModelSerializer[Competency]):
    """The editable wording of an item; fields left out keep their value."""

    class Meta:
        model = Competency
        fields = list(EDITABLE_FIELDS)
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS}


class StageIndicatorSerializer(serializers.ModelSerializer[StageIndicator]):
    strand = serializers.IntegerField(source="competency_id", read_only=True)

    class Meta:
        model = StageIndicator
        fields = ["strand", "text", "text_en", "verification"]
        read_only_fields = fields


class CareerStageSerializer(serializers.ModelSerializer[CareerStage]):
    """A career stage (its ``statement`` is the stage's description) and what each strand
    looks like at it (indicators; none where the official wording is not shipped)."""

    indicators = StageIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = CareerStage
        fields = [*ITEM_FIELDS, "indicators"]
        read_only_fields = fields


# --- Endpoints ---------------------------------------------------------------------------------

SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="A framework.")
KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=list(ITEM_MODELS),
    description="Which level of the framework the item is.",
)
ITEM_ID = OpenApiParameter("item_id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=reads(
        "Standards frameworks (every signed-in user)", FrameworkSerializer, errors=errors(401)
    ),
    retrieve=reads(
        "One framework with its domains, competencies and performances",
        FrameworkDetailSerializer,
        SLUG,
        errors=errors(401, 404),
    ),
)
class FrameworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = FrameworkSerializer
    queryset = Framework.objects.none()
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self) -> QuerySet[Framework]:
        return Framework.objects.order_by("name", "pk")

    def framework(self) -> Framework:
        framework = Framework.objects.filter(slug=self.kwargs["slug"]).first()
        if framework is None:
            raise Http404
        return framework

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        competencies = Competency.objects.prefetch_related(
            Prefetch("performances", queryset=Performance.objects.order_by("position", "code"))
        ).order_by("position", "code")
        framework = (
            Framework.objects.filter(slug=self.kwargs["slug"])
            .prefetch_related(
                Prefetch("domains", queryset=Domain.objects.order_by("position", "code")),
                Prefetch("domains__competencies", queryset=competencies),
            )
            .first()
        )
        if framework is None:
            raise Http404
        context = {"can_edit": can_edit_frameworks(self.caller)}
        return Response(FrameworkDetailSerializer(framework, context=context).data)

    @reads(
        "The framework's career stages in order, with their indicators per strand",
        CareerStageSerializer(many=True),
        SLUG,
        errors=errors(401, 404),
    )
    @action(detail=True, methods=["get"], url_path="stages", url_name="stages")
    def stages(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        framework = self.framework()
        stages = CareerStage.objects.filter(framework=framework).prefetch_related(
            Prefetch("indicators", queryset=StageIndicator.objects.order_by("competency_id"))
        )
        return Response(CareerStageSerializer(stages, many=True).data)

    def item(self) -> FrameworkItem:
        model = ITEM_MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404
        framework = self.framework()
        path = {
            Domain: "framework",
            Competency: "domain__framework",
            Performance: "competency__domain__framework",
            CareerStage: "framework",
        }[model]
        item = model.objects.filter(pk=id_or_404(self.kwargs["item_id"]), **{path: framework})
        found = item.first()
        if found is None:
            raise Http404
        return found

    @reads(
        "One domain, competency or performance",
        FrameworkItemSerializer,
        SLUG,
        KIND,
        ITEM_ID,
        methods=["GET"],
        operation_id="v1_frameworks_item_retrieve",
    )
    @writes(
        "Edit an item's wording (coordinators of any program, site administrators)",
        FrameworkItemSerializer,
        SLUG,
        KIND,
        ITEM_ID,
        request=ItemUpdateSerializer,
        description="The old wording is kept in the audit log.",
        methods=["PATCH"],
        operation_id="v1_frameworks_item_partial_update",
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"(?P<kind>[a-z]+)/(?P<item_id>[^/.]+)",
        url_name="item",
    )
    def items(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            return Response(FrameworkItemSerializer(self.item()).data)
        require_framework_editor(self.caller)
        item = self.item()
        data = self.validated(ItemUpdateSerializer)
        item = framework_item_update(item=item, actor=self.caller, **data)
        return Response(FrameworkItemSerializer(item).data)
