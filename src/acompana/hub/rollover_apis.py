"""The rollover of a cohort over the API (coordinators): a preview that writes nothing, and the
rollover itself; both answer the list of what is (or would be) created. Other members get 403,
people outside the program 404; a second rollover into the same cohort is a 400."""

from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import writes
from acompana.common.ids import id_or_404
from acompana.hub.rollover import Rollover, cohort_rollover
from acompana.people.rollover import returning_mentees, returning_mentors
from acompana.programs.models import Cohort


class RolloverRequestSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=200, help_text="The new cohort's name; its year alone leaves the name empty."
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    mentors = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=5000,
        help_text="Codes of the returning mentors (each keeps their capacity).",
    )
    mentees = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=5000,
        help_text="Codes of the returning mentees.",
    )
    continue_partnerships = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Continue the last partnership of each returning pair: an open one stays as it is, "
            "an ended one starts again in the new cohort on its first day."
        ),
    )


class RolloverItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What was created (translated), e.g. Round.")
    detail = serializers.CharField()


class RolloverSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(help_text="True for a preview: nothing was written.")
    rolled_from = serializers.IntegerField(help_text="The cohort rolled over.")
    cohort = serializers.IntegerField(
        allow_null=True, help_text="The new cohort (null in a preview)."
    )
    created = RolloverItemSerializer(many=True)


def _body(result: Rollover) -> dict[str, Any]:
    return RolloverSerializer(
        {
            "dry_run": result.dry_run,
            "rolled_from": result.source.pk,
            "cohort": result.target.pk if result.target else None,
            "created": [{"kind": kind, "detail": text} for kind, text in result.created],
        }
    ).data


def _ids(people: list[Any], codes: list[str], field: str) -> set[int]:
    by_code = {p.code: p.pk for p in people}
    unknown = sorted(set(codes) - set(by_code))
    if unknown:
        raise serializers.ValidationError({field: [f"Not in the cohort: {', '.join(unknown)}."]})
    return {by_code[code] for code in codes}


class CohortRolloverViewSet(ProgramScopedViewSet):
    """A cohort rolled into a new year (see ``acompana.hub.rollover``)."""

    serializer_class = RolloverSerializer

    def _roll(self, *, dry_run: bool) -> Rollover:
        self.require_coordinator()
        source: Cohort = get_object_or_404(
            self.program.cohorts, pk=id_or_404(self.kwargs["cohort_pk"])
        )
        data = self.validated(RolloverRequestSerializer)
        return cohort_rollover(
            source=source,
            name=data["name"],
            year=data["year"],
            mentor_ids=_ids(returning_mentors(cohort=source), data["mentors"], "mentors"),
            mentee_ids=_ids(returning_mentees(cohort=source), data["mentees"], "mentees"),
            continue_partnerships=data["continue_partnerships"],
            dry_run=dry_run,
            actor=self.caller,
        )

    @writes(
        "Roll a cohort into a new year (coordinators): the new cohort and what it copied",
        RolloverSerializer,
        request=RolloverRequestSerializer,
        code=201,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_body(self._roll(dry_run=False)), status=status.HTTP_201_CREATED)

    @writes(
        "Preview a cohort's rollover (coordinators): what it would create; nothing is written",
        RolloverSerializer,
        request=RolloverRequestSerializer,
    )
    @action(detail=False, methods=["post"])
    def preview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_body(self._roll(dry_run=True)))
