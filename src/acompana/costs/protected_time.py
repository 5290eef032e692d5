"""Protected time for teachers' mentoring, from their school's leadership.

A school head (the principal mentee of a school of the program: ``people.selectors``) sees the
mentoring load of the teachers of their school in a term (visits done and circle meetings
attended, with their hours) and approves protected time per teacher per term: hours per week
or a total for the term, with a note. Every approval is audited; coordinators see all of them.
The cost report values the protected hours at the program's teacher hour rate.

Reads (``*_for_user``, ``teacher_load``, ``protected_hours_between``) and writes
(``protected_time_approve``, ``protected_time_withdraw``) of this one subject live together
here; the cost report calls ``protected_hours_between``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.circles.selectors import meeting_load
from acompana.common import audit
from acompana.costs.models import (
    MAX_PROTECTED_HOURS_PER_WEEK,
    MAX_PROTECTED_TOTAL_HOURS,
    CostSettings,
    ProtectedTime,
)
from acompana.people.models import MenteeProfile
from acompana.people.selectors import is_school_head, schools_headed
from acompana.programs.models import Cohort, Program, School
from acompana.visits.models import Visit

CENT = Decimal("0.01")
ZERO = Decimal("0")
MAX_TERM_DAYS = 366
PROTECTED_TIME_ROLES = (Role.COORDINATOR, Role.MENTEE)


class ProtectedTimeConflict(ValidationError):
    """The approval changed since the caller read it; ``current`` is how it is now."""

    def __init__(self, message: str, *, current: ProtectedTime) -> None:
        super().__init__(message, code="conflict")
        self.current = current


# --- Terms and hours ---------------------------------------------------------------------------


def current_term(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The quarter of the year holding ``today`` (the program's local date): the term a page
    opens on when none is asked for."""
    today = today or timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = datetime.date(today.year, first_month, 1)
    next_start = (
        datetime.date(today.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(today.year, first_month + 3, 1)
    )
    return start, next_start - datetime.timedelta(days=1)


def _days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1


def hours_between(
    *,
    term_start: datetime.date,
    term_end: datetime.date,
    hours_per_week: Decimal | None,
    total_hours: Decimal | None,
    start: datetime.date,
    end: datetime.date,
) -> Decimal:
    """The protected hours of one approval that fall between ``start`` and ``end`` (both
    included), to the cent: weekly hours count per day of the overlap (a week is 7 days); a
    total is spread evenly over the days of its term."""
    overlap = _days(max(start, term_start), min(end, term_end))
    if overlap <= 0:
        return ZERO.quantize(CENT)
    if hours_per_week is not None:
        hours = hours_per_week * overlap / 7
    else:
        hours = (total_hours or ZERO) * overlap / _days(term_start, term_end)
    return hours.quantize(CENT, rounding=ROUND_HALF_UP)


def term_hours(protected: ProtectedTime) -> Decimal:
    """The protected hours of the whole term of one approval."""
    return hours_between(
        term_start=protected.term_start,
        term_end=protected.term_end,
        hours_per_week=protected.hours_per_week,
        total_hours=protected.total_hours,
        start=protected.term_start,
        end=protected.term_end,
    )


def teacher_hour_rate(program: Program) -> Decimal:
    settings = CostSettings.objects.filter(program=program).only("teacher_hour_rate").first()
    return settings.teacher_hour_rate if settings else ZERO


def protected_hours_between(
    *, program: Program, start: datetime.date, end: datetime.date, cohort: Cohort | None = None
) -> Decimal:
    """All protected hours of ``program`` between ``start`` and ``end`` (optionally of one
    cohort's teachers), in one query grouped by term: the approvals of a term share its dates,
    so there are a few rows however many teachers."""
    rows = ProtectedTime.objects.filter(program=program, term_start__lte=end, term_end__gte=start)
    if cohort is not None:
        rows = rows.filter(
            mentee__in=MenteeProfile.cohorts.through.objects.filter(cohort=cohort).values(
                "menteeprofile_id"
            )
        )
    total = ZERO
    for term_start, term_end, weekly, whole in (
        rows.order_by()
        .values("term_start", "term_end")
        .annotate(weekly=Sum("hours_per_week"), whole=Sum("total_hours"))
        .values_list("term_start", "term_end", "weekly", "whole")
    ):
        for per_week, total_hours in ((weekly, None), (None, whole)):
            if per_week is None and total_hours is None:
                continue
            total += hours_between(
                term_start=term_start,
                term_end=term_end,
                hours_per_week=per_week,
                total_hours=total_hours,
                start=start,
                end=end,
            )
    return total.quantize(CENT)


# --- Who sees what -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What the caller may do with protected time in a program."""

    coordinator: bool
    schools: tuple[School, ...]  # the schools the caller heads
    mentee: MenteeProfile | None  # the caller's own mentee profile (a teacher sees theirs)

    @property
    def head(self) -> bool:
        return bool(self.schools)


def access_for(*, user: Any, program: Program) -> Access:
    """Coordinators, school heads and mentees (their own protected time) may open protected
    time; other members get 403, outsiders 404."""
    roles = require_role(user, program, PROTECTED_TIME_ROLES)
    mentee = None
    schools: tuple[School, ...] = ()
    if Role.MENTEE in roles:
        mentee = MenteeProfile.objects.filter(program=program, user=user).first()
        schools = tuple(schools_headed(user, program))
    return Access(coordinator=Role.COORDINATOR in roles, schools=schools, mentee=mentee)


def require_school_head(*, user: Any, program: Program) -> Access:
    access = access_for(user=user, program=program)
    if not access.head:
        raise PermissionDenied
    return access


def protected_time_for_user(*, user: Any, program: Program) -> QuerySet[ProtectedTime]:
    """Coordinators: every approval of the program; school heads: those of their schools'
    teachers; a teacher: their own."""
    access = access_for(user=user, program=program)
    rows = ProtectedTime.objects.filter(program=program).select_related(
        "mentee__user", "school", "approved_by"
    )
    if access.coordinator:
        return rows
    visible = Q(pk__in=[])
    if access.schools:
        visible |= Q(school__in=access.schools)
    if access.mentee is not None:
        visible |= Q(mentee=access.mentee)
    return rows.filter(visible)


def teachers_of(*, program: Program, schools: Any) -> QuerySet[MenteeProfile]:
    """The active teachers of ``schools`` in ``program``, by school and code."""
    return (
        MenteeProfile.objects.filter(
            program=program,
            school__in=schools,
            position=MenteeProfile.Position.TEACHER,
            active=True,
        )
        .select_related("user", "school")
        .order_by("school__name", "code")
    )


@dataclass(frozen=True)
class TeacherLoad:
    teacher: MenteeProfile
    visits: int
    visit_hours: Decimal
    meetings: int
    meeting_hours: Decimal
    protected: ProtectedTime | None

    @property
    def hours(self) -> Decimal:
        return self.visit_hours + self.meeting_hours

    @property
    def protected_hours(self) -> Decimal | None:
        return term_hours(self.protected) if self.protected else None


def teacher_load(
    *,
    program: Program,
    teachers: list[MenteeProfile],
    start: datetime.date,
    end: datetime.date,
) -> list[TeacherLoad]:
    """Each teacher's mentoring in the term: visits done and their hours, circle meetings
    attended and their hours, and the protected time approved for a term starting in it.
    Three queries whatever the number of teachers."""
    ids = [t.pk for t in teachers]
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    visits: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for mentee_id, n, minutes in (
        Visit.objects.filter(
            mentee_id__in=ids,
            status=Visit.Status.DONE,
            scheduled_at__gte=since,
            scheduled_at__lt=until,
        )
        .order_by()
        .values("mentee_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .values_list("mentee_id", "n", "minutes")
    ):
        visits[mentee_id] = (n, minutes or 0)
    meetings = meeting_load(program=program, mentee_ids=ids, start=start, end=end)
    protected = {
        p.mentee_id: p
        for p in ProtectedTime.objects.filter(
            mentee_id__in=ids, term_start__lte=end, term_end__gte=start
        )
        .select_related("approved_by")
        .order_by("term_start")
    }
    rows = []
    for teacher in teachers:
        n, minutes = visits[teacher.pk]
        met = meetings.get(teacher.pk)
        rows.append(
            TeacherLoad(
                teacher=teacher,
                visits=n,
                visit_hours=(Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP),
                meetings=met.meetings if met else 0,
                meeting_hours=(met.hours if met else ZERO).quantize(CENT),
                protected=protected.get(teacher.pk),
            )
        )
    return rows


# --- Writes ------------------------------------------------------------------------------------


def _check_term_and_hours(
    *,
    term_start: datetime.date,
    term_end: datetime.date,
    hours_per_week: Decimal | None,
    total_hours: Decimal | None,
) -> None:
    if term_end < term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    if _days(term_start, term_end) > MAX_TERM_DAYS:
        raise ValidationError({"term_end": _("A term lasts at most a year.")})
    if (hours_per_week is None) == (total_hours is None):
        raise ValidationError(_("Give either hours per week or a total for the term, not both."))
    if hours_per_week is not None and not (
        Decimal("0.5") <= hours_per_week <= MAX_PROTECTED_HOURS_PER_WEEK
    ):
        raise ValidationError({"hours_per_week": _("Between 0.5 and 40 hours a week.")})
    if total_hours is not None and not (Decimal("0.5") <= total_hours <= MAX_PROTECTED_TOTAL_HOURS):
        raise ValidationError({"total_hours": _("Between 0.5 and 2000 hours.")})


@transaction.atomic
def protected_time_approve(
    *,
    teacher: MenteeProfile,
    term_start: datetime.date,
    term_end: datetime.date,
    hours_per_week: Decimal | None = None,
    total_hours: Decimal | None = None,
    note: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> ProtectedTime:
    """The head of the teacher's school approves protected time for the teacher in a term
    (a term is known by its start: approving again for the same start replaces the hours, and
    with ``expected_version`` a change since that version is refused). Audited."""
    program = teacher.program
    if teacher.school is None or not is_school_head(actor, program, teacher.school):
        raise PermissionDenied
    if teacher.position != MenteeProfile.Position.TEACHER or not teacher.active:
        raise ValidationError(_("Protected time is for the teachers of your school."))
    _check_term_and_hours(
        term_start=term_start,
        term_end=term_end,
        hours_per_week=hours_per_week,
        total_hours=total_hours,
    )
    if len(note) > 500:
        raise ValidationError({"note": _("The note is too long.")})
    values = {
        "term_end": term_end,
        "hours_per_week": hours_per_week,
        "total_hours": total_hours,
        "note": note.strip(),
        "school": teacher.school,
        "approved_by": actor,
        "approved_at": timezone.now(),
    }
    current = (
        ProtectedTime.objects.select_for_update()
        .filter(mentee=teacher, term_start=term_start)
        .first()
    )
    if current is None:
        protected = ProtectedTime.objects.create(
            program=program, mentee=teacher, term_start=term_start, **values
        )
    else:
        if expected_version is not None and current.version != expected_version:
            raise ProtectedTimeConflict(
                _("This protected time was changed since you opened it. Reload and try again."),
                current=current,
            )
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*values, "version", "updated_at"])
        protected = current
    audit.log(
        "costs.protected_time.approved",
        actor=actor,
        target=protected,
        data={
            "teacher": teacher.code,
            "school": teacher.school.code,
            "term_start": term_start.isoformat(),
            "term_end": term_end.isoformat(),
            "hours_per_week": str(hours_per_week) if hours_per_week is not None else None,
            "total_hours": str(total_hours) if total_hours is not None else None,
            "version": protected.version,
        },
    )
    return protected


@transaction.atomic
def protected_time_withdraw(*, protected: ProtectedTime, actor: Any) -> None:
    """The head of the school withdraws an approval. Audited."""
    if not is_school_head(actor, protected.program, protected.school):
        raise PermissionDenied
    audit.log(
        "costs.protected_time.withdrawn",
        actor=actor,
        target=protected,
        data={"teacher": protected.mentee.code, "term_start": protected.term_start.isoformat()},
    )
    protected.delete()


@transaction.atomic
def teacher_hour_rate_save(*, program: Program, rate: Decimal, actor: Any) -> CostSettings:
    """Set what an hour of a teacher's protected time is valued at (coordinators). Audited."""
    require_role(actor, program, [Role.COORDINATOR])
    if rate < 0 or rate >= Decimal("1000000"):
        raise ValidationError({"rate": _("Give a rate from 0 to 999999.99.")})
    settings, _created = CostSettings.objects.get_or_create(program=program)
    settings.teacher_hour_rate = rate
    settings.save(update_fields=["teacher_hour_rate", "updated_at"])
    audit.log(
        "costs.settings.teacher_hour_rate", actor=actor, target=settings, data={"rate": str(rate)}
    )
    return settings
