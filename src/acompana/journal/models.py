"""A mentee's reflective journal: entries only their author reads, each of which the author may
share, one by one, with their mentor (the mentors of their current partnerships) and with one of
their circles, and withdraw again.

Nothing of a journal leaves these pages: not in titles, exports, research or emails.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, link_or_null

TITLE_MAX = 200
TEXT_MAX = 20_000


class JournalEntry(TimeStamped):
    """One entry of a mentee's journal in one program. ``version`` grows with every edit, so
    that a save from a page opened before another save is refused instead of overwriting it."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="journal_entries"
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    written_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    strand = link_or_null("frameworks.Competency", _("strand"))
    visit = link_or_null("visits.Visit", _("visit"))
    circle_meeting = link_or_null("circles.Meeting", _("circle meeting"))
    shared_with_mentor = models.BooleanField(_("shared with my mentor"), default=False)
    shared_with_mentor_at = models.DateTimeField(null=True, blank=True)
    # One of the author's circles the entry is shared with (its current members and its
    # mentor read it while the author is still a member).
    shared_circle = link_or_null("circles.Circle", _("shared with circle"))
    shared_circle_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-written_on", "-pk"]
        indexes = [
            models.Index(fields=["mentee", "-written_on"], name="journal_mentee_newest"),
            models.Index(
                fields=["mentee", "shared_with_mentor", "-written_on"],
                name="journal_mentee_shared",
            ),
        ]

    def __str__(self) -> str:
        # Never the title: an entry's words stay on the journal's own pages.
        return f"{self.mentee_id} · {self.written_on}"
