"""Moving dates of one program year into another (the rollover of a cohort)."""

import datetime
import re

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def shift_date(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by ``years`` calendar years; Feb 29 becomes Feb 28 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 into a year without one
        return day.replace(year=day.year + years, day=28)


def shift_span(
    starts_on: datetime.date, ends_on: datetime.date, years: int
) -> tuple[datetime.date, datetime.date]:
    """A span moved by ``years``: its start moves as a date and it keeps its length, so a span
    crossing a year end (or a Feb 29) keeps its order and its number of days."""
    start = shift_date(starts_on, years)
    return start, start + (ends_on - starts_on)


def shift_datetime(moment: datetime.datetime, years: int) -> datetime.datetime:
    """An aware datetime moved by ``years`` at the same wall-clock time in the program's time
    zone (a session at 9:00 stays at 9:00)."""
    local = timezone.localtime(moment)
    day = shift_date(local.date(), years)
    return datetime.datetime.combine(day, local.time(), tzinfo=local.tzinfo)


def shift_text(text: str, from_year: int, years: int) -> str:
    """``text`` with ``from_year`` written as a word replaced by the year ``years`` later
    ("Inducción 2021" -> "Inducción 2022"); other text is kept."""
    return re.sub(rf"\b{from_year}\b", str(from_year + years), text)


def day_text(day: datetime.date | None) -> str:
    """A day as the reader's locale writes it short (01/04/2022 in Spanish)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else "…"


def span_text(starts_on: datetime.date | None, ends_on: datetime.date | None) -> str:
    """``starts_on`` to ``ends_on``, as a rollover's list writes a span."""
    return _("%(start)s to %(end)s") % {"start": day_text(starts_on), "end": day_text(ends_on)}


# What a rollover created (or would create): a kind ("Round") and a description.
Copied = tuple[str, str]
