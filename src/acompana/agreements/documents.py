"""The agreement as a PDF document: the version in force (or the latest one), its terms, goals
and who acknowledged it for each of the three parties, and when. The same readers as the page:
the pair themselves and the program's coordinators (404 for others who may not see it)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from acompana.agreements.models import TEXT_FIELDS, Agreement, AgreementVersion, Party, field_label
from acompana.agreements.selectors import (
    agreement_versions,
    get_agreement_for_user,
    goals_with_progress,
    modes_display,
)
from acompana.common.pdf import pdf_response, render_pdf
from acompana.programs.selectors import get_program_for_user


def agreement_document_context(*, agreement: Agreement) -> dict[str, Any]:
    """What the document shows: the version in force when there is one (what the parties
    acknowledged), else the latest; each party with its acknowledgement of that version."""
    versions = agreement_versions(agreement=agreement)
    shown: AgreementVersion = next(
        (v for v in versions if v.number == agreement.in_force_number), versions[0]
    )
    acknowledged = {a.party: a for a in shown.acknowledgements.all()}
    return {
        "program": agreement.program,
        "agreement": agreement,
        "pair": agreement.partnership,
        "version": shown,
        "fields": [(field_label(AgreementVersion, f), getattr(shown, f)) for f in TEXT_FIELDS],
        "modes": modes_display(shown.modes),
        "parties": [(value, label, acknowledged.get(value)) for value, label in Party.choices],
        "goals": goals_with_progress(agreement=agreement),
        "generated_at": timezone.localtime(),
    }


def agreement_pdf_bytes(*, agreement: Agreement) -> bytes:
    return render_pdf(
        "agreements/agreement_pdf.html", agreement_document_context(agreement=agreement)
    )


@login_required
def agreement_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    agreement, _access = get_agreement_for_user(user=request.user, program=program, pk=pk)
    pair = agreement.partnership
    return pdf_response(
        agreement_pdf_bytes(agreement=agreement),
        name=f"acuerdo-{pair.mentor.code}-{pair.mentee.code}",
    )
