"""Reading time and cost: lists through the permission rules, and the cost report.

Every list and detail page and endpoint reads through the ``*_for_user`` getters below, so a
mentor never reaches another mentor's time log or expense: it is simply not found (404).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, overload

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acompana.accounts.models import Role
from acompana.circles.models import Circle, Meeting, Member
from acompana.costs.models import (
    DEFAULT_CURRENCY,
    BudgetCategory,
    BudgetLine,
    CostSettings,
    Expense,
    TimeCategory,
    TimeLog,
)
from acompana.costs.permissions import require_coordinator, require_cost_access
from acompana.costs.personnel import PersonnelCost, personnel_cost_between
from acompana.costs.protected_time import protected_hours_between
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Cohort, Program

ZERO = Decimal("0")
CENT = Decimal("0.01")


def program_currency(program: Program) -> str:
    settings = CostSettings.objects.filter(program=program).only("currency").first()
    return settings.currency if settings else DEFAULT_CURRENCY


# --- Time logs and expenses --------------------------------------------------------------------


def time_log_list_for_user(*, user: Any, program: Program) -> QuerySet[TimeLog]:
    """Coordinators: every time log of the program; mentors: their own; others 403."""
    roles = require_cost_access(user, program)
    logs = TimeLog.objects.filter(program=program)
    if Role.COORDINATOR in roles:
        return logs
    return logs.filter(mentor__user=user)


def get_time_log_for_user(*, user: Any, program: Program, pk: int, write: bool = False) -> TimeLog:
    """The time log if the user may see it (404 otherwise); with ``write``, only its own
    mentor may go on (a coordinator gets 403: time is the mentor's own record)."""
    log = get_object_or_404(
        time_log_list_for_user(user=user, program=program).select_related(
            "mentor__user", "visit__mentee__user"
        ),
        pk=pk,
    )
    if write and log.mentor.user_id != user.pk:
        raise PermissionDenied
    return log


def expense_list_for_user(*, user: Any, program: Program) -> QuerySet[Expense]:
    """Coordinators: every expense of the program; mentors: their own; others 403."""
    roles = require_cost_access(user, program)
    expenses = Expense.objects.filter(program=program)
    if Role.COORDINATOR in roles:
        return expenses
    return expenses.filter(mentor__user=user)


def get_expense_for_user(
    *, user: Any, program: Program, pk: int, write: bool = False, decide: bool = False
) -> Expense:
    """The expense if the user may see it (404 otherwise). ``write``: only its mentor;
    ``decide``: only coordinators (403 for the others who may see it)."""
    expense = get_object_or_404(
        expense_list_for_user(user=user, program=program).select_related(
            "mentor__user", "decided_by", "program"
        ),
        pk=pk,
    )
    if write and expense.mentor.user_id != user.pk:
        raise PermissionDenied
    if decide:
        require_coordinator(user, program)
    return expense


def own_visits(*, mentor: MentorProfile) -> QuerySet[Any]:
    """The mentor's visits a time log may point to, latest first."""
    return mentor.visits.select_related("mentee__user").order_by("-scheduled_at")


def expenses_awaiting_count(*, program: Program) -> int:
    return Expense.objects.filter(program=program, status=Expense.Status.SUBMITTED).count()


# --- Budget ------------------------------------------------------------------------------------


def budget_lines_for_user(*, user: Any, program: Program, year: int | None = None) -> Any:
    require_coordinator(user, program)
    lines = BudgetLine.objects.filter(program=program)
    if year is not None:
        lines = lines.filter(year=year)
    return lines.order_by("year", "category")


def report_years(*, program: Program, latest: int | None = None) -> list[int]:
    """Years a report can be asked for: the cohorts', the budget's, the latest with records
    (``latest`` when the caller has it) and this year."""
    years = set(program.cohorts.values_list("year", flat=True))
    years |= set(BudgetLine.objects.filter(program=program).values_list("year", flat=True))
    years.add(latest_report_year(program=program) if latest is None else latest)
    years.add(timezone.localdate().year)
    return sorted(years)


def latest_report_year(*, program: Program) -> int:
    """The year the report opens on: the latest with time logged, an expense or a budget line
    (a program whose records end in 2021 opens on 2021, not on an empty current year); this
    year when there is nothing yet."""

    def last(model: Any, field: str) -> Subquery:
        rows = model.objects.filter(program=OuterRef("pk")).order_by(f"-{field}")
        return Subquery(rows.values(field)[:1])

    found = (
        Program.objects.filter(pk=program.pk)
        .annotate(
            log=last(TimeLog, "worked_on"),
            expense=last(Expense, "spent_on"),
            line=last(BudgetLine, "year"),
        )
        .values("log", "expense", "line")
        .get()
    )
    years = [d.year for d in (found["log"], found["expense"]) if d is not None]
    years += [found["line"]] if found["line"] is not None else []
    return max(years, default=timezone.localdate().year)


# --- The cost report ---------------------------------------------------------------------------


def cents(value: Decimal | None) -> Decimal:
    """A sum from the database to two decimals (SQLite returns 2.5 for 2.50, and None for no
    rows)."""
    return (value or ZERO).quantize(CENT)


def per_mentee(cost: Decimal, mentees: int) -> Decimal | None:
    """Cost per mentee served, to the cent; None when nobody was served."""
    if not mentees:
        return None
    return (cost / mentees).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MentorCost:
    mentor_id: int
    code: str
    name: str
    region: str
    hours: Decimal
    cost: Decimal
    pending: Decimal
    mentees: int

    @property
    def cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.cost, self.mentees)


@dataclass(frozen=True)
class RegionCost:
    region: str
    mentors: int
    hours: Decimal
    cost: Decimal
    mentees: int

    @property
    def cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.cost, self.mentees)


@dataclass(frozen=True)
class BudgetUse:
    category: str
    label: str
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def used_percent(self) -> int | None:
        if not self.budget:
            return None
        return int((self.spent * 100 / self.budget).to_integral_value(rounding=ROUND_HALF_UP))

    @property
    def over(self) -> bool:
        return self.spent > self.budget


def _summed(rows: QuerySet[Any], field: str) -> Coalesce:
    """The sum of ``field`` over ``rows`` of the outer mentor, as a correlated subquery (an
    index on the mentor and the date serves it)."""
    total = (
        rows.filter(mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField())


PERSON = ("pk", "code", "user__first_name", "user__last_name", "user__email", "region__name")


class MentorRows(Sequence[MentorCost]):
    """The report's mentors by code, built only when read. ``len()`` comes from the grouped
    counts; a slice (the page shown) is one query, each of its mentors' sums a correlated
    subquery over the mentor's index; iterating (the downloads and the API) reads every mentor
    and the sums grouped by mentor, four queries (correlated subqueries for ten thousand
    mentors would take seconds)."""

    def __init__(
        self,
        *,
        mentors: QuerySet[MentorProfile],
        logs: QuerySet[TimeLog],
        expenses: QuerySet[Expense],
        partnerships: QuerySet[Partnership],
        count: int,
        mentor_logs: QuerySet[TimeLog] | None = None,
        mentor_expenses: QuerySet[Expense] | None = None,
    ) -> None:
        self._mentors = mentors.order_by("code", "pk")
        self._logs, self._expenses, self._partnerships = logs, expenses, partnerships
        # The same rows for the correlated sums of one mentor, without the program's filter:
        # with it SQLite searches the (program, date) index, a whole year for each mentor
        # (2.3 s for a page of 50 among 300 mentors); without it, the (mentor, date) index (4 ms).
        self._mentor_logs = logs if mentor_logs is None else mentor_logs
        self._mentor_expenses = expenses if mentor_expenses is None else mentor_expenses
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> MentorCost: ...

    @overload
    def __getitem__(self, index: slice) -> list[MentorCost]: ...

    def __getitem__(self, index: int | slice) -> MentorCost | list[MentorCost]:
        if isinstance(index, slice):
            if index.step not in (None, 1):
                return list(self)[index]
            return self._some(index)
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._some(slice(index, index + 1))[0]

    def _some(self, index: slice) -> list[MentorCost]:
        approved = self._mentor_expenses.filter(status=Expense.Status.APPROVED)
        submitted = self._mentor_expenses.filter(status=Expense.Status.SUBMITTED)
        mentees = (
            self._partnerships.filter(mentor=OuterRef("pk"))
            .order_by()
            .values("mentor")
            .annotate(n=Count("mentee", distinct=True))
            .values("n")
        )
        rows = self._mentors.annotate(
            hours=_summed(self._mentor_logs, "hours"),
            cost=_summed(approved, "amount"),
            pending=_summed(submitted, "amount"),
            mentees=Subquery(mentees, output_field=IntegerField()),
        ).values(*PERSON, "hours", "cost", "pending", "mentees")
        return [_mentor_cost(m) for m in rows[index]]

    def __iter__(self) -> Iterator[MentorCost]:
        hours = dict(
            self._logs.order_by()
            .values("mentor")
            .annotate(total=Sum("hours"))
            .values_list("mentor", "total")
        )
        money: dict[tuple[int, str], Decimal] = {
            (mentor_id, status): total
            for mentor_id, status, total in self._expenses.order_by()
            .values("mentor", "status")
            .annotate(total=Sum("amount"))
            .values_list("mentor", "status", "total")
        }
        mentees = dict(
            self._partnerships.order_by()
            .values("mentor")
            .annotate(n=Count("mentee", distinct=True))
            .values_list("mentor", "n")
        )
        for m in self._mentors.values(*PERSON):
            pk = m["pk"]
            yield _mentor_cost(
                {
                    **m,
                    "hours": hours.get(pk),
                    "cost": money.get((pk, Expense.Status.APPROVED)),
                    "pending": money.get((pk, Expense.Status.SUBMITTED)),
                    "mentees": mentees.get(pk),
                }
            )


def _mentor_cost(m: dict[str, Any]) -> MentorCost:
    return MentorCost(
        mentor_id=m["pk"],
        code=m["code"],
        name=f"{m['user__first_name']} {m['user__last_name']}".strip() or m["user__email"],
        region=m["region__name"] or "",
        hours=cents(m["hours"]),
        cost=cents(m["cost"]),
        pending=cents(m["pending"]),
        mentees=m["mentees"] or 0,
    )


@dataclass
class CostReport:
    """Hours and approved cost in one calendar year (optionally one cohort's mentors and
    partnerships). Pending (submitted) expenses are shown apart and never count as spent."""

    year: int
    cohort: Cohort | None
    currency: str
    start: datetime.date
    end: datetime.date
    mentors: Sequence[MentorCost] = field(default_factory=list)
    regions: list[RegionCost] = field(default_factory=list)
    budget: list[BudgetUse] = field(default_factory=list)
    hours_by_category: list[tuple[str, Decimal]] = field(default_factory=list)
    hours: Decimal = Decimal("0.00")
    cost: Decimal = Decimal("0.00")
    pending: Decimal = Decimal("0.00")
    mentees: int = 0
    # Mentees served through circles (also in ``mentees``, once with their partnerships) and
    # the hours of the circle meetings held in the year, beside the hours logged on visits.
    circle_mentees: int = 0
    circle_meeting_hours: Decimal = Decimal("0.00")
    # Teachers' protected time approved by their school heads, valued at the program's
    # teacher hour rate (a line of the cost per mentee, beside the approved expenses).
    protected_hours: Decimal = Decimal("0.00")
    teacher_hour_rate: Decimal = Decimal("0.00")
    # What the mentors are paid: time logs, visits done and stipends at the rates valid on
    # their dates (``acompana.costs.personnel``).
    personnel: PersonnelCost = field(
        default_factory=lambda: PersonnelCost(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
    )

    @property
    def cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.cost, self.mentees)

    @property
    def protected_cost(self) -> Decimal:
        return (self.protected_hours * self.teacher_hour_rate).quantize(CENT, ROUND_HALF_UP)

    @property
    def protected_cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.protected_cost, self.mentees)

    @property
    def personnel_cost(self) -> Decimal:
        return self.personnel.total

    @property
    def personnel_cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.personnel_cost, self.mentees)

    @property
    def total_cost(self) -> Decimal:
        """Approved expenses, personnel and the value of protected time."""
        return self.cost + self.personnel_cost + self.protected_cost

    @property
    def total_cost_per_mentee(self) -> Decimal | None:
        return per_mentee(self.total_cost, self.mentees)

    @property
    def budget_total(self) -> Decimal:
        return sum((line.budget for line in self.budget), ZERO)


def cost_report(*, program: Program, year: int, cohort: Cohort | None = None) -> CostReport:
    """The report, aggregated in the database in ten queries (up to four more when the program
    has personnel rates: ``acompana.costs.personnel``) whatever the number of mentors,
    mentees and records (a test pins the count).

    Totals, categories and regions come from queries grouped by region and category (a few
    hundred rows); the mentors (``report.mentors``, a ``MentorRows``) are read only for the rows
    asked for: one query, each mentor's sums as correlated subqueries.

    A mentee is *served* in the period when one of their partnerships was active in it (started
    by its end and not ended before its start), or when, a member of a circle (not a draft) in
    the period, the circle held a meeting (status done) in it (counted once). A mentor's and a
    region's mentees (partnerships only) are counted once each, and the region is the mentor's.
    A mentor is listed (and counted in a region) when they logged time, have an approved or
    pending expense, or served a mentee.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    logs = TimeLog.objects.filter(program=program, worked_on__range=(start, end))
    expenses = Expense.objects.filter(
        program=program,
        spent_on__range=(start, end),
        status__in=[Expense.Status.APPROVED, Expense.Status.SUBMITTED],
    )
    partnerships = Partnership.objects.filter(program=program, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    if cohort is not None:
        # mentor_id IN (subquery) keeps the (program, date) indexes in use; a join through
        # the cohorts table made SQLite scan from the other side.
        cohort_mentors = MentorProfile.objects.filter(cohorts=cohort).values("pk")
        logs = logs.filter(mentor__in=cohort_mentors)
        expenses = expenses.filter(mentor__in=cohort_mentors)
        partnerships = partnerships.filter(cohort=cohort)

    # Grouped by region and category: a few hundred rows, summed in Python (exact: Decimal).
    hours_by_category: dict[str, Decimal] = defaultdict(Decimal)
    hours_by_region: dict[int | None, Decimal] = defaultdict(Decimal)
    for region_id, category, hours in (
        logs.order_by()
        .values("mentor__region", "category")
        .annotate(total=Sum("hours"))
        .values_list("mentor__region", "category", "total")
    ):
        hours_by_category[category] += hours
        hours_by_region[region_id] += hours
    spent_by_category: dict[str, Decimal] = defaultdict(Decimal)
    cost_by_region: dict[int | None, Decimal] = defaultdict(Decimal)
    pending = ZERO
    for region_id, category, status, amount in (
        expenses.order_by()
        .values("mentor__region", "category", "status")
        .annotate(total=Sum("amount"))
        .values_list("mentor__region", "category", "status", "total")
    ):
        if status == Expense.Status.APPROVED:
            spent_by_category[category] += amount
            cost_by_region[region_id] += amount
        else:
            pending += amount
    mentees_by_region: dict[int | None, int] = {
        region: n
        for region, n in partnerships.order_by()
        .values("mentor__region")
        .annotate(n=Count("mentee", distinct=True))
        .values_list("mentor__region", "n")
    }
    # Circle members served: their membership overlaps the period and their circle (not a
    # draft) held a meeting in it; counted once with the mentees of partnerships.
    held = Meeting.objects.filter(
        circle__program=program,
        status=Meeting.Status.DONE,
        starts_at__date__range=(start, end),
    ).exclude(circle__status=Circle.Status.DRAFT)
    if cohort is not None:
        held = held.filter(circle__cohort=cohort)
    in_circles = (
        Member.objects.filter(circle__in=held.values("circle_id"), joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values("mentee_id")
    )
    served_rows = MenteeProfile.objects.filter(program=program).aggregate(
        n=Count("pk", filter=Q(pk__in=partnerships.values("mentee")) | Q(pk__in=in_circles)),
        circles=Count("pk", filter=Q(pk__in=in_circles)),
    )
    served = served_rows["n"] or 0
    circle_minutes = held.aggregate(m=Sum("duration_minutes"))["m"] or 0
    budgets = dict(
        BudgetLine.objects.filter(program=program, year=year).values_list("category", "amount")
    )

    # Whether a mentor has a row in each table, as scalar subqueries under COALESCE (probed in
    # turn over the mentor's index), not EXISTS: PostgreSQL turns EXISTS into hashed
    # subplans that read the whole year's records before a page of mentors can be cut.
    def first_of(rows: QuerySet[Any]) -> Subquery:
        one = rows.filter(mentor=OuterRef("pk")).order_by().values(flag=Value(1))[:1]
        return Subquery(one, output_field=IntegerField())

    listed = (
        MentorProfile.objects.filter(program=program)
        .alias(listed=Coalesce(first_of(logs), first_of(expenses), first_of(partnerships)))
        .filter(listed__isnull=False)
    )
    mentors_by_region = list(
        listed.order_by()
        .values("region", "region__name")
        .annotate(n=Count("pk"))
        .values_list("region", "region__name", "n")
    )

    settings = CostSettings.objects.filter(program=program).first()
    report = CostReport(
        year=year,
        cohort=cohort,
        currency=settings.currency if settings else DEFAULT_CURRENCY,
        start=start,
        end=end,
        teacher_hour_rate=settings.teacher_hour_rate if settings else ZERO,
        protected_hours=protected_hours_between(
            program=program, start=start, end=end, cohort=cohort
        ),
        personnel=personnel_cost_between(program=program, start=start, end=end, cohort=cohort),
    )
    report.mentors = MentorRows(
        mentors=listed,
        logs=logs,
        expenses=expenses,
        partnerships=partnerships,
        count=sum(n for _region, _name, n in mentors_by_region),
        # A mentor's logs and expenses are the program's (services keep them so).
        mentor_logs=TimeLog.objects.filter(worked_on__range=(start, end)),
        mentor_expenses=Expense.objects.filter(
            spent_on__range=(start, end),
            status__in=[Expense.Status.APPROVED, Expense.Status.SUBMITTED],
        ),
    )
    report.regions = sorted(
        (
            RegionCost(
                region=name or "",
                mentors=n,
                hours=cents(hours_by_region.get(region_id)),
                cost=cents(cost_by_region.get(region_id)),
                mentees=mentees_by_region.get(region_id, 0),
            )
            for region_id, name, n in mentors_by_region
        ),
        key=lambda r: (r.region == "", r.region),
    )
    report.hours = cents(sum(hours_by_category.values(), ZERO))
    report.cost = cents(sum(spent_by_category.values(), ZERO))
    report.pending = cents(pending)
    report.mentees = served
    report.circle_mentees = served_rows["circles"] or 0
    report.circle_meeting_hours = cents(Decimal(circle_minutes) / 60)
    report.budget = [
        BudgetUse(
            category=value,
            label=str(label),
            budget=cents(budgets.get(value)),
            spent=(
                report.personnel_cost
                if value == BudgetCategory.PERSONNEL
                else cents(spent_by_category.get(value))
            ),
        )
        for value, label in BudgetCategory.choices
    ]
    report.hours_by_category = [
        (str(label), cents(hours_by_category.get(value))) for value, label in TimeCategory.choices
    ]
    return report


def cost_report_for_user(
    *, user: Any, program: Program, year: int, cohort: Cohort | None = None
) -> CostReport:
    require_coordinator(user, program)
    return cost_report(program=program, year=year, cohort=cohort)
