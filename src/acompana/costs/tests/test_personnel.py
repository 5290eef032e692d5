"""Personnel cost: rates per role or per mentor with validity dates, costed at the rate valid on
each date. Every expected number below is worked out by hand in the test's comment."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acompana.costs.models import BudgetCategory, PersonnelRate, RateBasis
from acompana.costs.personnel import (
    PersonnelRateConflict,
    personnel_cost_between,
    personnel_rate_delete,
    personnel_rate_save,
)
from acompana.costs.selectors import cost_report
from acompana.costs.tests.factories import BudgetLineFactory, TimeLogFactory
from acompana.people.tests.factories import MentorProfileFactory, PartnershipFactory
from acompana.visits.models import MeetingMode, Visit

LIMA = zoneinfo.ZoneInfo("America/Lima")
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def d(month: int, day: int) -> datetime.date:
    return datetime.date(2026, month, day)


def rate(world, basis, amount, start, end=None, mentor=None):
    return personnel_rate_save(
        program=world.program,
        actor=world.coordinator,
        mentor=mentor,
        basis=basis,
        amount=Decimal(amount),
        valid_from=start,
        valid_to=end,
    )


def cost(world, cohort=None):
    return personnel_cost_between(program=world.program, start=YEAR[0], end=YEAR[1], cohort=cohort)


def visit(world, mentor, day, status=Visit.Status.DONE):
    pair_mentee = mentor.partnerships.first().mentee
    return Visit.objects.create(
        program=world.program,
        mentor=mentor,
        mentee=pair_mentee,
        mode=MeetingMode.IN_PERSON,
        scheduled_at=datetime.datetime.combine(day, datetime.time(22, 0), tzinfo=LIMA),
        duration_minutes=60,
        status=status,
    )


def test_an_hourly_rate_that_changes_mid_month_values_each_log_at_the_rate_of_its_day(world):
    m, o = world.mentor_profile, world.other_mentor_profile
    rate(world, RateBasis.HOUR, "20", d(1, 1), d(4, 15))
    rate(world, RateBasis.HOUR, "25", d(4, 16))
    TimeLogFactory(mentor=m, hours=Decimal("3"), worked_on=d(4, 10))
    TimeLogFactory(mentor=o, hours=Decimal("4"), worked_on=d(4, 15))  # last day at 20
    TimeLogFactory(mentor=m, hours=Decimal("2"), worked_on=d(4, 16))  # first day at 25
    TimeLogFactory(mentor=m, hours=Decimal("1.5"), worked_on=d(4, 30))
    # (3 + 4) x 20 = 140; (2 + 1.5) x 25 = 87.50
    assert cost(world).hours_cost == Decimal("227.50")


def test_a_mentors_own_rate_wins_over_the_roles_on_its_days(world):
    m, o = world.mentor_profile, world.other_mentor_profile
    rate(world, RateBasis.HOUR, "20", d(1, 1))
    rate(world, RateBasis.HOUR, "30", d(4, 15), d(4, 15), mentor=o)
    TimeLogFactory(mentor=o, hours=Decimal("4"), worked_on=d(4, 15))  # own rate: 4 x 30 = 120
    TimeLogFactory(mentor=o, hours=Decimal("1"), worked_on=d(4, 16))  # the role's: 20
    TimeLogFactory(mentor=m, hours=Decimal("3"), worked_on=d(4, 15))  # the role's: 60
    assert cost(world).hours_cost == Decimal("200.00")


def test_a_per_visit_rate_pays_the_visits_done_on_its_days_and_replaces_the_hourly_rate(world):
    m, o = world.mentor_profile, world.other_mentor_profile
    rate(world, RateBasis.HOUR, "20", d(1, 1))
    rate(world, RateBasis.VISIT, "50", d(5, 1), mentor=m)
    visit(world, m, d(5, 3))  # 22:00 in Lima is the next day in UTC: still May 3rd, paid 50
    visit(world, m, d(5, 4), status=Visit.Status.CANCELLED)  # not done: nothing
    visit(world, m, d(4, 30))  # before the mentor's rate (the role pays per hour): nothing
    TimeLogFactory(mentor=m, hours=Decimal("2"), worked_on=d(5, 3))  # paid per visit: nothing
    TimeLogFactory(mentor=o, hours=Decimal("1"), worked_on=d(5, 3))  # 1 x 20
    result = cost(world)
    assert (result.visits_cost, result.hours_cost, result.total) == (
        Decimal("50.00"),
        Decimal("20.00"),
        Decimal("70.00"),
    )


def test_stipends_are_prorated_by_the_days_of_the_month_they_are_valid(world):
    m, o = world.mentor_profile, world.other_mentor_profile
    gone = PartnershipFactory(program=world.program, started_on=d(3, 1), ended_on=d(5, 31)).mentor
    rate(world, RateBasis.MONTH, "900", d(6, 16), d(7, 31), mentor=m)
    rate(world, RateBasis.MONTH, "600", d(6, 1), d(6, 30))
    # m's own stipend: June 900 x 15/30 = 450, July 900: 1350. The role's stipend in June goes
    # to o (active, no rate of their own in June) and not to m (own rate in June) nor to the
    # mentor whose partnership ended in May: 600. Total 1950.
    assert cost(world).stipends_cost == Decimal("1950.00")
    assert gone.pk not in (m.pk, o.pk)


def test_the_cost_report_adds_personnel_to_the_cost_per_mentee_and_its_budget_line(world):
    rate(world, RateBasis.HOUR, "20", d(1, 1))
    TimeLogFactory(mentor=world.mentor_profile, hours=Decimal("5"), worked_on=d(4, 10))
    BudgetLineFactory(
        program=world.program, year=2026, category=BudgetCategory.PERSONNEL, amount=Decimal("400")
    )
    report = cost_report(program=world.program, year=2026)
    # Two mentees served in 2026 (the world's two partnerships); 5 h x 20 = 100.
    assert report.mentees == 2
    assert report.personnel_cost == Decimal("100.00")
    assert report.personnel_cost_per_mentee == Decimal("50.00")
    assert report.total_cost == report.cost + Decimal("100.00") + report.protected_cost
    line = next(b for b in report.budget if b.category == BudgetCategory.PERSONNEL)
    assert (line.budget, line.spent, line.remaining) == (
        Decimal("400.00"),
        Decimal("100.00"),
        Decimal("300.00"),
    )


def test_personnel_cost_takes_a_few_queries_whatever_the_number_of_mentors_and_logs(
    world, django_assert_max_num_queries
):
    rate(world, RateBasis.HOUR, "20", d(1, 1), d(5, 31))
    rate(world, RateBasis.MONTH, "500", d(6, 1), d(12, 31))
    rate(world, RateBasis.VISIT, "10", d(1, 1), mentor=world.mentor_profile)
    for i in range(30):
        mentor = MentorProfileFactory(program=world.program)
        PartnershipFactory(program=world.program, mentor=mentor, started_on=d(2, 1))
        TimeLogFactory(mentor=mentor, hours=Decimal("1"), worked_on=d(1 + i % 12, 1 + i))
        if i % 3 == 0:
            rate(world, RateBasis.HOUR, "22", d(6, 1), mentor=mentor)
    with django_assert_max_num_queries(4):
        cost(world)


def test_two_rates_of_the_same_target_cannot_overlap(world):
    rate(world, RateBasis.HOUR, "20", d(1, 1), d(6, 30))
    with pytest.raises(ValidationError) as error:
        rate(world, RateBasis.MONTH, "500", d(6, 30))
    assert error.value.code == "overlap"
    rate(world, RateBasis.MONTH, "500", d(7, 1))  # the day after: fine
    with pytest.raises(ValidationError):
        rate(world, RateBasis.HOUR, "20", d(1, 1))  # the open rate from July 1st overlaps
    # another target (one mentor) may have a rate on the same days as the role
    rate(world, RateBasis.HOUR, "30", d(3, 1), d(3, 31), mentor=world.mentor_profile)
    assert PersonnelRate.objects.filter(program=world.program).count() == 3


def test_a_rate_changed_since_it_was_read_is_refused_and_only_coordinators_set_rates(world):
    first = rate(world, RateBasis.HOUR, "20", d(1, 1))
    personnel_rate_save(
        program=world.program,
        actor=world.coordinator,
        mentor=None,
        basis=RateBasis.HOUR,
        amount=Decimal("21"),
        valid_from=d(1, 1),
        rate=first,
        expected_version=1,
    )
    with pytest.raises(PersonnelRateConflict):
        personnel_rate_save(
            program=world.program,
            actor=world.coordinator,
            mentor=None,
            basis=RateBasis.HOUR,
            amount=Decimal("22"),
            valid_from=d(1, 1),
            rate=first,
            expected_version=1,
        )
    with pytest.raises(PermissionDenied):
        personnel_rate_save(
            program=world.program,
            actor=world.mentor,
            mentor=None,
            basis=RateBasis.HOUR,
            amount=Decimal("99"),
            valid_from=d(8, 1),
        )
    with pytest.raises(ValidationError):
        rate(world, RateBasis.HOUR, "-1", d(9, 1), d(9, 2), mentor=world.mentor_profile)
    personnel_rate_delete(rate=first, actor=world.coordinator, expected_version=2)
    assert not PersonnelRate.objects.filter(pk=first.pk).exists()
