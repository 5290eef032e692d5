"""Primary keys taken from URLs and query strings."""

from django.http import Http404

# The largest primary key (BigAutoField): a larger number cannot name a row, and handing it to
# the database fails (SQLite: OverflowError; PostgreSQL: out of range) instead of finding none.
MAX_ID = 2**63 - 1


def id_or_404(value: object) -> int:
    """``value`` as a primary key, or 404 when it cannot be one.

    Only ASCII digits count: ``"²".isdigit()`` is true, but ``int("²")`` fails.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise Http404
    return int(text)
