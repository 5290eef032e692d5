"""The download of a list: ``/p/<slug>/exports/<kind>.<csv|xlsx>?<the page's filters>``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from acompana.common.exports import streamed_table_response
from acompana.hub.exports.registry import FORMATS, export_table
from acompana.programs.selectors import get_program_for_user


@login_required
@require_safe
def export_download(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponseBase:
    """The rows of list ``kind`` the user may see, with the page's filters, streamed."""
    if fmt not in FORMATS:
        raise Http404
    program = get_program_for_user(user=request.user, slug=slug)
    table = export_table(kind=kind, program=program, user=request.user, params=request.GET)
    return streamed_table_response(
        table.header, table.rows, filename=f"{program.slug}-{kind}", fmt=fmt
    )
