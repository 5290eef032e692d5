"""Surveys' part of a cohort's rollover: the cohort's distributions (never responses), with
their dates moved to the new year."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.years import Copied, shift_span, span_text
from acompana.programs.models import Cohort
from acompana.surveys.models import Distribution
from acompana.surveys.services import distribution_create


def _quiet_copy(old: Distribution, target: Cohort, dates: tuple[datetime.date, datetime.date]):
    return Distribution.objects.create(
        program=old.program,
        questionnaire=old.questionnaire,
        cohort=target,
        role=old.role,
        trigger=old.trigger,
        anonymous=old.anonymous,
        opens_on=dates[0],
        closes_on=dates[1],
    )


def cohort_copy(*, source: Cohort, target: Cohort, years: int, actor: Any) -> list[Copied]:
    """Send ``source``'s distributions again to ``target`` with the dates moved by ``years``.
    A distribution that would close before today, or whose people cannot be invited (an
    anonymous group too small), is copied without invitations."""
    created: list[Copied] = []
    olds = Distribution.objects.filter(cohort=source).select_related("questionnaire")
    for old in olds.order_by("opens_on", "pk"):
        dates = shift_span(old.opens_on, old.closes_on, years)
        note = ""
        if dates[1] < timezone.localdate():
            new = _quiet_copy(old, target, dates)
            note = _("closed already: no invitations")
        else:
            try:
                new = distribution_create(
                    questionnaire=old.questionnaire,
                    role=old.role,
                    trigger=old.trigger,
                    anonymous=old.anonymous,
                    opens_on=dates[0],
                    closes_on=dates[1],
                    cohort=target,
                    actor=actor,
                )
            except ValidationError as error:
                new = _quiet_copy(old, target, dates)
                note = _("no invitations: %(reason)s") % {"reason": " ".join(error.messages)}
        audit.log("surveys.distribution.copied", actor=actor, target=new, data={"from": old.pk})
        text = f"{new} ({span_text(*dates)})"
        created.append((_("Survey distribution"), f"{text}; {note}" if note else text))
    return created
