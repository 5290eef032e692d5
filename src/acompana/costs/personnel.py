"""Personnel cost: what the program pays its mentors, and what that comes to in a year.

A coordinator sets rates (``PersonnelRate``) for the mentor role or for one mentor: per hour
logged, per visit done, or a monthly stipend, each valid from one date to another. On any day a
mentor's rate is their own rate valid that day, else the role's rate valid that day; one target
never has two rates on the same day (``personnel_rate_save`` refuses an overlap).

How a year is costed (``personnel_cost_between``):

- **per hour**: each time log is valued at the rate valid on its date (time logs have no
  approval step: every logged hour counts);
- **per visit**: each visit with status *done* on a day (the program's local date of
  ``scheduled_at``) is valued at the rate valid that day;
- **monthly stipend**: prorated by days. For each calendar month, a stipend valid on *k* of
  its *n* days pays ``amount * k / n``. A mentor's own stipend is paid for its valid days. The
  role's stipend is paid to each mentor with a partnership active in that month who has no
  rate of their own valid on any day of that month.

Totals are summed in the database grouped by *period* (the stretches between the dates where
some rate starts or ends) and by mentor only for mentors with rates of their own, so the rows
read do not grow with the number of time logs or visits.

Reads and writes of this one subject live together here, as in ``protected_time``.
"""

import calendar
import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.costs.models import MAX_RATE_AMOUNT, PersonnelRate, RateBasis, TimeLog
from acompana.people.models import MentorProfile, Partnership
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Visit

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_RATES_PER_PROGRAM = 20_000
FAR_FUTURE = datetime.date(9999, 12, 31)


class PersonnelRateConflict(ValidationError):
    """The rate changed since the caller read it; ``current`` is how it is now."""

    def __init__(self, message: str, *, current: PersonnelRate) -> None:
        super().__init__(message, code="conflict")
        self.current = current


# --- Writes ------------------------------------------------------------------------------------


def _require_coordinator(actor: Any, program: Program) -> None:
    if not has_role(actor, program, Role.COORDINATOR):
        raise PermissionDenied


def _check_rate(
    *,
    program: Program,
    mentor: MentorProfile | None,
    basis: str,
    amount: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> None:
    if basis not in RateBasis.values:
        raise ValidationError(_("Choose how the rate is paid."), code="basis")
    if amount < 0 or amount > MAX_RATE_AMOUNT or amount != amount.quantize(CENT):
        raise ValidationError(
            _("Give an amount of zero or more, with at most two decimals."), code="amount"
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The rate cannot end before it starts."), code="valid_to")
    if not (2000 <= valid_from.year <= 2100) or (valid_to and not 2000 <= valid_to.year <= 2100):
        raise ValidationError(_("Choose dates between 2000 and 2100."), code="valid_from")
    if mentor is not None and mentor.program_id != program.pk:
        raise ValidationError(_("This mentor is not in the program."), code="mentor")


def _overlapping(
    *,
    program: Program,
    mentor: MentorProfile | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> QuerySet[PersonnelRate]:
    rates = PersonnelRate.objects.filter(program=program, mentor=mentor).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        rates = rates.filter(valid_from__lte=valid_to)
    return rates


def personnel_rate_save(
    *,
    program: Program,
    actor: Any,
    mentor: MentorProfile | None,
    basis: str,
    amount: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    note: str = "",
    rate: PersonnelRate | None = None,
    expected_version: int | None = None,
) -> PersonnelRate:
    """Create a rate, or change ``rate`` (refused with ``PersonnelRateConflict`` when its
    version is no longer ``expected_version``). Refused when the same target (the role, or the
    mentor) has another rate valid on any of its days. The program row is locked while checking
    so that two coordinators cannot add overlapping rates at once."""
    _require_coordinator(actor, program)
    _check_rate(
        program=program,
        mentor=mentor,
        basis=basis,
        amount=amount,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    note = note.strip()[:300]
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        if rate is not None:
            current = PersonnelRate.objects.select_for_update().get(pk=rate.pk, program=program)
            if expected_version is not None and current.version != expected_version:
                raise PersonnelRateConflict(
                    _("This rate changed since you opened it. Nothing was changed."),
                    current=current,
                )
        elif PersonnelRate.objects.filter(program=program).count() >= MAX_RATES_PER_PROGRAM:
            raise ValidationError(_("This program has too many rates."), code="too_many")
        others = _overlapping(
            program=program, mentor=mentor, valid_from=valid_from, valid_to=valid_to
        )
        if rate is not None:
            others = others.exclude(pk=rate.pk)
        if others.exists():
            raise ValidationError(
                _("Another rate of the same person or role is valid on some of these days."),
                code="overlap",
            )
        fields = {
            "mentor": mentor,
            "basis": basis,
            "amount": amount,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "note": note,
        }
        if rate is None:
            rate = PersonnelRate.objects.create(program=program, **fields)
            action = "costs.personnel_rate.created"
        else:
            for name, value in fields.items():
                setattr(rate, name, value)
            rate.version = current.version + 1
            rate.save(update_fields=[*fields, "version", "updated_at"])
            action = "costs.personnel_rate.changed"
        audit.log(
            action,
            actor=actor,
            target=rate,
            data={
                "mentor": mentor.code if mentor else None,
                "basis": basis,
                "amount": str(amount),
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return rate


def personnel_rate_delete(
    *, rate: PersonnelRate, actor: Any, expected_version: int | None = None
) -> None:
    _require_coordinator(actor, rate.program)
    with transaction.atomic():
        current = PersonnelRate.objects.select_for_update().get(pk=rate.pk)
        if expected_version is not None and current.version != expected_version:
            raise PersonnelRateConflict(
                _("This rate changed since you opened it. Nothing was changed."), current=current
            )
        audit.log(
            "costs.personnel_rate.deleted",
            actor=actor,
            target=current,
            data={"basis": current.basis, "amount": str(current.amount)},
        )
        current.delete()


# --- Reads -------------------------------------------------------------------------------------


def personnel_rate_list_for_user(*, user: Any, program: Program) -> QuerySet[PersonnelRate]:
    """Coordinators only (403 for other members, 404 for outsiders)."""
    from acompana.costs.permissions import require_coordinator

    require_coordinator(user, program)
    return PersonnelRate.objects.filter(program=program).select_related("mentor__user")


@dataclass(frozen=True)
class PersonnelCost:
    hours_cost: Decimal
    visits_cost: Decimal
    stipends_cost: Decimal

    @property
    def total(self) -> Decimal:
        return self.hours_cost + self.visits_cost + self.stipends_cost


@dataclass(frozen=True)
class _Rate:
    mentor_id: int | None
    basis: str
    amount: Decimal
    start: datetime.date
    end: datetime.date

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _periods(
    rates: list[_Rate], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The stretches of ``start..end`` on which no rate starts or ends."""
    cuts = {start, end + datetime.timedelta(days=1)}
    for r in rates:
        for day in (r.start, r.end + datetime.timedelta(days=1)):
            if start < day <= end:
                cuts.add(day)
    ordered = sorted(cuts)
    return [(a, b - datetime.timedelta(days=1)) for a, b in itertools.pairwise(ordered)]


def _period_case(field: Any, periods: list[tuple[datetime.date, datetime.date]]) -> Case:
    return Case(
        *[When(**{f"{field}__lte": last}, then=Value(i)) for i, (_a, last) in enumerate(periods)],
        default=Value(len(periods)),
        output_field=IntegerField(),
    )


def _rate_on(
    rates_by_target: dict[int | None, list[_Rate]], mentor_id: int | None, day: datetime.date
) -> _Rate | None:
    if mentor_id is not None:
        for r in rates_by_target.get(mentor_id, []):
            if r.covers(day):
                return r
    for r in rates_by_target.get(None, []):
        if r.covers(day):
            return r
    return None


def personnel_cost_between(
    *, program: Program, start: datetime.date, end: datetime.date, cohort: Cohort | None = None
) -> PersonnelCost:
    """The personnel cost of ``start..end`` (both included), optionally of one cohort's mentors
    and partnerships: see the module's docstring for the rules. At most four queries besides
    the rates'; none when the program has no rate."""
    rows = PersonnelRate.objects.filter(program=program, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    rates = [
        _Rate(m, b, a, max(f, start), min(t or FAR_FUTURE, end))
        for m, b, a, f, t in rows.values_list("mentor", "basis", "amount", "valid_from", "valid_to")
    ]
    if not rates:
        return PersonnelCost(ZERO.quantize(CENT), ZERO.quantize(CENT), ZERO.quantize(CENT))
    rates_by_target: dict[int | None, list[_Rate]] = defaultdict(list)
    for r in rates:
        rates_by_target[r.mentor_id].append(r)
    periods = _periods(rates, start, end)
    cohort_mentors = (
        MentorProfile.objects.filter(cohorts=cohort).values("pk") if cohort is not None else None
    )
    own_ids = rows.filter(mentor__isnull=False).values("mentor")
    target = Case(
        When(mentor__in=own_ids, then=F("mentor")), default=None, output_field=IntegerField()
    )

    def priced(basis: str, counted: dict[tuple[int | None, int], Decimal]) -> Decimal:
        total = ZERO
        for (mentor_id, period), quantity in counted.items():
            rate = _rate_on(rates_by_target, mentor_id, periods[period][0])
            if rate is not None and rate.basis == basis:
                total += quantity * rate.amount
        return total.quantize(CENT, ROUND_HALF_UP)

    hours_cost = visits_cost = ZERO.quantize(CENT)
    if any(r.basis == RateBasis.HOUR for r in rates):
        logs = TimeLog.objects.filter(program=program, worked_on__range=(start, end))
        if cohort_mentors is not None:
            logs = logs.filter(mentor__in=cohort_mentors)
        grouped = (
            logs.order_by()
            .annotate(target=target, period=_period_case("worked_on", periods))
            .values("target", "period")
            .annotate(total=Sum("hours"))
            .values_list("target", "period", "total")
        )
        hours_cost = priced(RateBasis.HOUR, {(m, p): t for m, p, t in grouped})
    if any(r.basis == RateBasis.VISIT for r in rates):
        visits = Visit.objects.filter(
            program=program, status=Visit.Status.DONE, scheduled_at__date__range=(start, end)
        )
        if cohort_mentors is not None:
            visits = visits.filter(mentor__in=cohort_mentors)
        visit_rows = (
            visits.order_by()
            .annotate(day=TruncDate("scheduled_at"))
            .annotate(target=target, period=_period_case("day", periods))
            .values("target", "period")
            .annotate(n=Count("pk"))
            .values_list("target", "period", "n")
        )
        visits_cost = priced(RateBasis.VISIT, {(m, p): Decimal(n) for m, p, n in visit_rows})
    stipends = _stipends(
        program=program,
        rates=rates,
        start=start,
        end=end,
        cohort=cohort,
    )
    return PersonnelCost(hours_cost, visits_cost, stipends)


def _months(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    months = []
    day = start.replace(day=1)
    while day <= end:
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        months.append((day, last))
        day = last + datetime.timedelta(days=1)
    return months


def _days_in(rate: _Rate, first: datetime.date, last: datetime.date) -> int:
    return max(0, (min(rate.end, last) - max(rate.start, first)).days + 1)


def _stipends(
    *,
    program: Program,
    rates: list[_Rate],
    start: datetime.date,
    end: datetime.date,
    cohort: Cohort | None,
) -> Decimal:
    stipends = [r for r in rates if r.basis == RateBasis.MONTH]
    if not stipends:
        return ZERO.quantize(CENT)
    total = ZERO
    months = _months(start, end)
    for first, last in months:
        n = calendar.monthrange(first.year, first.month)[1]
        for r in stipends:
            if r.mentor_id is not None:
                total += r.amount * _days_in(r, first, last) / n
    role_stipends = [r for r in stipends if r.mentor_id is None]
    if role_stipends:
        partnerships = Partnership.objects.filter(program=program)
        if cohort is not None:
            partnerships = partnerships.filter(cohort=cohort)
        own_rates = PersonnelRate.objects.filter(program=program, mentor__isnull=False)

        def own_in(first: datetime.date, last: datetime.date) -> QuerySet[Any]:
            return (
                own_rates.filter(valid_from__lte=last)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
                .values("mentor")
            )

        counts = partnerships.aggregate(
            **{
                f"m{i}": Count(
                    "mentor",
                    distinct=True,
                    filter=Q(started_on__lte=la)
                    & (Q(ended_on__isnull=True) | Q(ended_on__gte=f))
                    & ~Q(mentor__in=own_in(f, la)),
                )
                for i, (f, la) in enumerate(months)
            }
        )
        for i, (first, last) in enumerate(months):
            n = calendar.monthrange(first.year, first.month)[1]
            for r in role_stipends:
                total += r.amount * _days_in(r, first, last) / n * (counts[f"m{i}"] or 0)
    return total.quantize(CENT, ROUND_HALF_UP)
