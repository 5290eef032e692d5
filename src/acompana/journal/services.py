"""Writing a mentee's reflective journal: entries, their edits and deletion by the author, and
sharing one entry at a time with the author's mentor or one of their circles (and withdrawing
it).

Edits are optimistic: the caller says which version they edited, and a save over a newer
version is refused with ``EntryConflict``. The audit log records what was done to which entry,
never its words.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.circles.models import Circle, Meeting
from acompana.common import audit
from acompana.frameworks.models import Competency
from acompana.journal.models import TEXT_MAX, TITLE_MAX, JournalEntry
from acompana.journal.selectors import circles_of, mentors_of
from acompana.people.models import MenteeProfile
from acompana.visits.models import Visit


class EntryConflict(ValidationError):
    """The entry was saved since the caller opened it; ``current`` is how it is now."""

    def __init__(self, message: str, *, current: JournalEntry) -> None:
        super().__init__(message, code="conflict")
        self.current = current


def _check(
    *,
    mentee: MenteeProfile,
    written_on: datetime.date,
    title: str,
    text: str,
    visit: Visit | None,
    circle_meeting: Meeting | None = None,
) -> None:
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": _("The date cannot be in the future.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the entry a title.")})
    if len(title) > TITLE_MAX or len(text) > TEXT_MAX:
        raise ValidationError(_("The entry is too long."))
    if visit is not None and visit.mentee_id != mentee.pk:
        raise ValidationError({"visit": _("Choose one of your visits.")})
    if (
        circle_meeting is not None
        and not circles_of(mentee).filter(pk=circle_meeting.circle_id).exists()
    ):
        raise ValidationError({"circle_meeting": _("Choose a meeting of one of your circles.")})


@transaction.atomic
def entry_create(
    *,
    mentee: MenteeProfile,
    written_on: datetime.date,
    title: str,
    text: str,
    strand: Competency | None = None,
    visit: Visit | None = None,
    circle_meeting: Meeting | None = None,
    actor: Any,
) -> JournalEntry:
    """Write a new entry in the mentee's journal; it is private until shared."""
    _check(
        mentee=mentee,
        written_on=written_on,
        title=title,
        text=text,
        visit=visit,
        circle_meeting=circle_meeting,
    )
    entry = JournalEntry.objects.create(
        program=mentee.program,
        mentee=mentee,
        written_on=written_on,
        title=title.strip(),
        text=text,
        strand=strand,
        visit=visit,
        circle_meeting=circle_meeting,
    )
    audit.log("journal.entry.created", actor=actor, target=entry)
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: JournalEntry,
    written_on: datetime.date,
    title: str,
    text: str,
    strand: Competency | None = None,
    visit: Visit | None = None,
    circle_meeting: Meeting | None = None,
    expected_version: int,
    actor: Any,
) -> JournalEntry:
    """Edit an entry. Refused (``EntryConflict``, nothing written) when it was saved since
    ``expected_version``: in another tab or on another device."""
    _check(
        mentee=entry.mentee,
        written_on=written_on,
        title=title,
        text=text,
        visit=visit,
        circle_meeting=circle_meeting,
    )
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != expected_version:
        raise EntryConflict(
            _(
                "You saved this entry elsewhere since you opened it. Copy your text, reload the "
                "entry and edit again."
            ),
            current=locked,
        )
    entry.written_on, entry.title, entry.text = written_on, title.strip(), text
    entry.strand, entry.visit, entry.circle_meeting = strand, visit, circle_meeting
    entry.version = locked.version + 1
    entry.save(
        update_fields=[
            "written_on",
            "title",
            "text",
            "strand",
            "visit",
            "circle_meeting",
            "version",
            "updated_at",
        ]
    )
    audit.log("journal.entry.updated", actor=actor, target=entry, data={"version": entry.version})
    return entry


@transaction.atomic
def entry_delete(*, entry: JournalEntry, actor: Any) -> None:
    """Delete an entry (its author only: the callers fetch it through the author's getter)."""
    audit.log("journal.entry.deleted", actor=actor, target=entry)
    entry.delete()


@transaction.atomic
def entry_share_with_mentor(*, entry: JournalEntry, shared: bool, actor: Any) -> JournalEntry:
    """Share the entry with the author's mentor (the mentors of their current partnerships),
    or withdraw it (``shared=False``). Sharing needs a current mentor."""
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if shared and not mentors_of(entry.mentee).exists():
        raise ValidationError(_("You have no mentor to share with at the moment."))
    if locked.shared_with_mentor == shared:
        entry.shared_with_mentor = shared
        return entry
    entry.shared_with_mentor = shared
    entry.shared_with_mentor_at = timezone.now() if shared else None
    entry.version = locked.version + 1
    entry.save(
        update_fields=["shared_with_mentor", "shared_with_mentor_at", "version", "updated_at"]
    )
    audit.log(
        "journal.entry.shared" if shared else "journal.entry.unshared",
        actor=actor,
        target=entry,
        data={"with": "mentor"},
    )
    return entry


@transaction.atomic
def entry_share_with_circle(
    *, entry: JournalEntry, circle: Circle | None, actor: Any
) -> JournalEntry:
    """Share the entry with one of the author's circles (replacing the circle it was shared
    with), or withdraw it from its circle (``circle=None``)."""
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if circle is not None and not circles_of(entry.mentee).filter(pk=circle.pk).exists():
        raise ValidationError({"circle": _("Choose one of your circles.")})
    new = circle.pk if circle is not None else None
    if locked.shared_circle_id == new:
        entry.shared_circle = circle
        return entry
    entry.shared_circle = circle
    entry.shared_circle_at = timezone.now() if circle is not None else None
    entry.version = locked.version + 1
    entry.save(update_fields=["shared_circle", "shared_circle_at", "version", "updated_at"])
    audit.log(
        "journal.entry.shared" if circle is not None else "journal.entry.unshared",
        actor=actor,
        target=entry,
        data={"with": "circle", "circle": new or locked.shared_circle_id},
    )
    return entry
