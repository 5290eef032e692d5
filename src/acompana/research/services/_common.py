"""What the services of the research app share: permission checks for the few rules that
depend on the actor, the optimistic edit check, code names and colours."""

import datetime
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from acompana.programs.models import Program
from acompana.research.models import (
    Study,
    StudyMember,
    Variable,
)
from acompana.research.permissions import can_manage_study, is_coordinator, study_member_for

DEFAULT_COLOR = "#4A6FA5"
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
STUDY_FIELDS = (
    "title",
    "slug",
    "questions",
    "method",
    "ethics_reference",
    "consent_text",
    "fieldwork_documents_allowed",
)
ATTRIBUTE_NAME_MAX = Variable._meta.get_field("name").max_length or 120
CODE_FIELDS = ("name", "definition", "color", "origin", "is_codable")


# --- Helpers ----------------------------------------------------------------------------------


def _member(actor: Any, study: Study) -> StudyMember | None:
    return study_member_for(actor, study) if actor is not None else None


def _require_manager(actor: Any, study: Study) -> None:
    if actor is not None and not can_manage_study(actor, study):
        raise PermissionDenied(_("Only a lead researcher or a coordinator can do this."))


def _require_coordinator(actor: Any, program: Program) -> None:
    if actor is not None and not is_coordinator(actor, program):
        raise PermissionDenied(_("Only a coordinator of the program can do this."))


def _same_study(study: Study, *rows: Any) -> None:
    for row in rows:
        if row is not None and row.study_id != study.pk:
            raise ValidationError(_("%(row)s is not part of this study.") % {"row": row})


def _require_unchanged(row: Any, seen_at: datetime.datetime | None) -> None:
    """Optimistic check for records two researchers may edit at once: ``seen_at`` is the
    ``updated_at`` the editor loaded; if the row was saved since, refuse rather than silently
    overwrite the other person's change. None skips the check (scripts, old clients)."""
    if seen_at is None:
        return
    current = (
        type(row)
        .objects.select_for_update()
        .filter(pk=row.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    # Compared in UTC: an aware datetime in a repeated hour of a daylight-saving change never
    # equals one in another zone (PEP 495), so a fresh read would look stale for that hour.
    if current is None or current.astimezone(datetime.UTC) != seen_at.astimezone(datetime.UTC):
        raise ValidationError(
            _(
                "Someone else changed this after you opened it; reload the page to see their "
                "change and make yours again."
            ),
            code="stale",
        )


def _next_code_name(study: Study, prefix: str) -> str:
    taken = set(StudyMember.objects.filter(study=study).values_list("code_name", flat=True))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _color(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return DEFAULT_COLOR
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if not COLOR.match(value):
        raise ValidationError({"color": _("A colour is written #RRGGBB, e.g. #4A6FA5.")})
    return value.upper()
