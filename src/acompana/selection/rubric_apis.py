"""A call's documentary rubric over the API: read it, or replace it whole with a version check.

The same rules as the rubric page (``selection.views.call_rubric_edit``), enforced by the same
service: only the program's coordinators read and edit a call's rubric (other members 403,
outsiders 404); documentary criteria must fit the profile field they read; once reviewers have
scored a criterion its code, kind and scale are fixed; once a decision is made the rubric no
longer changes (400). A PUT carries the ``version`` the client loaded: if someone changed the
rubric since, the answer is 409 with the rubric as it is now, and nothing is overwritten.
"""

from typing import Any

from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import (
    ID,
    WRITE_ERRORS,
    NamedChoiceField,
    conflict,
    reads,
    writes,
)
from acompana.common.ids import id_or_404
from acompana.selection import services
from acompana.selection.models import Call
from acompana.selection.rubric_json import rubric_version
from acompana.selection.selectors import (
    call_has_decisions,
    call_reviewed_codes,
    call_rubric,
    get_call_for_user,
)

KINDS = [
    ("bands", "Bands of a number read from the profile (years)"),
    ("choice", "Points by option (the highest degree)"),
    ("boolean", "Yes or no read from the profile"),
    ("panel", "Points given by reviewers, up to panel_max"),
]


class BandSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" cannot be a declared attribute: it would hide Field.label.
        return {
            "label": serializers.CharField(max_length=200),
            "minimum": serializers.FloatField(),
            "maximum": serializers.FloatField(
                allow_null=True, required=False, default=None, help_text="null: no upper end."
            ),
            "points": serializers.FloatField(),
        }


class RubricCriterionSerializer(serializers.Serializer):
    """One criterion as the call stores it; which keys apply depends on ``kind``."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(max_length=50),
            "label": serializers.CharField(max_length=200),
            "weight": serializers.FloatField(min_value=0),
            "kind": NamedChoiceField(component="RubricCriterionKind", choices=KINDS),
            "bands": BandSerializer(many=True, required=False, help_text="For kind bands."),
            "options": serializers.DictField(
                child=serializers.FloatField(),
                required=False,
                help_text="For kind choice: points by degree.",
            ),
            "yes_points": serializers.FloatField(required=False, help_text="For kind boolean."),
            "no_points": serializers.FloatField(required=False, help_text="For kind boolean."),
            "panel_max": serializers.FloatField(
                required=False, allow_null=True, help_text="For kind panel."
            ),
        }


class RubricSerializer(serializers.Serializer):
    """A call's rubric with what constrains its editing."""

    criteria = RubricCriterionSerializer(many=True, read_only=True)
    maximum = serializers.FloatField(read_only=True, help_text="The highest possible total.")
    version = serializers.CharField(
        read_only=True, help_text="Send it back with a change (optimistic version check)."
    )
    decided = serializers.BooleanField(
        read_only=True, help_text="Decisions were made: the rubric can no longer change."
    )
    scored = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Codes of criteria reviewers have scored: their scale is fixed.",
    )


class RubricWriteSerializer(serializers.Serializer):
    criteria = RubricCriterionSerializer(many=True, allow_empty=False)
    version = serializers.CharField(help_text="The version the rubric was loaded at.")


def rubric_body(call: Call) -> dict[str, Any]:
    criteria = list(call.rubric.get("criteria", []))
    return {
        "criteria": criteria,
        "maximum": call_rubric(call).maximum if criteria else 0,
        "version": rubric_version(call.rubric),
        "decided": call_has_decisions(call),
        "scored": sorted(call_reviewed_codes(call)),
    }


class CallRubricViewSet(ProgramScopedViewSet):
    # The rubric of a call, under the calls prefix (CallViewSet serves the call itself).

    queryset = Call.objects.none()

    def call(self) -> Call:
        # Coordinators only: other members 403, outsiders 404.
        return get_call_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )

    def conflict_representation(self, current: Any) -> Any:
        return RubricSerializer(rubric_body(self.call())).data

    @reads(
        "The call's rubric with its version (coordinators)", RubricSerializer, ID, methods=["GET"]
    )
    @writes(
        "Replace the call's rubric (coordinators)",
        RubricSerializer,
        ID,
        request=RubricWriteSerializer,
        errors={**WRITE_ERRORS, **conflict("Rubric", RubricSerializer)},
        description="The criteria given replace the rubric whole. Refused (400) if a "
        "documentary criterion does not fit its profile field, if a scored criterion would "
        "change scale or disappear, or once decisions are made. A stale `version` gets 409 "
        "with the rubric as it is now.",
        methods=["PUT"],
    )
    @action(detail=True, methods=["get", "put"])
    def rubric(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        call = self.call()
        if request.method == "PUT":
            data = self.validated(RubricWriteSerializer)
            call = services.call_rubric_replace(
                call=call,
                criteria=[dict(item) for item in data["criteria"]],
                actor=self.caller,
                base_version=data["version"],
            )
        return Response(RubricSerializer(rubric_body(call)).data)
