"""Reads: which agreements a person sees, what changed between versions, goal progress, the
pairs still without an acknowledged agreement and the history of a mentee's partnerships."""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.agreements.models import (
    TEXT_FIELDS,
    Agreement,
    AgreementVersion,
    Goal,
    GoalProgress,
    PartnershipChange,
    field_label,
)
from acompana.agreements.permissions import AgreementAccess, agreement_access, require_reader
from acompana.common import charts, narrowing
from acompana.common.narrowing import Narrowed
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program


def agreement_list_for_user(*, user: Any, program: Program) -> QuerySet[Agreement]:
    """Coordinators see every agreement of the program; mentors and mentees their own."""
    roles = require_reader(user, program)
    qs = Agreement.objects.filter(program=program)
    if Role.COORDINATOR in roles:
        return qs
    visible = Q(pk__in=[])
    if Role.MENTOR in roles:
        visible |= Q(partnership__mentor__user=user)
    if Role.MENTEE in roles:
        visible |= Q(partnership__mentee__user=user)
    return qs.filter(visible)


def get_agreement_for_user(
    *, user: Any, program: Program, pk: int
) -> tuple[Agreement, AgreementAccess]:
    """The agreement and what the user may do with it; 404 if they may not see it."""
    roles = require_reader(user, program)
    agreement = get_object_or_404(
        agreement_list_for_user(user=user, program=program).select_related(
            "program__framework",
            "partnership__mentor__user",
            "partnership__mentee__user",
            "partnership__cohort",
        ),
        pk=pk,
    )
    return agreement, agreement_access(user=user, agreement=agreement, roles=roles)


def agreement_versions(*, agreement: Agreement) -> list[AgreementVersion]:
    """Every version, newest first, with its acknowledgements."""
    return list(agreement.versions.prefetch_related("acknowledgements__user").order_by("-number"))


def partnerships_without_agreement(*, program: Program) -> QuerySet[Partnership]:
    """Active partnerships with no agreement, or whose agreement no version was ever
    acknowledged by all three parties."""
    return (
        active_partnerships(program=program)
        .filter(Q(agreement__isnull=True) | Q(agreement__in_force_number__isnull=True))
        .order_by("mentor__code", "mentee__code")
    )


def partnerships_to_issue(*, program: Program) -> QuerySet[Partnership]:
    """Active partnerships with no agreement yet, by mentor code then mentee code.

    ``NOT EXISTS`` over the agreement's unique partnership index (an anti-join), not a left
    join filtered on ``IS NULL``: PostgreSQL then estimates the pending rows well, walks the
    mentors in code order and stops after the rows asked for, instead of joining and sorting
    every active partnership (100,000 in a national program)."""
    issued = Agreement.objects.filter(partnership=OuterRef("pk"))
    return (
        active_partnerships(program=program)
        .filter(~Exists(issued))
        .order_by("mentor__code", "mentee__code")
    )


def pairs_to_offer(
    *, program: Program, search: str, keep: Iterable[Any] = (), limit: int | None = None
) -> Narrowed:
    """The pending pairs the "issue an agreement" form offers: the first ``limit`` (else
    ``CHOICES_SHOWN``) in code order, or of those whose mentor's or mentee's code starts with
    ``search`` (as typed or in capitals), plus the pairs in ``keep`` (the one posted or linked
    to) if still pending.

    The search is a prefix of a code so that the unique (program, code) indexes of mentors
    and mentees find the people at once; a search inside names or codes (``icontains``) had
    to read every pending pair."""
    limit = limit or narrowing.CHOICES_SHOWN
    pending = partnerships_to_issue(program=program).select_related("mentor__user", "mentee__user")
    search = search.strip()[:100]
    matches = pending
    if search:
        starts = {search, search.upper()}
        mentors = MentorProfile.objects.filter(program=program).filter(_any_prefix("code", starts))
        mentees = MenteeProfile.objects.filter(program=program).filter(_any_prefix("code", starts))
        matches = pending.filter(
            Q(mentor__in=mentors.values("pk")) | Q(mentee__in=mentees.values("pk"))
        )
    rows = list(matches[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    wanted = {int(k) for k in keep if str(k).isdigit()} - {row.pk for row in rows}
    if wanted:
        rows += list(pending.filter(pk__in=wanted))
    return Narrowed(rows=rows, search=search, more=more)


def _any_prefix(field_name: str, starts: Iterable[str]) -> Q:
    found = Q()
    for start in starts:
        found |= Q(**{f"{field_name}__startswith": start})
    return found


# --- Differences between versions ----------------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): add, del, same


def _field_labels() -> dict[str, str]:
    names = (*TEXT_FIELDS, "modes", "goals_text")
    return {name: field_label(AgreementVersion, name) for name in names}


def modes_display(modes: list[str]) -> str:
    return AgreementVersion(modes=modes).modes_display


def version_diff(old: AgreementVersion | None, new: AgreementVersion) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field and line by line (difflib)."""
    if old is None:
        return []
    diffs = []
    for name, label in _field_labels().items():
        before, after = getattr(old, name), getattr(new, name)
        if name == "modes":
            before, after = modes_display(before), modes_display(after)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(str(before).splitlines(), str(after).splitlines()):
            tag, text = line[:1], line[2:]
            if tag == "?":
                continue  # ndiff's intraline hints: not shown
            lines.append(({"+": "add", "-": "del"}.get(tag, "same"), text))
        diffs.append(FieldDiff(label=label, lines=lines))
    return diffs


# --- Goals ---------------------------------------------------------------------------------------


def goals_with_progress(*, agreement: Agreement) -> list[Goal]:
    """The agreement's goals, each with ``updates`` (oldest first) and ``latest``."""
    goals: list[Goal] = list(
        agreement.goals.select_related("competency").prefetch_related(
            Prefetch(
                "progress",
                queryset=GoalProgress.objects.select_related("author").order_by(
                    "recorded_on", "pk"
                ),
                to_attr="updates",
            )
        )
    )
    for goal in goals:
        updates = goal.updates  # type: ignore[attr-defined]
        goal.latest = updates[-1] if updates else None  # type: ignore[attr-defined]
    return goals


def goals_chart(goals: list[Goal]) -> SafeString | None:
    """A line per goal: its latest progress in each month with an update (0-100%)."""
    updates = {g.pk: list(g.updates) for g in goals}  # type: ignore[attr-defined]
    months = sorted({u.recorded_on.strftime("%Y-%m") for ups in updates.values() for u in ups})
    if not months:
        return None
    position = {month: i for i, month in enumerate(months)}
    series: dict[str, list[tuple[int, float]]] = {}
    for goal in goals:
        by_month: dict[int, float] = {}
        for update in updates[goal.pk]:
            # On a 0-4 scale, so that the chart's tick labels fall on 0, 25, 50, 75, 100%.
            by_month[position[update.recorded_on.strftime("%Y-%m")]] = update.percent / 25
        series[goal.title] = sorted(by_month.items())
    return charts.lines(
        series,
        x_labels=months,
        low=0,
        high=4,
        y_labels=["0%", "25%", "50%", "75%", "100%"],
        title=_("Progress of the goals over time"),
        value_format=lambda value: f"{charts.number(value * 25)}%",
    )


# --- Partnerships and their changes --------------------------------------------------------------


def partnership_history(*, mentee: MenteeProfile) -> list[Partnership]:
    """Every partnership of the mentee, oldest first, each with its ``changes`` and
    ``agreement_id`` (or None), so the page can show the chain of reassignments."""
    partnerships: list[Partnership] = list(
        Partnership.objects.filter(mentee=mentee)
        .select_related("mentor__user", "cohort")
        .prefetch_related(
            Prefetch(
                "changes",
                queryset=PartnershipChange.objects.select_related("new_partnership__mentor__user"),
                to_attr="change_list",
            )
        )
        .order_by("started_on", "pk")
    )
    agreements = dict(
        Agreement.objects.filter(partnership__in=partnerships).values_list("partnership_id", "pk")
    )
    for partnership in partnerships:
        partnership.agreement_pk = agreements.get(partnership.pk)  # type: ignore[attr-defined]
    return partnerships
