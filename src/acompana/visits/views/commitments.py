"""Every overdue commitment a person may see, page by page or as a CSV download."""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member
from acompana.common.exports import table_response
from acompana.common.pagination import CappedPaginator
from acompana.programs.selectors import get_program_for_user
from acompana.visits.forms import OverdueFilterForm
from acompana.visits.models import Commitment
from acompana.visits.selectors import commitment_list_overdue, commitments_shown

PAGE_SIZE = 50
# A download holds at most this many rows, the most overdue (a filter narrows it).
EXPORT_ROWS = 20_000
FILTERING_ROLES = {Role.COORDINATOR, Role.SPECIALIST}


@login_required
@require_safe
def commitments_overdue(request: HttpRequest, slug: str) -> HttpResponse:
    """Overdue commitments: a mentor's and a principal's own, a specialist's mentors', the
    whole program's for a coordinator (who, like a specialist, may narrow them to a mentor or
    a region)."""
    program = get_program_for_user(user=request.user, slug=slug)
    roles = require_member(request.user, program)
    form = None
    filters: dict[str, Any] = {}
    if roles & FILTERING_ROLES:
        form = OverdueFilterForm(request.GET, program=program)
        filters = form.filters()
    rows = commitment_list_overdue(user=request.user, program=program, **filters)
    if request.GET.get("format") == "csv":
        return _csv(rows, filename=f"{program.slug}-overdue-commitments")
    page = CappedPaginator(rows.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = commitments_shown(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    context = {
        "program": program,
        "page": page,
        "form": form,
        "filtered": any(filters.values()),
        "csv_url": "?" + query.urlencode() if page.object_list else "",
        "export_rows": EXPORT_ROWS,
    }
    return render(request, "visits/commitments_overdue.html", context)


def _in_batches(pks: list[int], size: int = 2000) -> Iterator[Commitment]:
    for start in range(0, len(pks), size):
        yield from commitments_shown(pks[start : start + size])


def _csv(rows: QuerySet[Commitment], *, filename: str) -> HttpResponse:
    header = [
        _("Due on"),
        _("Commitment"),
        _("Who"),
        _("Mentor's code"),
        _("Mentor"),
        _("Mentee's code"),
        _("Mentee"),
        _("School"),
        _("Visit"),
    ]
    body = (
        [
            c.due_on,
            c.text,
            c.get_owner_display(),
            c.mentor.code,
            c.mentor.user.get_full_name(),
            c.mentee.code,
            c.mentee.user.get_full_name(),
            c.mentee.school.name if c.mentee.school else "",
            timezone.localtime(c.visit.scheduled_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for c in _in_batches(list(rows.values_list("pk", flat=True)[:EXPORT_ROWS]))
    )
    return table_response(header, body, filename=filename, fmt="csv")
