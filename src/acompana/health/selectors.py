"""The health of a program: which relationships need attention, each rule a queryset.

Who sees what: coordinators the whole program; specialists the pairs of the mentors they
accompany; mentors their own pairs. Mentees, trainers and researchers get 403, outsiders 404.
Program-wide lists (waiting mentees, low-response surveys) are the coordinators' only.

The rules (N is the program's ``HealthSettings.inactive_days``, default 30; "active pair" is a
partnership not ended and not paused):

- ``inactive``: an active pair whose latest done visit is more than N days before today (a visit
  done exactly N days ago keeps it off the list). Cancelled, rescheduled and planned visits do
  not count.
- ``never_visited``: an active pair with no done visit at all, started more than N days ago.
- ``not_visited_round``: an active pair whose cohort has a round under way today and whose
  mentee has no done visit in that round.
- ``refit``: an active pair with a poor answer to the pairing-fit question (``health.fit``).
- ``overdue``: open commitments past their due date (also counted by mentor and by region).
- ``agreements``: agreements of active pairs not yet acknowledged by all three parties (draft
  or awaiting acknowledgement).
- ``circles_inactive``: an active circle whose latest done meeting is more than N days before
  today; ``circles_never_met``: an active circle with no done meeting, created more than N
  days ago; ``circle_overdue``: open members' commitments past their due date in circles not
  closed (also counted by mentor or facilitating member, and by region of the member's
  school). Specialists see the circles of the mentors they accompany, mentors their own.
- ``not_ready``: active mentors who still miss readiness items of their cohort.
- ``low_response``: survey distributions already open whose invitations were answered by
  fewer than ``low_response_percent`` of those invited.
- ``waiting``: active mentees in a cohort without a current partnership.

Every figure is a capped count (``capped_count``): a national program's figure costs the same
as a small one's, and the number of queries does not depend on the number of pairs.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member
from acompana.agreements.models import Agreement
from acompana.circles.models import Circle, Meeting, Member
from acompana.circles.models import Commitment as CircleCommitment
from acompana.common.counting import CappedCount, capped_count
from acompana.health.models import FitCheck, HealthSettings
from acompana.people.models import MenteeProfile, MentorProfile, Partnership, SpecialistAssignment
from acompana.people.selectors import mentees_waiting, own_rows
from acompana.programs.models import Program
from acompana.surveys.models import Distribution, Invitation
from acompana.training.selectors import mentors_not_ready
from acompana.visits.models import Commitment, Round, StatusChange, Visit

HEALTH_ROLES = frozenset({Role.COORDINATOR, Role.SPECIALIST, Role.MENTOR})
CAP = 1000
FACILITATOR_GROUPS = 2000  # grouped rows read for overdue circle commitments by facilitator


@dataclass(frozen=True)
class Filters:
    """The filters of the health page: ids, or a mentor's code."""

    cohort: int | None = None
    region: int | None = None
    mentor: str = ""
    specialist: int | None = None

    def __bool__(self) -> bool:
        return bool(self.cohort or self.region or self.mentor or self.specialist)


@dataclass
class Scope:
    """What one person may see of a program's health."""

    program: Program
    roles: frozenset[str]
    today: datetime.date
    inactive_days: int
    low_response_percent: int
    filters: Filters = field(default_factory=Filters)

    @property
    def coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles


def health_settings_get(*, program: Program) -> HealthSettings:
    """The program's health settings (defaults until a coordinator changes them)."""
    found = HealthSettings.objects.filter(program=program).first()
    return found or HealthSettings(program=program)


def health_scope(
    *,
    user: Any,
    program: Program,
    filters: Filters | None = None,
    today: datetime.date | None = None,
) -> "ScopedHealth":
    """The health of ``program`` as ``user`` may see it; 404 for outsiders, 403 for members
    who are not coordinators, specialists or mentors."""
    roles = require_member(user, program)
    if not roles & HEALTH_ROLES:
        raise PermissionDenied
    settings = health_settings_get(program=program)
    scope = Scope(
        program=program,
        roles=roles,
        today=today or timezone.localdate(),
        inactive_days=settings.inactive_days,
        low_response_percent=settings.low_response_percent,
        filters=filters or Filters(),
    )
    own = (
        Q()
        if scope.coordinator
        else own_rows(user=user, program=program, roles=roles & {Role.MENTOR, Role.SPECIALIST})
    )
    return ScopedHealth(scope=scope, own=own)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class ScopedHealth:
    scope: Scope
    own: Q  # rows with mentor_id / mentee_id the person may see

    # --- pairs ----------------------------------------------------------------------------

    def _pairs(self) -> QuerySet[Partnership]:
        s = self.scope
        rows = Partnership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=s.today),
            self.own,
            program=s.program,
            paused_since__isnull=True,
            started_on__lte=s.today,
        )
        f = s.filters
        if f.cohort:
            rows = rows.filter(cohort_id=f.cohort)
        if f.region:
            rows = rows.filter(mentee__region_id=f.region)
        if f.mentor:
            rows = rows.filter(mentor__code=f.mentor)
        if f.specialist:
            rows = rows.filter(mentor_id__in=self._accompanied(f.specialist))
        return rows

    def _accompanied(self, specialist: int) -> QuerySet[Any]:
        return SpecialistAssignment.objects.filter(
            specialist_id=specialist, mentor__program=self.scope.program
        ).values("mentor_id")

    def _done_visits(self) -> QuerySet[Visit]:
        return Visit.objects.filter(
            mentor_id=OuterRef("mentor_id"),
            mentee_id=OuterRef("mentee_id"),
            status=Visit.Status.DONE,
        )

    @property
    def cutoff(self) -> datetime.date:
        """The earliest day a done visit keeps a pair off the inactive list."""
        return self.scope.today - datetime.timedelta(days=self.scope.inactive_days)

    def inactive(self) -> QuerySet[Partnership]:
        recent = self._done_visits().filter(scheduled_at__gte=_start_of(self.cutoff))
        return self._pairs().filter(Exists(self._done_visits()), ~Exists(recent))

    def never_visited(self) -> QuerySet[Partnership]:
        return self._pairs().filter(~Exists(self._done_visits()), started_on__lt=self.cutoff)

    def not_visited_round(self) -> QuerySet[Partnership]:
        s = self.scope
        visited = Visit.objects.filter(
            round_id=OuterRef("pk"),
            mentee_id=OuterRef(OuterRef("mentee_id")),
            status=Visit.Status.DONE,
        )
        open_round = Round.objects.filter(
            cohort_id=OuterRef("cohort_id"), starts_on__lte=s.today, ends_on__gte=s.today
        ).filter(~Exists(visited))
        return self._pairs().filter(Exists(open_round))

    def refit(self) -> QuerySet[Partnership]:
        poor = FitCheck.objects.filter(partnership_id=OuterRef("pk"), poor=True)
        return self._pairs().filter(Exists(poor))

    def agreements(self) -> QuerySet[Agreement]:
        pairs = self._pairs().values("pk")
        return Agreement.objects.filter(
            program=self.scope.program,
            status__in=[Agreement.Status.DRAFT, Agreement.Status.AWAITING],
            partnership_id__in=pairs,
        )

    # --- commitments ----------------------------------------------------------------------

    def overdue(self) -> QuerySet[Commitment]:
        s = self.scope
        rows = Commitment.objects.filter(
            self.own,
            status=Commitment.Status.OPEN,
            due_on__lt=s.today,
            mentor__program=s.program,
        )
        f = s.filters
        if f.cohort:
            rows = rows.filter(visit__round__cohort_id=f.cohort)
        if f.region:
            rows = rows.filter(mentee__region_id=f.region)
        if f.mentor:
            rows = rows.filter(mentor__code=f.mentor)
        if f.specialist:
            rows = rows.filter(mentor_id__in=self._accompanied(f.specialist))
        return rows

    def overdue_by_mentor(self, limit: int = 20) -> list[dict[str, Any]]:
        rows: Any = (
            self.overdue()
            .order_by()
            .values("mentor__code", "mentor__user__first_name", "mentor__user__last_name")
            .annotate(n=Count("*"))
            .order_by("-n", "mentor__code")[:limit]
        )
        return list(rows)

    def overdue_by_region(self, limit: int = 50) -> list[dict[str, Any]]:
        rows: Any = (
            self.overdue()
            .order_by()
            .values("mentee__region__name")
            .annotate(n=Count("*"))
            .order_by("-n", "mentee__region__name")[:limit]
        )
        return list(rows)

    # --- circles --------------------------------------------------------------------------

    def _visible_circles(self, *, by_region: bool = True) -> QuerySet[Circle]:
        """The circles of the program the person may see: coordinators every one, specialists
        those of the mentors they accompany, mentors their own (``own`` is on ``mentor_id``),
        narrowed by the filters. The region is that of a current member's school."""
        s = self.scope
        rows = Circle.objects.filter(self.own, program=s.program)
        f = s.filters
        if f.cohort:
            rows = rows.filter(cohort_id=f.cohort)
        if f.region and by_region:
            in_region = Member.objects.filter(
                circle_id=OuterRef("pk"),
                left_on__isnull=True,
                mentee__school__region_id=f.region,
            )
            rows = rows.filter(Exists(in_region))
        if f.mentor:
            rows = rows.filter(mentor__code=f.mentor)
        if f.specialist:
            rows = rows.filter(mentor_id__in=self._accompanied(f.specialist))
        return rows

    def _active_circles(self) -> QuerySet[Circle]:
        return self._visible_circles().filter(status=Circle.Status.ACTIVE)

    def _done_meetings(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(circle_id=OuterRef("pk"), status=Meeting.Status.DONE)

    def circles_inactive(self) -> QuerySet[Circle]:
        recent = self._done_meetings().filter(starts_at__gte=_start_of(self.cutoff))
        return self._active_circles().filter(Exists(self._done_meetings()), ~Exists(recent))

    def circles_never_met(self) -> QuerySet[Circle]:
        return self._active_circles().filter(
            ~Exists(self._done_meetings()), created_at__lt=_start_of(self.cutoff)
        )

    def circle_overdue(self) -> QuerySet[CircleCommitment]:
        """Open commitments of members of the visible circles (not closed) due before today.
        The region filter is the member's school's region."""
        s = self.scope
        circles = self._visible_circles(by_region=False).exclude(status=Circle.Status.CLOSED)
        rows = CircleCommitment.objects.filter(
            status=CircleCommitment.Status.OPEN,
            due_on__lt=s.today,
            meeting__circle_id__in=circles.values("pk"),
        )
        if s.filters.region:
            rows = rows.filter(mentee__school__region_id=s.filters.region)
        return rows

    def circle_overdue_by_facilitator(self, limit: int = 20) -> list[dict[str, Any]]:
        """Overdue circle commitments by the circle's mentor, or by the meeting's facilitating
        member in circles without a mentor."""
        rows: Any = (
            self.circle_overdue()
            .order_by()
            .values(
                "meeting__circle__mentor__code",
                "meeting__circle__mentor__user__first_name",
                "meeting__circle__mentor__user__last_name",
                "meeting__facilitator_member__code",
                "meeting__facilitator_member__user__first_name",
                "meeting__facilitator_member__user__last_name",
            )
            .annotate(n=Count("*"))
            .order_by("-n")[:FACILITATOR_GROUPS]
        )
        merged: dict[tuple[str, str], int] = {}
        for r in rows:
            if r["meeting__circle__mentor__code"]:
                key = (
                    r["meeting__circle__mentor__code"],
                    f"{r['meeting__circle__mentor__user__first_name']} "
                    f"{r['meeting__circle__mentor__user__last_name']}",
                )
            elif r["meeting__facilitator_member__code"]:
                key = (
                    r["meeting__facilitator_member__code"],
                    f"{r['meeting__facilitator_member__user__first_name']} "
                    f"{r['meeting__facilitator_member__user__last_name']}",
                )
            else:
                key = ("", "")
            merged[key] = merged.get(key, 0) + r["n"]
        ordered = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0][0]))[:limit]
        return [{"code": k[0], "name": k[1].strip(), "n": n} for k, n in ordered]

    def circle_overdue_by_region(self, limit: int = 50) -> list[dict[str, Any]]:
        """Overdue circle commitments by the region of the member's school."""
        rows: Any = (
            self.circle_overdue()
            .order_by()
            .values("mentee__school__region__name")
            .annotate(n=Count("*"))
            .order_by("-n", "mentee__school__region__name")[:limit]
        )
        return list(rows)

    # --- people ---------------------------------------------------------------------------

    def waiting(self) -> QuerySet[MenteeProfile]:
        s = self.scope
        if not s.coordinator:
            return MenteeProfile.objects.none()
        rows = mentees_waiting(MenteeProfile.objects.filter(program=s.program))
        if s.filters.cohort:
            rows = rows.filter(
                Exists(
                    MenteeProfile.cohorts.through.objects.filter(
                        menteeprofile=OuterRef("pk"), cohort_id=s.filters.cohort
                    )
                )
            )
        if s.filters.region:
            rows = rows.filter(region_id=s.filters.region)
        return rows

    def mentors(self) -> QuerySet[MentorProfile]:
        s = self.scope
        rows = MentorProfile.objects.filter(program=s.program, active=True)
        if not s.coordinator:
            rows = rows.filter(pk__in=Partnership.objects.filter(self.own).values("mentor_id"))
        f = s.filters
        if f.region:
            rows = rows.filter(region_id=f.region)
        if f.mentor:
            rows = rows.filter(code=f.mentor)
        if f.specialist:
            rows = rows.filter(pk__in=self._accompanied(f.specialist))
        return rows

    def not_ready(self) -> list[Any]:
        s = self.scope
        cohort = s.program.cohorts.filter(pk=s.filters.cohort).first() if s.filters.cohort else None
        ids = None
        if not s.coordinator or s.filters.region or s.filters.mentor or s.filters.specialist:
            ids = list(self.mentors().values_list("pk", flat=True))
        return mentors_not_ready(s.program, cohort, mentor_ids=ids)

    # --- surveys --------------------------------------------------------------------------

    def low_response(self) -> QuerySet[Distribution]:
        s = self.scope
        if not s.coordinator:
            return Distribution.objects.none()
        invited = Invitation.objects.filter(distribution=OuterRef("pk"))
        rows = (
            Distribution.objects.filter(program=s.program, opens_on__lte=s.today)
            .filter(Exists(invited))
            .annotate(
                invited=Count("invitations"),
                answered=Count("invitations", filter=Q(invitations__answered=True)),
            )
            .filter(answered__lt=F("invited") * s.low_response_percent / 100.0)
        )
        if s.filters.cohort:
            rows = rows.filter(cohort_id=s.filters.cohort)
        return rows.select_related("questionnaire", "cohort").order_by("-opens_on", "pk")


@dataclass(frozen=True)
class HealthList:
    name: str
    title: Any
    lead: Any
    coordinators_only: bool = False


LISTS: dict[str, HealthList] = {
    h.name: h
    for h in [
        HealthList(
            "inactive",
            _("Pairs without a recent visit"),
            _("Active pairs whose latest done visit was more than %(days)s days ago."),
        ),
        HealthList(
            "never_visited",
            _("Pairs never visited"),
            _("Active pairs started more than %(days)s days ago with no visit done."),
        ),
        HealthList(
            "not_visited_round",
            _("Mentees not visited in the current round"),
            _("Pairs whose cohort has a round under way and whose mentee has no visit done in it."),
        ),
        HealthList(
            "refit",
            _("Pairs to consider re-matching"),
            _(
                "Pairs where the mentor or the mentee answered the pairing-fit question with an "
                "item at 2 of 5 or below: consider re-matching."
            ),
        ),
        HealthList(
            "overdue",
            _("Overdue commitments"),
            _("Open commitments past their due date."),
        ),
        HealthList(
            "agreements",
            _("Agreements not acknowledged"),
            _("Agreements of active pairs not yet acknowledged by the three parties."),
        ),
        HealthList(
            "circles_inactive",
            _("Circles without a recent meeting"),
            _("Active circles whose latest meeting held was more than %(days)s days ago."),
        ),
        HealthList(
            "circles_never_met",
            _("Circles never met"),
            _("Active circles created more than %(days)s days ago with no meeting held."),
        ),
        HealthList(
            "circle_overdue",
            _("Overdue circle commitments"),
            _("Open commitments of circle members past their due date."),
        ),
        HealthList(
            "not_ready",
            _("Mentors not ready"),
            _("Active mentors who still miss items of their cohort's readiness checklist."),
        ),
        HealthList(
            "waiting",
            _("Mentees waiting for a mentor"),
            _("Active mentees in a cohort without a current partnership."),
            coordinators_only=True,
        ),
        HealthList(
            "low_response",
            _("Surveys with low response"),
            _("Open surveys answered by fewer than %(percent)s%% of those invited."),
            coordinators_only=True,
        ),
    ]
}


def health_rows(health: ScopedHealth, name: str) -> Any:
    """The rows of one list (a queryset, or a list for ``not_ready``)."""
    getter: Callable[[], Any] = getattr(health, name)
    return getter()


def health_counts(health: ScopedHealth) -> dict[str, CappedCount]:
    """A capped count per list the person may see: one query per list."""
    counts: dict[str, CappedCount] = {}
    for name, spec in LISTS.items():
        if spec.coordinators_only and not health.scope.coordinator:
            continue
        rows = health_rows(health, name)
        if isinstance(rows, list):
            counts[name] = CappedCount(value=min(len(rows), CAP), more=len(rows) > CAP)
        else:
            counts[name] = capped_count(rows.values("pk"), CAP)
    return counts


def coverage_in_mentees(health: ScopedHealth) -> list[dict[str, Any]]:
    """For each round under way today: per region of the mentees, the mentees expected (those
    of the round's cohort in an active pair), those with a visit in the round that was not
    cancelled (planned), those visited (a done visit) and those not visited; beside it the
    visit-based view: visits by current status, and cancellations and reschedulings counted
    as events (each status change once, so a visit rescheduled twice counts twice).

    Queries: one for the rounds, then three per round under way (a handful)."""
    s = health.scope
    rounds = Round.objects.filter(
        program=s.program, starts_on__lte=s.today, ends_on__gte=s.today
    ).select_related("cohort")
    if s.filters.cohort:
        rounds = rounds.filter(cohort_id=s.filters.cohort)
    result = []
    for r in rounds.order_by("starts_on", "pk")[:10]:
        in_round = Visit.objects.filter(round_id=r.pk, mentee_id=OuterRef("mentee_id"))
        grouped: Any = (
            health._pairs()
            .filter(cohort_id=r.cohort_id)
            .annotate(
                has_visit=Exists(in_round.exclude(status=Visit.Status.CANCELLED)),
                visited=Exists(in_round.filter(status=Visit.Status.DONE)),
            )
            .order_by()
            .values("mentee__region__name")
            .annotate(
                expected=Count("mentee_id", distinct=True),
                planned=Count("mentee_id", distinct=True, filter=Q(has_visit=True)),
                done=Count("mentee_id", distinct=True, filter=Q(visited=True)),
            )
            .order_by("mentee__region__name")
        )
        regions: list[dict[str, Any]] = list(grouped)
        for row in regions:
            row["not_visited"] = row["expected"] - row["done"]
        visits = Visit.objects.filter(health.own, round_id=r.pk)
        by_status = dict(
            visits.order_by()
            .values_list("status")
            .annotate(n=Count("*"))
            .values_list("status", "n")
        )
        events = dict(
            StatusChange.objects.filter(
                visit__in=visits.values("pk"),
                to_status__in=[Visit.Status.CANCELLED, Visit.Status.RESCHEDULED],
            )
            .order_by()
            .values_list("to_status")
            .annotate(n=Count("*"))
            .values_list("to_status", "n")
        )
        result.append(
            {
                "round": r,
                "regions": regions,
                "visits": sum(by_status.values()),
                "done": by_status.get(Visit.Status.DONE, 0),
                "cancelled_events": events.get(Visit.Status.CANCELLED, 0),
                "rescheduled_events": events.get(Visit.Status.RESCHEDULED, 0),
            }
        )
    return result
