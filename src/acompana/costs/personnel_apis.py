"""REST API of personnel rates (coordinators): list, create, change (with the ``version`` read:
409 when it changed since) and delete. The cost report (``costs/report/``) gives the personnel
cost they come to."""

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, WRITE_ERRORS, conflict, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.costs import personnel
from acompana.costs.models import MAX_RATE_AMOUNT, PersonnelRate, RateBasis
from acompana.people.models import MentorProfile


class PersonnelRateSerializer(serializers.ModelSerializer[PersonnelRate]):
    mentor = serializers.CharField(
        source="mentor.code",
        allow_null=True,
        read_only=True,
        help_text="The mentor's code; null: the rate of the mentor role.",
    )
    basis = serializers.ChoiceField(choices=RateBasis.choices)

    class Meta:
        model = PersonnelRate
        fields = ["id", "role", "mentor", "basis", "amount", "valid_from", "valid_to", "note"]
        fields += ["version"]
        read_only_fields = fields


class PersonnelRateInputSerializer(serializers.Serializer):
    mentor = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        default=None,
        help_text="A mentor's code; left out or null: the rate of the mentor role.",
    )
    basis = serializers.ChoiceField(choices=RateBasis.choices)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), max_value=MAX_RATE_AMOUNT
    )
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="When changing a rate: the version read (409 if it changed since).",
    )


RATE_CONFLICT = conflict("PersonnelRate", PersonnelRateSerializer)


class PersonnelRateViewSet(ProgramScopedViewSet):
    serializer_class = PersonnelRateSerializer
    queryset = PersonnelRate.objects.none()

    def conflict_representation(self, current: Any) -> Any:
        return PersonnelRateSerializer(current).data

    def rate(self) -> PersonnelRate:
        rates = personnel.personnel_rate_list_for_user(user=self.caller, program=self.program)
        return get_object_or_404(rates, pk=id_or_404(self.kwargs["pk"]))

    def inputs(self) -> dict[str, Any]:
        data = self.validated(PersonnelRateInputSerializer)
        code = data.pop("mentor")
        data["mentor"] = (
            one_of(
                MentorProfile.objects.filter(program=self.program),
                "mentor",
                "Not a mentor of the program.",
                code=code,
            )
            if code
            else None
        )
        return data

    @reads("Personnel rates (coordinators)", PersonnelRateSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rates = personnel.personnel_rate_list_for_user(user=self.caller, program=self.program)
        page = self.paginate_queryset(rates.order_by("mentor__code", "valid_from", "pk"))
        return self.get_paginated_response(PersonnelRateSerializer(page, many=True).data)

    @reads("One personnel rate (coordinators)", PersonnelRateSerializer, ID)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(PersonnelRateSerializer(self.rate()).data)

    @writes(
        "Add a rate for the mentor role or one mentor (coordinators)",
        PersonnelRateSerializer,
        request=PersonnelRateInputSerializer,
        code=201,
        description="Per hour logged, per visit done or a monthly stipend, valid from one date "
        "to another (both included; no end while open). Refused (400) when the same target "
        "has another rate on any of its days.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        personnel.personnel_rate_list_for_user(user=self.caller, program=self.program)
        data = self.inputs()
        data.pop("version")
        rate = personnel.personnel_rate_save(program=self.program, actor=self.caller, **data)
        return Response(PersonnelRateSerializer(rate).data, status=status.HTTP_201_CREATED)

    @writes(
        "Change a rate (coordinators)",
        PersonnelRateSerializer,
        ID,
        request=PersonnelRateInputSerializer,
        errors={**WRITE_ERRORS, **RATE_CONFLICT},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rate = self.rate()
        data = self.inputs()
        version = data.pop("version")
        rate = personnel.personnel_rate_save(
            program=self.program, actor=self.caller, rate=rate, expected_version=version, **data
        )
        return Response(PersonnelRateSerializer(rate).data)

    @reads("Delete a rate (coordinators)", None, ID, code=204)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        personnel.personnel_rate_delete(rate=self.rate(), actor=self.caller)
        return Response(status=status.HTTP_204_NO_CONTENT)
