"""The one thing the visit's mentor should do next on the visit page.

The page is used on a phone in a school yard: it names the next step and links to the part of
the page where it is done (before, during or after the visit)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acompana.visits.models import Dialogue, FieldNote, Visit
from acompana.visits.services import DIALOGUE_FIELDS, NOTE_FIELDS


@dataclass(frozen=True)
class NextStep:
    text: str | Promise
    anchor: str  # the id of the element on the page where the step is done


def _written(record: FieldNote | Dialogue | None, fields: tuple[str, ...]) -> bool:
    return record is not None and any(getattr(record, f).strip() for f in fields)


def visit_next_step(
    *, visit: Visit, note: FieldNote | None, dialogue: Dialogue | None
) -> NextStep | None:
    """What the mentor does next, in the order of a visit; None once it is all recorded."""
    if visit.status in {Visit.Status.CANCELLED, Visit.Status.RESCHEDULED}:
        return None
    if visit.status == Visit.Status.PLANNED and visit.scheduled_at > timezone.now():
        return NextStep(
            _("Before the visit: review the open commitments and the protocol."), "before"
        )
    if not _written(note, NOTE_FIELDS):
        return NextStep(
            _("During the visit: write what happened in the field notebook."), "notebook"
        )
    if not _written(dialogue, DIALOGUE_FIELDS):
        return NextStep(_("After the visit: write the reflective dialogue."), "dialogue")
    if dialogue is not None and dialogue.summary.strip() and dialogue.shared_at is None:
        return NextStep(_("Share the summary with the mentee."), "dialogue")
    if visit.status == Visit.Status.PLANNED:
        return NextStep(_("Mark the visit as done."), "status")
    return None
