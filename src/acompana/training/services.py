"""Induction and in-service training: plans, sessions, attendance, feedback, breakout groups."""

import datetime
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.common.choices import MeetingMode
from acompana.people import services as people_services
from acompana.people.models import BuddyPair, MentorProfile, SpecialistAssignment
from acompana.people.selectors import novice_flags_in, novice_flags_in_year
from acompana.programs.models import Cohort, Program
from acompana.training.defaults import DEFAULT_READINESS_ITEMS
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    BuddyMeeting,
    Discipline,
    Feedback,
    ReadinessCheck,
    ReadinessItem,
    TrainingPlan,
    TrainingSession,
)
from acompana.training.permissions import may_run_sessions
from acompana.training.selectors import SHEET_MAX_POSTED, session_attendees, session_mentors
from acompana.visits.models import Round
from acompana_core.grouping import GroupingError, Participant, make_groups

SCORES = ("clarity", "usefulness", "pace", "participation")


def plan_create(
    *,
    program: Program,
    cohort: Cohort,
    title: str,
    induction: bool = True,
    days_before_field_work: int = 14,
    actor: Any,
) -> TrainingPlan:
    """A training plan for ``cohort``; induction plans must finish before field work."""
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    if days_before_field_work < 0:
        raise ValidationError(_("The days before field work cannot be negative."))
    plan = TrainingPlan.objects.create(
        program=program,
        cohort=cohort,
        title=title,
        induction=induction,
        days_before_field_work=days_before_field_work,
    )
    audit.log(
        "training.plan.created",
        actor=actor,
        target=plan,
        data={"cohort": cohort.pk, "induction": induction},
    )
    return plan


def field_work_deadline(*, plan: TrainingPlan) -> datetime.date | None:
    """The last day an induction session of ``plan`` may end on, or None if no round yet."""
    first = Round.objects.filter(cohort=plan.cohort).order_by("starts_on").first()
    if first is None:
        return None
    return first.starts_on - datetime.timedelta(days=plan.days_before_field_work)


def session_create(
    *,
    plan: TrainingPlan,
    title: str,
    module: str,
    modality: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    track: str = TrainingSession.Track.ALL,
    trainer: Any = None,
    materials: str = "",
    actor: Any,
) -> TrainingSession:
    """Add a session to ``plan``.

    A session of an induction plan must end at least ``plan.days_before_field_work`` days
    before the cohort's first round of visits starts: mentors who go to the field untrained
    feel lost (Peru study).
    """
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The session time needs a time zone."))
    if duration_minutes <= 0:
        raise ValidationError(_("A session must last at least one minute."))
    if trainer is not None and not may_run_sessions(trainer, plan.program):
        raise ValidationError(_("The trainer must be a trainer or coordinator of the program."))
    deadline = field_work_deadline(plan=plan) if plan.induction else None
    ends_on = timezone.localtime(starts_at + datetime.timedelta(minutes=duration_minutes)).date()
    if deadline is not None and ends_on > deadline:
        raise ValidationError(
            _(
                "Induction sessions must end at least %(days)d days before field work "
                "starts: this session must end on %(deadline)s or earlier."
            )
            % {"days": plan.days_before_field_work, "deadline": deadline.isoformat()}
        )
    session = TrainingSession.objects.create(
        plan=plan,
        title=title,
        module=module,
        modality=modality,
        track=track,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        trainer=trainer,
        materials=materials,
    )
    audit.log(
        "training.session.created",
        actor=actor,
        target=session,
        program=plan.program,
        data={"plan": plan.pk, "module": module, "modality": modality, "track": track},
    )
    return session


def _stale_attendance() -> ValidationError:
    return ValidationError(
        _(
            "Someone recorded the attendance of some of these mentors since you opened the "
            "page. Reload the page and record it again."
        ),
        code="stale",
    )


@transaction.atomic
def attendance_record(
    *,
    session: TrainingSession,
    present: Collection[int],
    mentors: Collection[int] | None = None,
    expected_version: int | None = None,
    actor: Any,
) -> list[Attendance]:
    """Record who came: each mentor of ``mentors`` (mentor profile ids: a page of the
    attendance sheet) is marked present if in ``present``, absent otherwise; the other
    mentors' attendance is left as it is. Without ``mentors``, every mentor invited to the
    session is recorded.

    All or nothing: every id must be a mentor invited to the session (and ``present`` a part
    of ``mentors``), at most ``SHEET_MAX_POSTED`` of them. With ``expected_version`` (the
    session's ``attendance_version`` when the sheet was drawn), refuse if the attendance of
    one of these mentors was recorded since then; pages of other mentors recorded meanwhile
    do not count.
    """
    locked = (
        TrainingSession.objects.select_for_update().only("attendance_version").get(pk=session.pk)
    )
    invited = session_mentors(session=session).order_by()
    if mentors is None:
        scope = set(invited.values_list("pk", flat=True))
    else:
        scope = set(mentors)
        if len(scope) > SHEET_MAX_POSTED:
            raise ValidationError(
                _("Record at most %(n)d mentors at a time.") % {"n": SHEET_MAX_POSTED}
            )
        if len(set(invited.filter(pk__in=scope).values_list("pk", flat=True))) != len(scope):
            raise ValidationError(_("Some mentors are not invited to this session."))
    if set(present) - scope:
        raise ValidationError(_("Some mentors are not invited to this session."))
    if (
        expected_version is not None
        and locked.attendance_version != expected_version
        and Attendance.objects.filter(
            session=session, mentor_id__in=scope, recorded_in__gt=expected_version
        ).exists()
    ):
        raise _stale_attendance()
    version = locked.attendance_version + 1
    rows = [
        Attendance(session=session, mentor_id=pk, present=pk in present, recorded_in=version)
        for pk in sorted(scope)
    ]
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["session", "mentor"],
        update_fields=["present", "recorded_in"],
    )
    TrainingSession.objects.filter(pk=session.pk).update(attendance_version=version)
    session.attendance_version = version
    audit.log(
        "training.attendance.recorded",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={
            "present": len(set(present)),
            "recorded": len(scope),
            "whole_session": mentors is None,
            "version": version,
        },
    )
    if session.plan.induction and scope:
        readiness_from_attendance(cohort=session.plan.cohort, mentor_ids=list(scope))
    return rows


@transaction.atomic
def attendance_mark_all_present(
    *, session: TrainingSession, expected_version: int | None = None, actor: Any
) -> int:
    """Mark every mentor invited to ``session`` present, in one ``INSERT … SELECT … ON
    CONFLICT DO UPDATE`` (recorded or not before); returns how many rows were written. With
    ``expected_version``, refuse if any attendance of the session was recorded since."""
    locked = (
        TrainingSession.objects.select_for_update().only("attendance_version").get(pk=session.pk)
    )
    if expected_version is not None and locked.attendance_version != expected_version:
        raise _stale_attendance()
    version = locked.attendance_version + 1
    invited = session_mentors(session=session).order_by().annotate(mid=F("pk")).values("mid")
    mentors_sql, params = invited.query.sql_with_params()
    table = connection.ops.quote_name(Attendance._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (session_id, mentor_id, present, recorded_in) "
            f"SELECT %s, m.mid, %s, %s FROM ({mentors_sql}) AS m WHERE 1 = 1 "
            "ON CONFLICT (session_id, mentor_id) DO UPDATE "
            "SET present = excluded.present, recorded_in = excluded.recorded_in",
            [session.pk, True, version, *params],
        )
        written = cursor.rowcount
    TrainingSession.objects.filter(pk=session.pk).update(attendance_version=version)
    session.attendance_version = version
    audit.log(
        "training.attendance.all_present",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"recorded": written, "version": version},
    )
    if session.plan.induction:
        readiness_from_attendance(cohort=session.plan.cohort)
    return written


def feedback_submit(
    *,
    session: TrainingSession,
    mentor: MentorProfile,
    clarity: int,
    usefulness: int,
    pace: int,
    participation: int,
    comment: str = "",
    actor: Any,
) -> Feedback:
    """A mentor's rating (1-5) of a session: only once, and only by those who attended."""
    scores = {
        "clarity": clarity,
        "usefulness": usefulness,
        "pace": pace,
        "participation": participation,
    }
    if any(not 1 <= value <= 5 for value in scores.values()):
        raise ValidationError(_("Scores go from 1 to 5."))
    if not Attendance.objects.filter(session=session, mentor=mentor, present=True).exists():
        raise ValidationError(_("Only mentors who attended the session can rate it."))
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                session=session, mentor=mentor, comment=comment, **scores
            )
    except IntegrityError:
        raise ValidationError(_("You have already sent feedback on this session.")) from None
    audit.log(
        "training.feedback.submitted",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"mentor": mentor.pk, **scores},
    )
    return feedback


@transaction.atomic
def groups_make(
    *, session: TrainingSession, min_size: int, max_size: int, seed: int, actor: Any
) -> list[BreakoutGroup]:
    """Breakout groups balanced between novices and experienced mentors, regions spread.

    Uses the session's attendees once attendance is recorded, the invited mentors before.
    Replaces the session's existing groups.
    """
    mentors = list(session_attendees(session=session)) or list(session_mentors(session=session))
    by_id = {str(m.pk): m for m in mentors}
    novice = novice_flags_in(cohort=session.plan.cohort, mentor_ids=[m.pk for m in mentors])
    participants = [
        Participant(
            id=str(m.pk),
            experienced=not novice[m.pk],
            region=str(m.region_id) if m.region_id else None,
        )
        for m in mentors
    ]
    try:
        layout = make_groups(participants, min_size=min_size, max_size=max_size, seed=seed)
    except GroupingError as exc:
        raise ValidationError(str(exc)) from exc
    session.breakout_groups.all().delete()
    groups = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(session=session, number=number) for number in range(1, len(layout) + 1)
    )
    through = BreakoutGroup.members.through
    through.objects.bulk_create(
        through(breakoutgroup_id=group.pk, mentorprofile_id=by_id[member].pk)
        for group, members in zip(groups, layout, strict=True)
        for member in members
    )
    audit.log(
        "training.groups.made",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"groups": len(groups), "mentors": len(mentors), "seed": seed},
    )
    return groups


@transaction.atomic
def group_move(*, member: MentorProfile, to_group: BreakoutGroup, actor: Any) -> BreakoutGroup:
    """Move ``member`` into ``to_group``, out of any other group of the same session."""
    session = to_group.session
    if not session_mentors(session=session).filter(pk=member.pk).exists():
        raise ValidationError(_("This mentor is not invited to this session."))
    for group in BreakoutGroup.objects.filter(session=session, members=member):
        group.members.remove(member)
    to_group.members.add(member)
    audit.log(
        "training.groups.moved",
        actor=actor,
        target=session,
        program=session.plan.program,
        data={"mentor": member.pk, "group": to_group.number},
    )
    return to_group


@transaction.atomic
def readiness_items_default(*, cohort: Cohort, actor: Any = None) -> list[ReadinessItem]:
    """The cohort's readiness checklist, created from the default list if it has none."""
    existing = list(ReadinessItem.objects.filter(cohort=cohort).order_by("position", "pk"))
    if existing:
        return existing
    items = ReadinessItem.objects.bulk_create(
        ReadinessItem(program_id=cohort.program_id, cohort=cohort, title=title, position=n)
        for n, title in enumerate(DEFAULT_READINESS_ITEMS, start=1)
    )
    audit.log(
        "training.readiness.defaults_created",
        actor=actor,
        target=cohort,
        data={"items": len(items)},
    )
    return items


def _require_signer(*, item: ReadinessItem, actor: Any) -> None:
    if not has_role(actor, item.program, Role.TRAINER, Role.COORDINATOR):
        raise PermissionDenied(_("Only the program's trainers and coordinators sign readiness."))


def readiness_sign(
    *, item: ReadinessItem, mentor: MentorProfile, evidence: str = "", actor: Any
) -> ReadinessCheck:
    """A trainer or coordinator signs that ``mentor`` completed ``item`` (re-signing updates
    the evidence)."""
    _require_signer(item=item, actor=actor)
    if not item.active:
        raise ValidationError(_("This item is no longer on the checklist."))
    if (
        mentor.program_id != item.program_id
        or not mentor.cohorts.filter(pk=item.cohort_id).exists()
    ):
        raise ValidationError(_("The mentor is not in this item's cohort."))
    check, _created = ReadinessCheck.objects.update_or_create(
        item=item,
        mentor=mentor,
        defaults={
            "evidence": evidence,
            "signed_by": actor,
            "signed_at": timezone.now(),
            "automatic": False,
        },
    )
    audit.log(
        "training.readiness.signed",
        actor=actor,
        target=check,
        program=item.program,
        data={"item": item.pk, "mentor": mentor.pk},
    )
    return check


def readiness_unsign(*, item: ReadinessItem, mentor: MentorProfile, actor: Any) -> None:
    """Withdraw the signature of ``item`` for ``mentor``, if any (one signed from attendance
    comes back the next time the mentor's attendance is recorded while still complete)."""
    _require_signer(item=item, actor=actor)
    deleted, _rows = ReadinessCheck.objects.filter(item=item, mentor=mentor).delete()
    if deleted:
        audit.log(
            "training.readiness.unsigned",
            actor=actor,
            target=item,
            data={"item": item.pk, "mentor": mentor.pk},
        )


def buddy_meeting_log(
    *,
    pair: BuddyPair,
    met_on: datetime.date,
    mode: str,
    topics: str,
    duration_minutes: int,
    actor: Any,
) -> BuddyMeeting:
    """Record an informal meeting of a buddy pair: only its two mentors or a coordinator."""
    members = {pair.novice.user_id, pair.buddy.user_id}
    if actor.pk not in members and not has_role(actor, pair.program, Role.COORDINATOR):
        raise PermissionDenied(_("Only the pair's mentors or a coordinator log its meetings."))
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choose how you met."))
    if duration_minutes <= 0:
        raise ValidationError(_("A meeting must last at least one minute."))
    if met_on > timezone.localdate():
        raise ValidationError(_("The meeting date cannot be in the future."))
    if not topics.strip():
        raise ValidationError(_("Say what you talked about."))
    meeting = BuddyMeeting.objects.create(
        pair=pair, met_on=met_on, mode=mode, topics=topics, duration_minutes=duration_minutes
    )
    audit.log(
        "training.buddy_meeting.logged",
        actor=actor,
        target=meeting,
        program=pair.program,
        data={"pair": pair.pk, "mode": mode, "duration_minutes": duration_minutes},
    )
    return meeting


# Editing the readiness checklist ---------------------------------------------------------


def _renumber(ordered: list[ReadinessItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


@transaction.atomic
def readiness_item_add(*, cohort: Cohort, title: str, actor: Any) -> ReadinessItem:
    """Add an item at the end of the cohort's readiness checklist."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the item a title."))
    last = (
        ReadinessItem.objects.filter(cohort=cohort)
        .order_by("-position")
        .values_list("position", flat=True)
    ).first()
    item = ReadinessItem.objects.create(
        program_id=cohort.program_id, cohort=cohort, title=title, position=(last or 0) + 1
    )
    audit.log(
        "training.readiness.item_added",
        actor=actor,
        target=item,
        program=cohort.program,
        data={"cohort": cohort.pk, "title": title},
    )
    return item


def readiness_item_edit(*, item: ReadinessItem, title: str, actor: Any) -> ReadinessItem:
    """Rename an item; the signatures already given stay (they sign the same task)."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the item a title."))
    before = item.title
    item.title = title
    item.save(update_fields=["title", "updated_at"])
    audit.log(
        "training.readiness.item_edited",
        actor=actor,
        target=item,
        data={"before": before, "after": title},
    )
    return item


@transaction.atomic
def readiness_item_move(*, item: ReadinessItem, up: bool, actor: Any) -> ReadinessItem:
    """Move an item one place up or down in its cohort's checklist (positions renumbered)."""
    ordered = list(
        ReadinessItem.objects.select_for_update()
        .filter(cohort_id=item.cohort_id)
        .order_by("position", "pk")
    )
    index = next(n for n, other in enumerate(ordered) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(ordered):
        raise ValidationError(_("The item is already at that end of the list."))
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(ordered)
    audit.log(
        "training.readiness.item_moved",
        actor=actor,
        target=item,
        data={"up": up, "position": target + 1},
    )
    item.refresh_from_db()
    return item


def readiness_item_set_active(*, item: ReadinessItem, active: bool, actor: Any) -> ReadinessItem:
    """Deactivate an item (no longer required; its signatures are kept) or reactivate it."""
    if item.active == active:
        return item
    item.active = active
    item.save(update_fields=["active", "updated_at"])
    audit.log(
        "training.readiness.item_activated" if active else "training.readiness.item_deactivated",
        actor=actor,
        target=item,
        data={"title": item.title},
    )
    return item


# Buddy pairs -----------------------------------------------------------------------------


@transaction.atomic
def buddy_pair_create(
    *,
    program: Program,
    novice: MentorProfile,
    buddy: MentorProfile,
    started_on: datetime.date,
    cohort: Cohort | None = None,
    actor: Any,
) -> BuddyPair:
    """Pair a novice mentor with an experienced buddy (by hand, until the matching engine
    proposes pairs). A novice has one current buddy; the buddy must be experienced."""
    if novice.program_id != program.pk or buddy.program_id != program.pk:
        raise ValidationError(_("Both mentors must be in this program."))
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    if novice.pk == buddy.pk:
        raise ValidationError(_("A mentor cannot be their own buddy."))
    flags = novice_flags_in_year(
        program=program,
        year=cohort.year if cohort is not None else started_on.year,
        mentor_ids=[novice.pk, buddy.pk],
    )
    if flags[buddy.pk]:
        raise ValidationError(_("The buddy must be an experienced mentor."))
    if not flags[novice.pk]:
        raise ValidationError(_("Only novice mentors get a buddy."))
    pair = people_services.buddy_pair_start(
        program=program,
        novice=novice,
        buddy=buddy,
        started_on=started_on,
        cohort=cohort,
        actor=actor,
    )
    audit.log(
        "training.buddy_pair.created",
        actor=actor,
        target=pair,
        program=program,
        data={"novice": novice.pk, "buddy": buddy.pk, "started_on": str(started_on)},
    )
    return pair


def buddy_pair_end(*, pair: BuddyPair, ended_on: datetime.date, actor: Any) -> BuddyPair:
    """End a buddy pair on ``ended_on`` (its meetings are kept)."""
    pair = people_services.buddy_pair_end(pair=pair, ended_on=ended_on, actor=actor)
    audit.log(
        "training.buddy_pair.ended", actor=actor, target=pair, data={"ended_on": str(ended_on)}
    )
    return pair


# Specialists who accompany mentors -------------------------------------------------------


def specialist_assign(
    *,
    program: Program,
    specialist: Any,
    mentor: MentorProfile,
    discipline: str,
    actor: Any,
) -> SpecialistAssignment:
    """A specialist of the program starts accompanying ``mentor``, with their discipline (a
    ``Discipline`` code, or free text for another profession)."""
    discipline = discipline.strip()
    if not has_role(specialist, program, Role.SPECIALIST):
        raise ValidationError(_("The person must be a specialist of the program."))
    if mentor.program_id != program.pk:
        raise ValidationError(_("The mentor is not in this program."))
    if not discipline or discipline == Discipline.OTHER:
        raise ValidationError(_("Give the specialist's discipline."))
    if len(discipline) > 100:
        raise ValidationError(_("The discipline is too long (100 characters at most)."))
    assignment = people_services.specialist_assignment_start(
        program=program, specialist=specialist, mentor=mentor, discipline=discipline, actor=actor
    )
    audit.log(
        "training.specialist.assigned",
        actor=actor,
        target=assignment,
        program=program,
        data={"specialist": specialist.pk, "mentor": mentor.pk, "discipline": discipline},
    )
    return assignment


def specialist_unassign(*, assignment: SpecialistAssignment, actor: Any) -> None:
    """End an assignment: the specialist stops seeing the mentor's visits at once.

    The assignment row is deleted (every access check of visits asks whether one exists);
    the audit log keeps who accompanied whom, with what discipline and since when.
    """
    data = {
        "specialist": assignment.specialist_id,
        "mentor": assignment.mentor_id,
        "discipline": assignment.discipline,
        "since": assignment.created_at.isoformat(),
    }
    program = assignment.program
    audit.log(
        "training.specialist.unassigned",
        actor=actor,
        target=assignment.mentor,
        program=program,
        data=data,
    )
    people_services.specialist_assignment_end(assignment=assignment, actor=actor)


# Readiness from attendance ---------------------------------------------------------------


@transaction.atomic
def readiness_item_set_modules(
    *, item: ReadinessItem, modules: Collection[str], actor: Any
) -> ReadinessItem:
    """Make ``item`` signed from attendance of ``modules`` (training module codes), or signed
    by hand again (no modules: the checks already signed from attendance stay). The cohort's
    mentors are then checked against the new modules at once."""
    chosen = sorted(set(modules))
    unknown = [code for code in chosen if code not in TrainingSession.Module.values]
    if unknown:
        raise ValidationError(
            {"modules": [_("Unknown training module: %(code)s.") % {"code": unknown[0]}]}
        )
    before = list(item.modules)
    if before == chosen:
        return item
    item.modules = chosen
    item.save(update_fields=["modules", "updated_at"])
    audit.log(
        "training.readiness.item_modules",
        actor=actor,
        target=item,
        data={"before": before, "after": chosen},
    )
    if chosen:
        readiness_from_attendance(cohort=item.cohort, items=[item])
    return item


@transaction.atomic
def readiness_from_attendance(
    *,
    cohort: Cohort,
    mentor_ids: Collection[int] | None = None,
    items: Collection[ReadinessItem] | None = None,
) -> tuple[int, int]:
    """Sign, as the system, the cohort's active "from attendance" items each mentor completed,
    and withdraw those signed so that are no longer complete; returns (signed, withdrawn).

    A mentor completed an item when, for each of its modules, the cohort's induction plans
    have at least one session of that module meant for them (the session's track: all, new
    or returning mentors, as ``people.selectors`` defines novices in the cohort) and the
    mentor was present at every such session. Signatures given by a person are never
    touched; signing by hand over an automatic signature makes it a person's. Only the
    active mentors of the cohort (or those of ``mentor_ids``) and ``items`` (default: every
    active item with modules) are looked at. Audited as the system (no actor).
    """
    if items is None:
        items = ReadinessItem.objects.filter(cohort=cohort, active=True)
    auto = [item for item in items if item.active and item.modules]
    if not auto:
        return 0, 0
    needed = {code for item in auto for code in item.modules}
    mentors = MentorProfile.objects.filter(cohorts=cohort, active=True)
    if mentor_ids is not None:
        mentors = mentors.filter(pk__in=list(mentor_ids))
    mentor_pks = list(mentors.values_list("pk", flat=True))
    if not mentor_pks:
        return 0, 0
    sessions = list(
        TrainingSession.objects.filter(
            plan__cohort=cohort, plan__induction=True, module__in=needed
        ).values_list("pk", "module", "track")
    )
    present = set(
        Attendance.objects.filter(
            session_id__in=[pk for pk, _m, _t in sessions], mentor_id__in=mentor_pks, present=True
        ).values_list("session_id", "mentor_id")
    )
    novice = novice_flags_in(cohort=cohort, mentor_ids=mentor_pks)
    Track = TrainingSession.Track

    def completed(mentor_id: int, module: str) -> bool:
        track = Track.NEW if novice[mentor_id] else Track.RETURNING
        meant = [pk for pk, m, t in sessions if m == module and t in (Track.ALL, track)]
        return bool(meant) and all((pk, mentor_id) in present for pk in meant)

    existing = {
        (c.item_id, c.mentor_id): c
        for c in ReadinessCheck.objects.filter(item__in=auto, mentor_id__in=mentor_pks)
    }
    now = timezone.now()
    signed: list[ReadinessCheck] = []
    withdrawn: list[ReadinessCheck] = []
    for item in auto:
        for mentor_id in mentor_pks:
            done = all(completed(mentor_id, code) for code in item.modules)
            check = existing.get((item.pk, mentor_id))
            if done and check is None:
                signed.append(
                    ReadinessCheck(item=item, mentor_id=mentor_id, signed_at=now, automatic=True)
                )
            elif not done and check is not None and check.automatic:
                withdrawn.append(check)
    ReadinessCheck.objects.bulk_create(signed)
    ReadinessCheck.objects.filter(pk__in=[c.pk for c in withdrawn]).delete()
    if signed or withdrawn:
        audit.log(
            "training.readiness.from_attendance",
            actor=None,
            target=cohort,
            data={
                "signed": [[c.item_id, c.mentor_id] for c in signed],
                "withdrawn": [[c.item_id, c.mentor_id] for c in withdrawn],
            },
        )
    return len(signed), len(withdrawn)


def readiness_recompute(*, program: Program) -> tuple[int, int]:
    """Check every cohort of ``program`` against its "from attendance" items (for data
    recorded before the items named modules); returns (signed, withdrawn) in all."""
    signed = withdrawn = 0
    for cohort in Cohort.objects.filter(program=program).order_by("year", "name"):
        more, fewer = readiness_from_attendance(cohort=cohort)
        signed, withdrawn = signed + more, withdrawn + fewer
    return signed, withdrawn
