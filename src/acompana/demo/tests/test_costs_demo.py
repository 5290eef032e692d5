"""The demo's time and cost: three years of time logs and expenses of the demo mentors, travel
to rural schools in the in-person years and connectivity in the virtual one, a budget per
year, expenses waiting for the coordinator; deterministic and idempotent."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Sum

from acompana.costs.models import BudgetLine, Expense, TimeLog
from acompana.costs.selectors import cost_report
from acompana.demo.costs import demo_costs_load
from acompana.programs.models import Program


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _load() -> Program:
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    return Program.objects.get(slug="mentoria-directivos")


def _fingerprint(program: Program) -> tuple:
    return (
        TimeLog.objects.filter(program=program).count(),
        TimeLog.objects.filter(program=program).aggregate(h=Sum("hours"))["h"],
        Expense.objects.filter(program=program).count(),
        Expense.objects.filter(program=program).aggregate(a=Sum("amount"))["a"],
        tuple(
            Expense.objects.filter(program=program)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by("status")
        ),
        BudgetLine.objects.filter(program=program).count(),
    )


def _spent(program: Program, year: int, category: str) -> int:
    return Expense.objects.filter(program=program, spent_on__year=year, category=category).count()


def test_the_demo_has_three_years_of_time_and_cost_shaped_by_the_modality(db):
    program = _load()
    years = set(TimeLog.objects.filter(program=program).dates("worked_on", "year"))
    assert {d.year for d in years} == {2019, 2020, 2021}
    mentors = set(TimeLog.objects.filter(program=program).values_list("mentor__code", flat=True))
    assert mentors == {"1A", "2B", "3C", "4D", "5E", "6F", "7G", "8H"}
    # In person: travel to schools; virtual: connectivity and no travel.
    for year in (2019, 2020):
        assert _spent(program, year, "travel") > 10 and _spent(program, year, "connectivity") == 0
    assert _spent(program, 2021, "travel") == 0 and _spent(program, 2021, "connectivity") > 20
    assert (
        TimeLog.objects.filter(program=program, worked_on__year=2021, category="travel").count()
        == 0
    )
    assert TimeLog.objects.filter(visit__isnull=False, program=program).exists()
    # No one works more than 24 hours a day.
    busiest = (
        TimeLog.objects.filter(program=program)
        .values("mentor__user", "worked_on")
        .annotate(h=Sum("hours"))
        .aggregate(m=Max("h"))["m"]
    )
    assert busiest <= 24
    # A budget for every year and category (personnel included); some expenses wait.
    assert BudgetLine.objects.filter(program=program).count() == 15
    statuses = set(Expense.objects.filter(program=program).values_list("status", flat=True))
    assert statuses == {"approved", "submitted", "rejected", "draft"}
    rejected = Expense.objects.get(program=program, status="rejected")
    assert rejected.decision_reason and rejected.decided_by is not None
    receipts = [e for e in Expense.objects.filter(program=program).exclude(receipt="")]
    assert 1 <= len(receipts) < 50
    with receipts[0].receipt.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    # The report sees the shift: 2021 travel spending far below 2019's.
    travel = {
        year: next(
            b for b in cost_report(program=program, year=year).budget if b.category == "travel"
        )
        for year in (2019, 2021)
    }
    assert travel[2019].spent > 10 * travel[2021].spent
    report = cost_report(program=program, year=2021)
    assert report.mentees > 0
    # The mentors' stipends: 3,800 a month from March to mid-December, for each of the eight
    # mentors while they served in 2021.
    assert 3800 * 9 < report.personnel_cost <= Decimal("8") * 3800 * 10
    assert report.total_cost > report.personnel_cost > report.cost


def test_the_demo_costs_are_idempotent_and_deterministic(db):
    program = _load()
    first = _fingerprint(program)
    _load()
    assert _fingerprint(program) == first
    TimeLog.objects.filter(program=program).delete()
    Expense.objects.filter(program=program).delete()
    demo_costs_load(program=program, cohorts={c.year: c for c in program.cohorts.all()})
    assert _fingerprint(program) == first
