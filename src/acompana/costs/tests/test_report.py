"""The cost report: hours and approved cost per mentor, per mentee served and per region,
spent against the budget, filtered by year and cohort, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acompana.costs.models import Expense
from acompana.costs.selectors import cost_report
from acompana.costs.tests.factories import BudgetLineFactory, ExpenseFactory, TimeLogFactory
from acompana.people.tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    PartnershipFactory,
)
from acompana.programs.tests.factories import CohortFactory, RegionFactory


@pytest.fixture
def setup(world):
    """Two regions: Cusco (the world's mentor, two mentees) and Puno (one mentor, one mentee
    shared with Cusco's mentor in the year, so Cusco+Puno serve 3 mentees, not 4)."""
    program = world.program
    cusco, puno = (
        RegionFactory(program=program, name="Cusco"),
        RegionFactory(program=program, name="Puno"),
    )
    mentor = world.mentor_profile
    mentor.region = cusco
    mentor.save()
    other = world.other_mentor_profile
    other.region = cusco
    other.save()
    puno_mentor = MentorProfileFactory(program=program, region=puno, code="P1")
    second = MenteeProfileFactory(program=program)
    PartnershipFactory(program=program, mentor=mentor, mentee=second)
    # Ended before 2026: not served in 2026.
    PartnershipFactory(
        program=program,
        mentor=mentor,
        mentee=MenteeProfileFactory(program=program),
        started_on=datetime.date(2025, 3, 1),
        ended_on=datetime.date(2025, 12, 1),
    )
    # Puno's mentor serves the world's mentee too (after a reassignment, say).
    PartnershipFactory(program=program, mentor=puno_mentor, mentee=world.mentee_profile)
    for hours, mentor_, day in [
        ("3", mentor, datetime.date(2026, 4, 1)),
        ("2.5", mentor, datetime.date(2026, 4, 2)),
        ("4", puno_mentor, datetime.date(2026, 4, 2)),
        ("9", mentor, datetime.date(2025, 4, 2)),  # another year
    ]:
        TimeLogFactory(mentor=mentor_, hours=Decimal(hours), worked_on=day)
    for amount, mentor_, status, category in [
        ("100", mentor, Expense.Status.APPROVED, "travel"),
        ("50", mentor, Expense.Status.APPROVED, "connectivity"),
        ("30", mentor, Expense.Status.SUBMITTED, "travel"),
        ("999", mentor, Expense.Status.DRAFT, "travel"),
        ("999", mentor, Expense.Status.REJECTED, "travel"),
        ("60", puno_mentor, Expense.Status.APPROVED, "travel"),
    ]:
        ExpenseFactory(
            mentor=mentor_,
            amount=Decimal(amount),
            status=status,
            category=category,
            spent_on=datetime.date(2026, 6, 1),
        )
    BudgetLineFactory(program=program, year=2026, category="travel", amount=Decimal("150"))
    BudgetLineFactory(program=program, year=2026, category="materials", amount=Decimal("80"))
    return {"mentor": mentor, "puno": puno_mentor}


def test_each_mentor_has_hours_approved_cost_pending_and_mentees_of_the_year(world, setup):
    report = cost_report(program=world.program, year=2026)
    rows = {row.code: row for row in report.mentors}
    mine = rows[world.mentor_profile.code]
    assert (mine.hours, mine.cost, mine.pending, mine.mentees) == (
        Decimal("5.50"),
        Decimal("150.00"),
        Decimal("30.00"),
        2,
    )
    assert mine.cost_per_mentee == Decimal("75.00")
    assert (rows["P1"].cost, rows["P1"].mentees, rows["P1"].cost_per_mentee) == (
        Decimal("60.00"),
        1,
        Decimal("60.00"),
    )
    # The other mentor has a partnership but no time or money: they are listed, at zero.
    assert rows[world.other_mentor_profile.code].cost_per_mentee == Decimal("0.00")


def test_the_totals_count_each_mentee_served_once(world, setup):
    report = cost_report(program=world.program, year=2026)
    # world mentee (two mentors), second mentee, other mentee: three people.
    assert report.mentees == 3
    assert report.cost == Decimal("210.00") and report.pending == Decimal("30.00")
    assert report.hours == Decimal("9.50")
    assert report.cost_per_mentee == Decimal("70.00")


def test_regions_are_the_mentors_and_count_their_mentees_once(world, setup):
    regions = {r.region: r for r in cost_report(program=world.program, year=2026).regions}
    assert (regions["Cusco"].mentors, regions["Cusco"].mentees) == (2, 3)
    assert regions["Cusco"].cost == Decimal("150.00")
    assert (regions["Puno"].mentors, regions["Puno"].mentees, regions["Puno"].cost) == (
        1,
        1,
        Decimal("60.00"),
    )


def test_spent_against_budget_counts_approved_expenses_by_category(world, setup):
    budget = {b.category: b for b in cost_report(program=world.program, year=2026).budget}
    assert (budget["travel"].budget, budget["travel"].spent) == (
        Decimal("150.00"),
        Decimal("160.00"),
    )
    assert budget["travel"].over and budget["travel"].used_percent == 107
    assert budget["materials"].remaining == Decimal("80.00")
    assert budget["connectivity"].used_percent is None  # no budget set


def test_another_year_has_its_own_figures(world, setup):
    report = cost_report(program=world.program, year=2025)
    assert report.hours == Decimal("9.00") and report.cost == Decimal("0.00")
    assert report.mentees == 1  # the partnership that ended in 2025


def test_a_cohort_filter_keeps_its_mentors_and_partnerships(world, setup):
    program = world.program
    cohort = CohortFactory(program=program, year=2027, name="B")
    setup["puno"].cohorts.add(cohort)
    PartnershipFactory(
        program=program,
        mentor=setup["puno"],
        mentee=MenteeProfileFactory(program=program),
        cohort=cohort,
    )
    report = cost_report(program=program, year=2026, cohort=cohort)
    assert [row.code for row in report.mentors] == ["P1"]
    assert report.cost == Decimal("60.00") and report.mentees == 1


def _queries(program) -> int:
    with CaptureQueriesContext(connection) as captured:
        cost_report(program=program, year=2026)
    return len(captured.captured_queries)


def test_the_report_takes_the_same_number_of_queries_however_much_data(world, setup):
    few = _queries(world.program)
    for _n in range(15):
        mentor = MentorProfileFactory(program=world.program, region=setup["mentor"].region)
        PartnershipFactory(program=world.program, mentor=mentor)
        TimeLogFactory(mentor=mentor)
        ExpenseFactory(mentor=mentor, status=Expense.Status.APPROVED)
    assert _queries(world.program) == few <= 10  # the tenth: circle meetings' hours


def test_a_page_of_mentors_is_one_query_and_the_same_rows_as_the_whole_list(world, setup):
    for n in range(5):
        mentor = MentorProfileFactory(program=world.program, code=f"Z{n}")
        TimeLogFactory(mentor=mentor, hours=Decimal(n + 1), worked_on=datetime.date(2026, 5, 1))
    report = cost_report(program=world.program, year=2026)
    every = list(report.mentors)
    assert [row.code for row in every] == sorted(row.code for row in every)
    assert len(report.mentors) == len(every) == 8
    with CaptureQueriesContext(connection) as captured:
        page = report.mentors[2:5]
    assert len(captured.captured_queries) == 1  # a page: one query
    assert page == every[2:5] and report.mentors[-1] == every[-1]
    # The totals and regions are those of every mentor, whatever page is read.
    assert report.hours == sum((row.hours for row in every), Decimal("0"))
    assert sum(r.mentors for r in report.regions) == 8
