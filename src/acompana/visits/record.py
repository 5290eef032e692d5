"""A mentee's record of visits as a PDF: each visit's date, mode, duration, status and mentor,
the dialogue summary once the mentor shared it, and the commitments. Exactly what the mentee
sees of their visits: never the field notebook nor the rest of the dialogue (the query reads
only the shared columns). For the mentee, their current mentor and the program's coordinators
(404 for those who may not see the mentee, 403 for other members who may: specialists)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member
from acompana.common.pdf import pdf_response, render_pdf
from acompana.people.models import MenteeProfile
from acompana.people.selectors import get_mentee_for_user, partnerships_of_mentee
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.visits.models import Commitment, Dialogue, Visit

MAX_VISITS = 500


@dataclass(frozen=True)
class RecordVisit:
    visit: Visit
    summary: str
    shared_at: Any
    commitments: list[Commitment]


def get_mentee_record_for_user(*, user: Any, program: Program, code: str) -> MenteeProfile:
    """The mentee whose record ``user`` may download."""
    mentee = get_mentee_for_user(user=user, program=program, code=code)
    roles = require_member(user, program)
    allowed = (
        Role.COORDINATOR in roles
        or mentee.user_id == user.pk
        or (
            Role.MENTOR in roles
            and partnerships_of_mentee(mentee=mentee).filter(mentor__user=user).exists()
        )
    )
    if not allowed:
        raise PermissionDenied
    return mentee


def mentee_record(*, mentee: MenteeProfile) -> list[RecordVisit]:
    """The mentee's visits, oldest first (the latest ``MAX_VISITS``), with their shared part."""
    visits = list(
        Visit.objects.filter(program=mentee.program, mentee=mentee)
        .select_related("mentor__user")
        .only(
            "pk",
            "scheduled_at",
            "mode",
            "duration_minutes",
            "status",
            "mentor__code",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
        )
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.only(
                    "pk", "visit_id", "text", "owner", "due_on", "status"
                ).order_by("due_on", "pk"),
            )
        )
        .order_by("-scheduled_at")[:MAX_VISITS]
    )
    visits.reverse()
    shared = {
        visit_id: (summary, shared_at)
        for visit_id, summary, shared_at in Dialogue.objects.filter(
            visit__in=[v.pk for v in visits], shared_at__isnull=False
        ).values_list("visit_id", "summary", "shared_at")
    }
    return [
        RecordVisit(
            visit=v,
            summary=shared.get(v.pk, ("", None))[0],
            shared_at=shared.get(v.pk, ("", None))[1],
            commitments=list(v.commitments.all()),
        )
        for v in visits
    ]


def mentee_record_pdf_bytes(*, mentee: MenteeProfile) -> bytes:
    return render_pdf(
        "visits/mentee_record_pdf.html",
        {
            "program": mentee.program,
            "mentee": mentee,
            "rows": mentee_record(mentee=mentee),
            "limit": MAX_VISITS,
            "generated_at": timezone.localtime(),
        },
    )


@login_required
def mentee_record_download(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    mentee = get_mentee_record_for_user(user=request.user, program=program, code=code)
    return pdf_response(mentee_record_pdf_bytes(mentee=mentee), name=f"visitas-{mentee.code}")
