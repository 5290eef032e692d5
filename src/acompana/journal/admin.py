from acompana.common.admin import listed
from acompana.journal.models import JournalEntry

# A journal is its author's: the admin lists entries and their sharing, never the title or text.
listed(
    JournalEntry,
    "mentee",
    "written_on",
    "shared_with_mentor",
    "shared_circle",
    "version",
    filters=("program", "shared_with_mentor"),
    exclude=["title", "text"],
    raw_id_fields=["mentee", "visit", "circle_meeting", "shared_circle", "strand"],
)
