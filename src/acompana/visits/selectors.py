"""Who sees which visits, and which parts of them.

The mentee of a visit sees its time, mode and status, the dialogue summary once shared, and
the commitments; never the field notebook nor the rest of the dialogue. Specialists see the
visits of the mentors they accompany; coordinators see every visit of their program.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member
from acompana.people.models import MenteeProfile
from acompana.people.selectors import own_rows
from acompana.programs.models import Program
from acompana.visits.models import Commitment, Round, StatusChange, Visit


@dataclass(frozen=True)
class VisitAccess:
    """What the user may do with one visit."""

    write: bool  # the visit's mentor: notebook, dialogue, commitments, status
    private: bool  # the notebook and the whole dialogue (mentor, their specialist, coordinator)
    mentee: bool  # the visit's mentee: the shared part only
    observe: bool = False  # a specialist who accompanies the visit's mentor: observations


def visit_list_for_user(*, user: Any, program: Program) -> QuerySet[Visit]:
    roles = require_member(user, program)
    qs = Visit.objects.filter(program=program)
    if Role.COORDINATOR in roles:
        return qs
    if not roles & {Role.MENTOR, Role.MENTEE, Role.SPECIALIST}:
        raise PermissionDenied
    return qs.filter(_own(user=user, program=program, roles=roles))


def _own(*, user: Any, program: Program, roles: frozenset[str]) -> Q:
    """Rows (visits or commitments) of the user's own profiles, or of the mentors they
    accompany as a specialist, by profile id (indexed columns)."""
    return own_rows(user=user, program=program, roles=roles)


def visit_access(*, user: Any, visit: Visit) -> VisitAccess:
    roles = require_member(user, visit.program)
    is_mentor = visit.mentor.user_id == user.pk
    accompanies = (
        Role.SPECIALIST in roles
        and visit.mentor.specialist_assignments.filter(specialist=user).exists()
    )
    return VisitAccess(
        write=is_mentor,
        private=is_mentor or accompanies or Role.COORDINATOR in roles,
        mentee=visit.mentee.user_id == user.pk,
        observe=accompanies,
    )


def get_visit_for_user(
    *, user: Any, program: Program, pk: int, write: bool = False
) -> tuple[Visit, VisitAccess]:
    """The visit and what the user may do with it; 404 if they may not see it at all,
    403 if ``write`` and they may only read it."""
    visit = get_object_or_404(
        visit_list_for_user(user=user, program=program).select_related(
            "program",
            "mentor__user",
            "mentee__user",
            "mentee__school",
            "round",
            "protocol_version__protocol",
        ),
        pk=pk,
    )
    access = visit_access(user=user, visit=visit)
    if write and not access.write:
        raise PermissionDenied
    return visit, access


def open_commitments_of_pair(*, visit: Visit) -> QuerySet[Commitment]:
    """The pair's commitments still open from earlier visits: followed up first."""
    return Commitment.objects.filter(
        mentor=visit.mentor,
        mentee=visit.mentee,
        status=Commitment.Status.OPEN,
        visit__scheduled_at__lt=visit.scheduled_at,
    ).select_related("visit")


def commitments_overdue_for_user(*, user: Any, program: Program) -> QuerySet[Commitment]:
    """Open commitments past their due date, in the visits the user may see."""
    roles = require_member(user, program)
    overdue = Commitment.objects.filter(
        visit__program=program, status=Commitment.Status.OPEN, due_on__lt=timezone.localdate()
    ).select_related("mentor__user", "mentee__user")
    if Role.COORDINATOR in roles:
        return overdue
    if not roles & {Role.MENTOR, Role.MENTEE, Role.SPECIALIST}:
        raise PermissionDenied
    return overdue.filter(_own(user=user, program=program, roles=roles))


def commitment_list_overdue(
    *, user: Any, program: Program, mentor_code: str = "", region: int | None = None
) -> QuerySet[Commitment]:
    """Every overdue commitment ``user`` may see (as ``commitments_overdue_for_user``), the
    most overdue first, optionally of one mentor (by code) or of the principals of one region.

    The order (due date, then id) is the one the indexes ``(status, due_on)`` (the program's
    list) and ``commitment_mentor_due`` (a mentor's) hold, so a page reads only its rows; a
    region's are found through its principals (``commitment_mentee_due``), then sorted.
    """
    roles = require_member(user, program)
    rows = Commitment.objects.filter(status=Commitment.Status.OPEN, due_on__lt=timezone.localdate())
    if Role.COORDINATOR in roles:
        # A region's principals (below) are the program's, and so are their visits: no join
        # to the visits to check the program then.
        rows = rows.filter(visit__program=program) if region is None else rows.exclude(visit=None)
    elif roles & {Role.MENTOR, Role.MENTEE, Role.SPECIALIST}:
        # The profile ids of ``_own`` are this program's: no join to the visits to find it
        # (a specialist's 200 mentors have thousands of overdue commitments to count).
        rows = rows.filter(_own(user=user, program=program, roles=roles))
    else:
        raise PermissionDenied
    if mentor_code:
        rows = rows.filter(mentor__program=program, mentor__code=mentor_code)
    if region is not None:
        # The region's principals, each read on the index ``commitment_mentee_due`` (mentee,
        # status, due date), as a subquery: otherwise PostgreSQL walks the program's whole
        # overdue list in due order looking for them (seconds for a region with few). The
        # cost follows the region's overdue commitments, not the program's.
        mentees = MenteeProfile.objects.filter(program=program, region_id=region)
        found = rows.filter(mentee__in=mentees.values("pk")).values("pk")
        rows = Commitment.objects.filter(pk__in=found)
    return rows.order_by("due_on", "pk")


def commitments_shown(pks: list[int]) -> list[Commitment]:
    """The commitments ``pks`` (a page of ``commitment_list_overdue``), in that order, with
    their visit, mentor, mentee and school: read once the page is cut, since joining them in
    the list's query makes PostgreSQL join every overdue commitment it walks past."""
    rows = Commitment.objects.filter(pk__in=pks).select_related(
        "visit", "mentor__user", "mentee__user", "mentee__school"
    )
    by_pk = {c.pk: c for c in rows}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def coverage_by_round(*, program: Program) -> list[dict[str, Any]]:
    """Per round: visits planned (all scheduled), done, cancelled and rescheduled, and the
    reasons given for cancelling or rescheduling (connectivity, strikes...)."""
    rounds = list(
        Round.objects.filter(program=program).select_related("cohort").order_by("starts_on")
    )
    by_status: dict[int, dict[str, int]] = {}
    for round_id, status, count in (
        Visit.objects.filter(round__in=[r.pk for r in rounds])
        .order_by()
        .values_list("round_id", "status")
        .annotate(n=Count("*"))
    ):
        by_status.setdefault(round_id, {})[status] = count
    reasons: dict[int, dict[str, int]] = {}
    for round_id, reason, count in (
        StatusChange.objects.filter(visit__program=program)
        .exclude(reason="")
        .values_list("visit__round_id", "reason")
        .annotate(n=Count("pk"))
    ):
        reasons.setdefault(round_id, {})[reason] = count
    labels = dict(StatusChange.Reason.choices)
    rows = []
    for r in rounds:
        counts = by_status.get(r.pk, {})
        planned, done = sum(counts.values()), counts.get(Visit.Status.DONE, 0)
        rows.append(
            {
                "round": r,
                "planned": planned,
                "done": done,
                "cancelled": counts.get(Visit.Status.CANCELLED, 0),
                "rescheduled": counts.get(Visit.Status.RESCHEDULED, 0),
                "percent": round(100 * done / planned) if planned else 0,
                "reasons": {labels.get(k, k): v for k, v in reasons.get(r.pk, {}).items()},
            }
        )
    return rows


def program_competencies(program: Program) -> QuerySet[Any]:
    """The competencies of the program's framework (what diagnoses and goals refer to)."""
    from acompana.frameworks.models import Competency

    return Competency.objects.filter(domain__framework=program.framework).order_by(
        "domain__position", "position"
    )


def low_connectivity(mentee: Any) -> bool:
    """Whether a mentee's profile says their connection is low or absent: visits with them
    are offered by phone or messaging first."""
    return getattr(mentee, "connectivity", "") in ("low", "none")
