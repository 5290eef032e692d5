"""Who sees which training plans and sessions, and feedback summaries.

Coordinators see every plan and session of their program; trainers see the plans and the
sessions they run; mentors see the sessions they are invited to, their own breakout group
and their feedback form. Everyone else in the program is refused.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import require_member, require_role
from acompana.common.counting import count_of
from acompana.common.shipped import in_reader_language
from acompana.people.models import BuddyPair, MentorProfile, SpecialistAssignment
from acompana.people.selectors import (
    NOVICE_MAX_PROGRAMS,
    experienced_in,
    novices_in,
    programs_served_in_year,
    with_novice_in,
)
from acompana.programs.models import Cohort, Program
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    BuddyMeeting,
    Feedback,
    ReadinessCheck,
    ReadinessItem,
    TrainingPlan,
    TrainingSession,
)
from acompana.training.permissions import MANAGERS as MANAGERS

SCORES = ("clarity", "usefulness", "pace", "participation")


def session_mentors(*, session: TrainingSession) -> QuerySet[MentorProfile]:
    """The active mentors of the plan's cohort that the session's track is for (new: the
    novices in that cohort, returning: the experienced, as ``people.selectors`` defines them)."""
    cohort = session.plan.cohort
    qs = MentorProfile.objects.filter(
        program_id=session.plan.program_id, cohorts=cohort.pk, active=True
    )
    if session.track == TrainingSession.Track.NEW:
        qs = novices_in(cohort=cohort, qs=qs)
    elif session.track == TrainingSession.Track.RETURNING:
        qs = experienced_in(cohort=cohort, qs=qs)
    return qs.select_related("user", "region").order_by("code")


def session_attendees(*, session: TrainingSession) -> QuerySet[MentorProfile]:
    return session_mentors(session=session).filter(
        training_attendances__session=session, training_attendances__present=True
    )


@dataclass(frozen=True)
class SessionAccess:
    """What the user may do with one session."""

    manage: bool  # coordinators and the session's trainer: attendance, groups
    mentor: MentorProfile | None  # the user's profile, if invited to the session


def plans_for_user(*, user: Any, program: Program) -> list[TrainingPlan]:
    """The program's plans with the sessions the user may see (``plan.visible_sessions``)."""
    roles = require_member(user, program)
    sessions = TrainingSession.objects.select_related("trainer").order_by("starts_at")
    if Role.COORDINATOR in roles:
        plans = TrainingPlan.objects.filter(program=program)
    elif Role.TRAINER in roles:
        plans = TrainingPlan.objects.filter(program=program)
        sessions = sessions.filter(trainer=user)
    elif Role.MENTOR in roles:
        profile = MentorProfile.objects.filter(program=program, user=user).first()
        if profile is None:
            raise PermissionDenied
        cohorts = profile.cohorts.values_list("pk", flat=True)
        plans = TrainingPlan.objects.filter(program=program, cohort__in=cohorts)
        # novice or experienced in the year of each plan's cohort (``people.selectors``)
        served = MentorProfile.objects.filter(pk=profile.pk).alias(
            served=programs_served_in_year(OuterRef("plan__cohort__year"))
        )
        Track = TrainingSession.Track
        sessions = sessions.filter(
            Q(track=Track.ALL)
            | (Q(track=Track.NEW) & Exists(served.filter(served__lte=NOVICE_MAX_PROGRAMS)))
            | (Q(track=Track.RETURNING) & Exists(served.filter(served__gt=NOVICE_MAX_PROGRAMS)))
        )
    else:
        raise PermissionDenied
    return list(
        plans.select_related("cohort")
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="visible_sessions"))
        .order_by("cohort__year", "title")
    )


def get_plan_for_user(*, user: Any, program: Program, pk: int) -> TrainingPlan:
    """A plan for coordinators and trainers (who add sessions and read feedback)."""
    require_role(user, program, MANAGERS)
    return get_object_or_404(
        TrainingPlan.objects.select_related("cohort", "program"), program=program, pk=pk
    )


def get_session_for_user(
    *, user: Any, program: Program, pk: int, manage: bool = False
) -> tuple[TrainingSession, SessionAccess]:
    """The session and what the user may do with it; 403 unless they may see it, and
    unless they may manage it when ``manage``."""
    roles = require_member(user, program)
    session = get_object_or_404(
        TrainingSession.objects.select_related("plan__cohort", "plan__program", "trainer"),
        plan__program=program,
        pk=pk,
    )
    can_manage = Role.COORDINATOR in roles or (
        Role.TRAINER in roles and session.trainer_id == user.pk
    )
    mentor = None
    if Role.MENTOR in roles:
        mentor = session_mentors(session=session).filter(user=user).first()
    if (not can_manage and mentor is None) or (manage and not can_manage):
        raise PermissionDenied
    return session, SessionAccess(manage=can_manage, mentor=mentor)


def breakout_groups(
    *, session: TrainingSession, numbers: Collection[int] | None = None
) -> list[BreakoutGroup]:
    """The session's groups (only those numbered ``numbers`` if given) with their members
    (``member_list``), each with ``novice_in_cohort``: novice in the plan's cohort
    (``people.selectors``)."""
    members = with_novice_in(
        MentorProfile.objects.select_related("user", "region").order_by("code"),
        cohort=session.plan.cohort,
    )
    groups = BreakoutGroup.objects.filter(session=session)
    if numbers is not None:
        groups = groups.filter(number__in=list(numbers))
    return list(
        groups.prefetch_related(
            Prefetch("members", queryset=members, to_attr="member_list")
        ).order_by("number")
    )


def attendance_by_mentor(*, session: TrainingSession) -> dict[int, bool]:
    return dict(Attendance.objects.filter(session=session).values_list("mentor_id", "present"))


SHEET_PAGE_SIZE = 50  # mentors on one page of the attendance sheet
SHEET_MAX_POSTED = 200  # mentors one post may record (a page, with room for larger pages)
SHEET_SEARCH = ("code", "user__first_name", "user__last_name", "user__email")


def attendance_sheet(
    *,
    session: TrainingSession,
    search: str = "",
    group: int | None = None,
    unrecorded: bool = False,
) -> QuerySet[MentorProfile]:
    """The session's invited mentors by code, each with ``present`` (True, False, or None
    when not recorded), ``group_number`` (their breakout group, or None) and
    ``novice_in_cohort``, all in the same query: the rows of the attendance sheet, which
    pages, the API and the export take a page (or all) of. ``search`` narrows to a code or a
    name, ``group`` to the members of the group with that number, ``unrecorded`` to the
    mentors whose attendance is not recorded yet."""
    qs = with_novice_in(session_mentors(session=session), cohort=session.plan.cohort)
    rows = Attendance.objects.filter(session=session, mentor=OuterRef("pk"))
    through = BreakoutGroup.members.through
    groups = through.objects.filter(
        breakoutgroup__session=session, mentorprofile_id=OuterRef("pk")
    ).order_by("breakoutgroup__number")
    qs = qs.annotate(
        present=Subquery(rows.values("present")[:1]),
        group_number=Subquery(groups.values("breakoutgroup__number")[:1]),
    )
    search = search.strip()[:100]
    if search:
        found = Q()
        for name in SHEET_SEARCH:
            found |= Q(**{f"{name}__icontains": search})
        qs = qs.filter(found)
    if group is not None:
        qs = qs.filter(
            Exists(
                through.objects.filter(
                    breakoutgroup__session=session,
                    breakoutgroup__number=group,
                    mentorprofile_id=OuterRef("pk"),
                )
            )
        )
    if unrecorded:
        qs = qs.filter(~Exists(rows))
    return qs


@dataclass(frozen=True)
class AttendanceCounts:
    invited: int
    recorded: int
    present: int


def attendance_counts(*, session: TrainingSession) -> AttendanceCounts:
    """How many mentors are invited, how many of them have their attendance recorded and how
    many were present (two queries, whatever the number of mentors)."""
    invited = session_mentors(session=session).order_by()
    counts = Attendance.objects.filter(session=session, mentor__in=invited.values("pk")).aggregate(
        recorded=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    return AttendanceCounts(
        invited=invited.count(), recorded=counts["recorded"], present=counts["present"]
    )


def breakout_group_summaries(*, session: TrainingSession) -> QuerySet[BreakoutGroup]:
    """The session's groups by number, each with ``size``, ``novices`` and ``experienced``
    (as ``people.selectors`` defines them in the plan's cohort) counted in the database, for
    the groups of the page only: the groups without their members."""
    through = BreakoutGroup.members.through
    novices = novices_in(cohort=session.plan.cohort).values("pk")
    experienced = experienced_in(cohort=session.plan.cohort).values("pk")
    return (
        BreakoutGroup.objects.filter(session=session)
        .annotate(
            size=count_of(through, "breakoutgroup"),
            novices=count_of(through, "breakoutgroup", mentorprofile__in=novices),
            experienced=count_of(through, "breakoutgroup", mentorprofile__in=experienced),
        )
        .order_by("number")
    )


def mentor_group(*, session: TrainingSession, mentor: MentorProfile) -> BreakoutGroup | None:
    """The breakout group of ``mentor`` in ``session`` with its members (``member_list``), or
    None: two queries, whatever the number of groups."""
    members = MentorProfile.objects.select_related("user").order_by("code")
    return (
        BreakoutGroup.objects.filter(session=session, members=mentor)
        .prefetch_related(Prefetch("members", queryset=members, to_attr="member_list"))
        .order_by("number")
        .first()
    )


def feedback_summary(*, user: Any, plan: TrainingPlan) -> dict[str, list[dict[str, Any]]]:
    """Average scores by session modality (in person vs virtual) and by the mentors'
    experience (new vs returning), over the sessions the user may see."""
    roles = require_role(user, plan.program, MANAGERS)
    feedback = Feedback.objects.filter(session__plan=plan)
    if Role.COORDINATOR not in roles:
        feedback = feedback.filter(session__trainer=user)
    averages = {name: Avg(name) for name in SCORES}
    groups = {
        "modality": [
            (label, Q(session__modality=value)) for value, label in TrainingSession.Modality.choices
        ],
        "track": [
            (
                TrainingSession.Track.NEW.label,
                Q(mentor__in=novices_in(cohort=plan.cohort).values("pk")),
            ),
            (
                TrainingSession.Track.RETURNING.label,
                Q(mentor__in=experienced_in(cohort=plan.cohort).values("pk")),
            ),
        ],
    }
    summary: dict[str, list[dict[str, Any]]] = {}
    for key, parts in groups.items():
        rows = []
        for label, condition in parts:
            stats = feedback.filter(condition).aggregate(count=Count("pk"), **averages)
            scores = [stats[name] for name in SCORES]
            overall = sum(scores) / len(scores) if stats["count"] else None
            rows.append({"label": str(label), **stats, "overall": overall})
        summary[key] = rows
    return summary


# Readiness before field work -------------------------------------------------------------


@dataclass(frozen=True)
class MentorReadiness:
    """A mentor of ``cohort`` and the readiness items of that cohort they still miss."""

    mentor: MentorProfile
    cohort: Cohort
    missing: list[ReadinessItem]


def mentors_not_ready(
    program: Program,
    cohort: Cohort | None = None,
    *,
    limit: int | None = None,
    mentor_ids: Collection[int] | None = None,
) -> list[MentorReadiness]:
    """The active mentors of ``cohort`` (or of every cohort of ``program``) who still miss
    readiness items, with the items they miss, ordered by cohort and mentor code.

    Three queries whatever the number of mentors: items, cohort memberships, checks.
    Cohorts without readiness items have no one to report. No permission check: callers
    (pages of this and other apps) decide who may see the list. With ``limit``, only the
    first ``limit`` mentors, found in the database (a query per cohort until enough). With
    ``mentor_ids``, only those mentors.
    """
    if limit is not None:
        return _first_not_ready(program, cohort, limit)
    items = ReadinessItem.objects.filter(program=program, active=True).select_related("cohort")
    if cohort is not None:
        items = items.filter(cohort=cohort)
    by_cohort: dict[int, list[ReadinessItem]] = {}
    for item in items.order_by("cohort__year", "cohort__name", "position", "pk"):
        by_cohort.setdefault(item.cohort_id, []).append(item)
    if not by_cohort:
        return []
    through = MentorProfile.cohorts.through
    links = (
        through.objects.filter(
            cohort_id__in=list(by_cohort),
            mentorprofile__program=program,
            mentorprofile__active=True,
        )
        .select_related("mentorprofile__user", "cohort")
        .order_by("cohort__year", "cohort__name", "mentorprofile__code")
    )
    checks = ReadinessCheck.objects.filter(item__cohort_id__in=list(by_cohort))
    if mentor_ids is not None:
        links = links.filter(mentorprofile_id__in=list(mentor_ids))
        checks = checks.filter(mentor_id__in=list(mentor_ids))
    done = set(checks.values_list("item_id", "mentor_id"))
    result = []
    for link in links:
        mentor = link.mentorprofile
        missing = [i for i in by_cohort[link.cohort_id] if (i.pk, mentor.pk) not in done]
        if missing:
            result.append(MentorReadiness(mentor=mentor, cohort=link.cohort, missing=missing))
    return result


def _first_not_ready(program: Program, cohort: Cohort | None, limit: int) -> list[MentorReadiness]:
    """The first ``limit`` mentors not ready, cohort by cohort: mentors by code for whom an
    active item of the cohort has no check (NOT EXISTS on the unique (item, mentor) index),
    then the checks of those few mentors only."""
    items = ReadinessItem.objects.filter(program=program, active=True).select_related("cohort")
    if cohort is not None:
        items = items.filter(cohort=cohort)
    by_cohort: dict[int, list[ReadinessItem]] = {}
    for item in items.order_by("cohort__year", "cohort__name", "position", "pk"):
        by_cohort.setdefault(item.cohort_id, []).append(item)
    result: list[MentorReadiness] = []
    for cohort_items in by_cohort.values():
        if len(result) >= limit:
            break
        # fewer checks of the cohort's items than items (one check per item and mentor at
        # most): counted per mentor on the (item, mentor) index while walking the mentors by
        # code, where a NOT EXISTS per item let PostgreSQL hash every check of the program
        signed = count_of(ReadinessCheck, "mentor", item__in=[i.pk for i in cohort_items])
        mentors = list(
            MentorProfile.objects.filter(
                program=program, active=True, cohorts=cohort_items[0].cohort_id
            )
            .alias(signed=signed)
            .filter(signed__lt=len(cohort_items))
            .select_related("user")
            .order_by("code")[: limit - len(result)]
        )
        done = set(
            ReadinessCheck.objects.filter(item__in=cohort_items, mentor__in=mentors).values_list(
                "item_id", "mentor_id"
            )
        )
        for mentor in mentors:
            missing = [i for i in cohort_items if (i.pk, mentor.pk) not in done]
            result.append(
                MentorReadiness(mentor=mentor, cohort=cohort_items[0].cohort, missing=missing)
            )
    return result


GATE_NAMED = 10  # mentors named one by one in the gate's refusal; the rest are counted


def readiness_gate_check(
    *, program: Program, cohort: Cohort | None, mentor_ids: Collection[int]
) -> None:
    """The readiness gate: when ``program.readiness_gate`` is on, refuse (a
    ``ValidationError`` on ``readiness``: the API's 400) if any of ``mentor_ids`` misses an
    active item of ``cohort``'s checklist, naming each such mentor and the items they miss.

    Matching calls it before publishing a run and visits before a mentor's first visit of a
    cohort. Gate off, no cohort or no checklist: nothing is refused.
    """
    if not program.readiness_gate or cohort is None or not mentor_ids:
        return
    missing = mentors_not_ready(program, cohort, mentor_ids=mentor_ids)
    if not missing:
        return
    lines = [
        _("%(mentor)s misses: %(items)s.")
        % {
            "mentor": f"{row.mentor.code} ({row.mentor.user.get_full_name() or row.mentor.code})",
            "items": "; ".join(in_reader_language(item.title) for item in row.missing),
        }
        for row in missing[:GATE_NAMED]
    ]
    more = len(missing) - GATE_NAMED
    if more > 0:
        lines.append(
            ngettext("and %(n)d more mentor.", "and %(n)d more mentors.", more) % {"n": more}
        )
    lead = _(
        "Readiness is a gate in this program: mentors complete the readiness checklist of "
        "%(cohort)s before field work."
    ) % {"cohort": cohort}
    raise ValidationError({"readiness": [lead, *lines]})


@dataclass(frozen=True)
class ReadinessAccess:
    """What the user may do on the readiness page."""

    manage: bool  # trainers and coordinators: see every mentor, sign and unsign
    mentor: MentorProfile | None  # the user's own profile, when they are a mentor


def readiness_access(*, user: Any, program: Program) -> ReadinessAccess:
    """Trainers and coordinators manage; mentors see their own checklist; 403 otherwise."""
    roles = require_member(user, program)
    manage = bool(roles & set(MANAGERS))
    mentor = None
    if Role.MENTOR in roles:
        mentor = (
            MentorProfile.objects.filter(program=program, user=user)
            .prefetch_related("cohorts")
            .first()
        )
    if not manage and mentor is None:
        raise PermissionDenied
    return ReadinessAccess(manage=manage, mentor=mentor)


@dataclass(frozen=True)
class ReadinessRow:
    mentor: MentorProfile
    cells: list[tuple[ReadinessItem, ReadinessCheck | None]]

    @property
    def ready(self) -> bool:
        return all(check is not None for _item, check in self.cells)


def readiness_mentors(
    *, cohort: Cohort, mentor: MentorProfile | None = None
) -> QuerySet[MentorProfile]:
    """The cohort's active mentors by code (only ``mentor`` if given): the rows of the
    readiness table, which pages and the API paginate before building the rows."""
    mentors = MentorProfile.objects.filter(cohorts=cohort, active=True).select_related("user")
    if mentor is not None:
        mentors = mentors.filter(pk=mentor.pk)
    return mentors.order_by("code")


def readiness_table(
    *,
    cohort: Cohort,
    mentor: MentorProfile | None = None,
    mentors: Iterable[MentorProfile] | None = None,
) -> tuple[list[ReadinessItem], list[ReadinessRow]]:
    """The cohort's active items and one row per active mentor (only ``mentor``'s row if
    given; only the rows of ``mentors``, a page of ``readiness_mentors``, if given)."""
    items = list(
        ReadinessItem.objects.filter(cohort=cohort, active=True).order_by("position", "pk")
    )
    if mentors is None:
        mentors = readiness_mentors(cohort=cohort, mentor=mentor)
    mentor_list = list(mentors)
    checks = {
        (c.item_id, c.mentor_id): c
        for c in ReadinessCheck.objects.filter(
            item__cohort=cohort, mentor__in=mentor_list
        ).select_related("signed_by")
    }
    rows = [
        ReadinessRow(mentor=m, cells=[(i, checks.get((i.pk, m.pk))) for i in items])
        for m in mentor_list
    ]
    return items, rows


def get_readiness_item(*, program: Program, pk: int) -> ReadinessItem:
    return get_object_or_404(
        ReadinessItem.objects.select_related("program"), program=program, pk=pk
    )


# Buddies' informal meetings --------------------------------------------------------------


def buddy_pairs_for_user(*, user: Any, program: Program) -> list[BuddyPair]:
    """Coordinators see every buddy pair; mentors the pairs they are in (as novice or buddy);
    everyone else in the program is refused. Meetings are in ``pair.meeting_list``."""
    roles = require_member(user, program)
    pairs = BuddyPair.objects.filter(program=program)
    if Role.COORDINATOR not in roles:
        if Role.MENTOR not in roles:
            raise PermissionDenied
        pairs = pairs.filter(Q(novice__user=user) | Q(buddy__user=user))
    meetings = BuddyMeeting.objects.order_by("-met_on", "-pk")
    return list(
        pairs.select_related("novice__user", "buddy__user", "cohort")
        .prefetch_related(Prefetch("meetings", queryset=meetings, to_attr="meeting_list"))
        .order_by("-started_on", "pk")
    )


def get_buddy_pair_for_user(*, user: Any, program: Program, pk: int) -> BuddyPair:
    """A buddy pair the user may see (coordinators, its two mentors); 403 for other members
    of the program, 404 if the pair is not one of those."""
    pairs = {pair.pk: pair for pair in buddy_pairs_for_user(user=user, program=program)}
    if pk not in pairs:
        raise Http404
    return pairs[pk]


def readiness_items_for_editing(
    *, user: Any, program: Program, cohort: Cohort
) -> list[ReadinessItem]:
    """Every item of the cohort's checklist, inactive ones too, for its coordinators."""
    require_role(user, program, [Role.COORDINATOR])
    return list(ReadinessItem.objects.filter(cohort=cohort).order_by("position", "pk"))


# Specialists who accompany mentors -------------------------------------------------------


def specialist_assignments_for_user(
    *, user: Any, program: Program
) -> QuerySet[SpecialistAssignment]:
    """Coordinators see every assignment of the program, a specialist their own and a mentor
    who accompanies them; everyone else in the program is refused (403)."""
    roles = require_member(user, program)
    qs = SpecialistAssignment.objects.filter(program=program)
    if Role.COORDINATOR not in roles:
        mine = Q(pk__in=[])
        if Role.SPECIALIST in roles:
            mine |= Q(specialist=user)
        if Role.MENTOR in roles:
            mine |= Q(mentor__user=user)
        if Role.SPECIALIST not in roles and Role.MENTOR not in roles:
            raise PermissionDenied
        qs = qs.filter(mine)
    return qs.select_related("specialist", "mentor__user").order_by("mentor__code", "pk")


def program_specialists(program: Program) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__program=program, memberships__role=Role.SPECIALIST)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


@dataclass(frozen=True)
class ConnectionMinutes:
    """A mentor's minutes connected to virtual sessions, from the platforms' reports."""

    mentor_id: int
    sessions: int  # sessions with a report that counted the mentor
    minutes: int  # summed across those sessions
    scheduled: int  # the sessions' scheduled minutes, for the share connected


def connection_minutes(
    *,
    program: Program,
    cohort: Cohort | None = None,
    mentor_ids: Collection[int] | None = None,
    modality: str | None = TrainingSession.Modality.VIRTUAL,
) -> dict[int, ConnectionMinutes]:
    """Per mentor, the connection minutes that imported participants reports recorded
    (``Attendance.connection_minutes``), with the scheduled minutes of the same sessions: one
    aggregate query, for the modality comparison."""
    from django.db.models import Sum

    qs = Attendance.objects.filter(session__plan__program=program, connection_minutes__isnull=False)
    if cohort is not None:
        qs = qs.filter(session__plan__cohort=cohort)
    if modality:
        qs = qs.filter(session__modality=modality)
    if mentor_ids is not None:
        qs = qs.filter(mentor_id__in=list(mentor_ids))
    rows = (
        qs.values("mentor_id")
        .annotate(
            sessions=Count("pk"),
            minutes=Sum("connection_minutes"),
            scheduled=Sum("session__duration_minutes"),
        )
        .order_by("mentor_id")
    )
    return {
        row["mentor_id"]: ConnectionMinutes(
            mentor_id=row["mentor_id"],
            sessions=row["sessions"],
            minutes=row["minutes"] or 0,
            scheduled=row["scheduled"] or 0,
        )
        for row in rows
    }
