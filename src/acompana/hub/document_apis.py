"""The PDF documents over the API, with the same rules as their page downloads:

* ``documents/annual-report/?cohort=<id>``: the annual report of a cohort (coordinators);
* ``documents/agreement/?agreement=<id>``: an agreement as acknowledged (its pair and
  coordinators);
* ``documents/mentee-record/?mentee=<code>``: a mentee's record of visits, shared parts only
  (the mentee, their current mentor and coordinators).

Each answers ``application/pdf``; other members get 403, people outside the program 404.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.agreements.documents import agreement_pdf_bytes
from acompana.agreements.selectors import get_agreement_for_user
from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import READ_ERRORS, errors
from acompana.common.ids import MAX_ID
from acompana.common.pdf import pdf_response
from acompana.hub.annual import annual_report_pdf
from acompana.visits.record import get_mentee_record_for_user, mentee_record_pdf_bytes

# Who may ask for an agreement or a record at all (which one is theirs is checked after).
RECORD_READERS = (Role.COORDINATOR, Role.MENTOR, Role.MENTEE)
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The PDF document.")
PDF_ERRORS: dict[Any, OpenApiResponse] = {
    (200, "application/pdf"): PDF,
    **errors(400),
    **READ_ERRORS,
}


class CohortQuery(serializers.Serializer):
    cohort = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A cohort's id.")


class AgreementQuery(serializers.Serializer):
    agreement = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="An agreement's id."
    )


class MenteeQuery(serializers.Serializer):
    mentee = serializers.CharField(max_length=40, help_text="A mentee's code.")


class DocumentViewSet(ProgramScopedViewSet):
    serializer_class = CohortQuery

    @extend_schema(
        summary="The annual report of a cohort as PDF (coordinators)",
        parameters=[CohortQuery],
        responses=PDF_ERRORS,
    )
    @action(detail=False, methods=["get"], url_path="annual-report")
    def annual_report(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        require_role(self.caller, self.program, [Role.COORDINATOR])
        pk = self.validated_query(CohortQuery)["cohort"]
        cohort = one_of(self.program.cohorts, "cohort", "Not a cohort of the program.", pk=pk)
        return pdf_response(
            annual_report_pdf(cohort=cohort),
            name=f"informe-anual-{self.program.slug}-{cohort.year}",
        )

    @extend_schema(
        summary="An agreement as acknowledged, as PDF (its pair and coordinators)",
        parameters=[AgreementQuery],
        responses=PDF_ERRORS,
    )
    @action(detail=False, methods=["get"])
    def agreement(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        require_role(self.caller, self.program, RECORD_READERS)
        pk = self.validated_query(AgreementQuery)["agreement"]
        agreement, _access = get_agreement_for_user(user=self.caller, program=self.program, pk=pk)
        pair = agreement.partnership
        return pdf_response(
            agreement_pdf_bytes(agreement=agreement),
            name=f"acuerdo-{pair.mentor.code}-{pair.mentee.code}",
        )

    @extend_schema(
        summary="A mentee's record of visits as PDF, shared parts only (the mentee, their "
        "mentor and coordinators)",
        parameters=[MenteeQuery],
        responses=PDF_ERRORS,
    )
    @action(detail=False, methods=["get"], url_path="mentee-record")
    def mentee_record(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        require_role(self.caller, self.program, RECORD_READERS)
        code = self.validated_query(MenteeQuery)["mentee"]
        mentee = get_mentee_record_for_user(user=self.caller, program=self.program, code=code)
        return pdf_response(mentee_record_pdf_bytes(mentee=mentee), name=f"visitas-{mentee.code}")
