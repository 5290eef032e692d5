"""People's part of a cohort's rollover: the returning mentors (with their capacity) and
mentees the coordinator chose, and optionally their current partnerships continued."""

import datetime
from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from acompana.common.years import Copied, day_text
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.people.services import cohort_members_change, partnership_start
from acompana.programs.models import Cohort


def returning_mentors(*, cohort: Cohort) -> list[MentorProfile]:
    """The active mentors of ``cohort`` who may return, by code."""
    return list(cohort.mentors.filter(active=True).select_related("user").order_by("code"))


def returning_mentees(*, cohort: Cohort) -> list[MenteeProfile]:
    """The active mentees of ``cohort`` who may return, by code."""
    return list(cohort.mentees.filter(active=True).select_related("user").order_by("code"))


def cohort_carry(
    *,
    source: Cohort,
    target: Cohort,
    mentor_ids: Collection[int],
    mentee_ids: Collection[int],
    continue_partnerships: bool,
    actor: Any,
) -> list[Copied]:
    """Add the chosen mentors and mentees of ``source`` to ``target`` (a mentor keeps the
    capacity of their profile). With ``continue_partnerships``, the last partnership in
    ``source`` of each returning mentee whose mentor returns too goes on: one that ended starts
    again in ``target`` on its first day (unless the mentee has a partnership open elsewhere);
    one still open is listed and left as it is, since it goes on already (a matching run of
    ``target`` keeps it), so a pair never has two open partnerships. Nothing of ``source``
    changes."""
    mentors = [m for m in returning_mentors(cohort=source) if m.pk in mentor_ids]
    mentees = [m for m in returning_mentees(cohort=source) if m.pk in mentee_ids]
    cohort_members_change(cohort=target, mentors=mentors, mentees=mentees, add=True, actor=actor)
    created: list[Copied] = [
        (
            _("Returning mentor"),
            _("%(code)s (capacity %(capacity)d)") % {"code": m.code, "capacity": m.capacity},
        )
        for m in mentors
    ]
    created += [(_("Returning mentee"), m.code) for m in mentees]
    if not continue_partnerships:
        return created
    started_on = target.starts_on or datetime.date(target.year, 1, 1)
    last: dict[int, Partnership] = {}
    for pair in (
        Partnership.objects.filter(cohort=source, mentee__in=mentees)
        .select_related("mentor", "mentee")
        .order_by("started_on", "pk")
    ):
        last[pair.mentee_id] = pair
    mentor_ids_back = {m.pk for m in mentors}
    open_elsewhere = set(
        active_partnerships(program=source.program)
        .filter(mentee__in=mentees)
        .values_list("mentee_id", flat=True)
    )
    for pair in sorted(last.values(), key=lambda p: (p.mentor.code, p.mentee.code)):
        if pair.mentor_id not in mentor_ids_back:
            continue
        if pair.ended_on is None:
            text = _("%(pair)s (open since %(day)s)") % {
                "pair": pair,
                "day": day_text(pair.started_on),
            }
            created.append((_("Partnership goes on"), text))
        elif pair.mentee_id not in open_elsewhere:
            new = partnership_start(
                program=source.program,
                mentor=pair.mentor,
                mentee=pair.mentee,
                started_on=started_on,
                cohort=target,
                actor=actor,
            )
            created.append((_("Partnership continued"), f"{new} ({day_text(started_on)})"))
    return created
