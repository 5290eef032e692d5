"""Group sessions' part of a cohort's rollover: the weekly series, on the same weekday and
time, moved to the new year (their sessions invite the new cohort's mentors)."""

from typing import Any

from django.utils.translation import gettext as _

from acompana.common.years import Copied, day_text, shift_date, shift_span, shift_text
from acompana.group_sessions.models import SessionSeries
from acompana.group_sessions.services import series_create
from acompana.programs.models import Cohort


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """Create ``source``'s series again for ``target`` (what was cancelled is not carried:
    a series cut short ends where it was cut); returns what was created."""
    created: list[Copied] = []
    for old in SessionSeries.objects.filter(cohort=source).order_by("starts_on", "pk"):
        first = old.sessions.order_by("starts_at").first()
        ends_on = old.cancelled_from or old.ends_on
        if ends_on is not None:
            starts_on, ends_on = shift_span(old.starts_on, ends_on, years)
        else:
            starts_on = shift_date(old.starts_on, years)
        new = series_create(
            program=old.program,
            cohort=target,
            kind=old.kind,
            title=shift_text(old.title, source.year, years),
            weekday=old.weekday,
            time=old.time,
            duration_minutes=old.duration_minutes,
            mode=old.mode,
            starts_on=starts_on,
            ends_on=ends_on,
            occurrences=None if ends_on is not None else old.occurrences,
            facilitator=first.facilitator if first else None,
            place=first.place if first else "",
            agenda=first.agenda if first else "",
            actor=actor,
        )
        created.append(
            (
                _("Group-session series"),
                _("%(title)s (%(count)d sessions from %(day)s)")
                % {"title": new.title, "count": new.sessions.count(), "day": day_text(starts_on)},
            )
        )
    return created
