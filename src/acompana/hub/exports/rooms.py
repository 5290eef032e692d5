"""The breakout rooms of one training session as Zoom's pre-assignment file
(``acompana export zoom-rooms --program SLUG --session ID``, or the download link with
``?session=ID``)."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from acompana.hub.exports.registry import ExportTable, export_kind
from acompana.programs.models import Program
from acompana.training.models import TrainingSession
from acompana.training.selectors import get_session_for_user
from acompana.training.virtual import ZOOM_HEADER, zoom_rooms_rows


class SessionForm(forms.Form):
    session = forms.IntegerField(min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program


@export_kind("zoom-rooms", title=gettext_lazy("Zoom breakout rooms"), form=SessionForm)
def zoom_rooms_export(
    *, program: Program, user: Any | None, filters: dict[str, Any]
) -> ExportTable:
    """Zoom's two columns, one row per participant; the session's managers only (the
    command line: any session of the program). Raises ValidationError beyond Zoom's limits."""
    pk = filters.get("session")
    if not pk:
        raise Http404
    if user is None:
        session = TrainingSession.objects.filter(plan__program=program, pk=pk).first()
        if session is None:
            raise Http404
    else:
        session, access = get_session_for_user(user=user, program=program, pk=pk, manage=True)
        if not access.manage:
            raise PermissionDenied
    return ExportTable(header=list(ZOOM_HEADER), rows=zoom_rooms_rows(session=session))
