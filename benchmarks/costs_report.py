"""The cost report at national-program scale: hours and cost per mentor, per mentee served and
per region against the budget, aggregated in the database.

    .venv/bin/python benchmarks/costs_report.py [--mentors 300] [--mentees 3000]
        [--logs-per-year 200] [--expenses-per-year 60]

Builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL) with three years
(2019-2021) of time logs and expenses for every mentor, one cohort and partnership per mentee
and year, and a budget per year; then times (best of 3) and counts the queries of the
coordinator's report page, its CSV export and the report with a cohort filter. Personnel rates
are set as a program would: an hourly rate of the mentor role that changes mid-year (2020-06-16),
a rate of their own for one mentor in ten (hourly, changing each year) and a monthly stipend for
one in twenty, so the report values every time log at the rate of its date. Prints the machine
(``platform`` and CPU count).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal

from imports import machine  # the same machine line as the other benchmarks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=300)
    parser.add_argument("--mentees", type=int, default=3000)
    parser.add_argument("--logs-per-year", type=int, default=200)
    parser.add_argument("--expenses-per-year", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("ACOMPANA_VAR_DIR", tempfile.mkdtemp(prefix="acompana-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    os.environ["HTTPS"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"  # pages render without collectstatic
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from acompana.accounts.models import Membership, User
    from acompana.costs.models import (
        BudgetLine,
        Expense,
        ExpenseCategory,
        PersonnelRate,
        TimeCategory,
        TimeLog,
    )
    from acompana.people.models import MenteeProfile, MentorProfile, Partnership
    from acompana.programs.models import Cohort, Program, Region

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    years = (2019, 2020, 2021)
    program = Program.objects.create(slug="bench", name="Bench")
    cohorts = {
        y: Cohort.objects.create(
            program=program, year=y, modality="virtual" if y == 2021 else "in_person"
        )
        for y in years
    }
    regions = [Region.objects.create(program=program, name=f"Región {r}") for r in range(25)]
    User.objects.bulk_create(
        [User(email=f"m{i}@example.org", password="!") for i in range(args.mentors)]
        + [User(email=f"e{i}@example.org", password="!") for i in range(args.mentees)]
        + [User(email="coordinator@example.org", password="!")]
    )
    users = list(User.objects.order_by("pk"))
    coordinator = users[-1]
    Membership.objects.create(user=coordinator, program=program, role="coordinator")
    MentorProfile.objects.bulk_create(
        MentorProfile(
            program=program, user=users[i], code=f"T{i:05d}", region=regions[i % len(regions)]
        )
        for i in range(args.mentors)
    )
    mentors = list(MentorProfile.objects.filter(program=program).order_by("pk"))
    MenteeProfile.objects.bulk_create(
        MenteeProfile(
            program=program, user=users[args.mentors + i], code=f"D{i:06d}", position="principal"
        )
        for i in range(args.mentees)
    )
    mentees = list(MenteeProfile.objects.filter(program=program).order_by("pk"))
    Through = MentorProfile.cohorts.through
    Through.objects.bulk_create(
        Through(mentorprofile_id=m.pk, cohort_id=cohorts[y].pk) for m in mentors for y in years
    )
    Partnership.objects.bulk_create(
        (
            Partnership(
                program=program,
                cohort=cohorts[y],
                mentor=mentors[(i + y) % len(mentors)],
                mentee=mentee,
                started_on=datetime.date(y, 4, 1),
                ended_on=datetime.date(y, 12, 15),
            )
            for y in years
            for i, mentee in enumerate(mentees)
        ),
        batch_size=5000,
    )
    time_categories = TimeCategory.values
    TimeLog.objects.bulk_create(
        (
            TimeLog(
                program=program,
                mentor=mentor,
                worked_on=datetime.date(y, 1, 1) + datetime.timedelta(days=k % 360),
                category=time_categories[k % len(time_categories)],
                hours=Decimal(rng.choice(["1", "1.5", "2", "3"])),
            )
            for mentor in mentors
            for y in years
            for k in range(args.logs_per_year)
        ),
        batch_size=5000,
    )
    statuses = ["approved"] * 6 + ["submitted", "rejected", "draft"]
    Expense.objects.bulk_create(
        (
            Expense(
                program=program,
                mentor=mentor,
                spent_on=datetime.date(y, 1, 1) + datetime.timedelta(days=(k * 6) % 360),
                category=ExpenseCategory.values[k % 4],
                amount=Decimal(rng.randint(10, 120)),
                description="Gasto",
                status=rng.choice(statuses),
            )
            for mentor in mentors
            for y in years
            for k in range(args.expenses_per_year)
        ),
        batch_size=5000,
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(program=program, year=y, category=c, amount=Decimal(500_000))
        for y in years
        for c in ExpenseCategory.values
    )
    day = datetime.date
    rates = [
        PersonnelRate(
            program=program,
            basis="hour",
            amount=Decimal(20),
            valid_from=day(2019, 1, 1),
            valid_to=day(2020, 6, 15),
        ),
        PersonnelRate(
            program=program, basis="hour", amount=Decimal(22), valid_from=day(2020, 6, 16)
        ),
    ]
    for i, mentor in enumerate(mentors):
        if i % 20 == 5:
            rates.append(
                PersonnelRate(
                    program=program,
                    mentor=mentor,
                    basis="month",
                    amount=Decimal(900),
                    valid_from=day(2019, 3, 16),
                )
            )
        elif i % 10 == 0:
            rates += [
                PersonnelRate(
                    program=program,
                    mentor=mentor,
                    basis="hour",
                    amount=Decimal(25 + y - 2019),
                    valid_from=day(y, 1, 1),
                    valid_to=day(y, 12, 31),
                )
                for y in years
            ]
    PersonnelRate.objects.bulk_create(rates)
    client = Client()
    client.force_login(coordinator)
    cases = [
        ("report page, 2020", "/p/bench/costs/report/?year=2020"),
        ("report CSV (mentors), 2020", "/p/bench/costs/report/?year=2020&format=csv"),
        ("report XLSX (mentors), 2020", "/p/bench/costs/report/?year=2020&format=xlsx"),
        (
            "report page, 2021, one cohort",
            f"/p/bench/costs/report/?year=2021&cohort={cohorts[2021].pk}",
        ),
    ]
    print(f"Machine: {machine()}")
    print(
        f"Database: {connection.vendor}; {args.mentors:,} mentors, {args.mentees:,} mentees, "
        f"{TimeLog.objects.count():,} time logs, {Expense.objects.count():,} expenses, "
        f"{len(rates)} personnel rates over {len(years)} years"
    )
    print("| request | best of 3 (ms) | queries |")
    print("|---|---:|---:|")
    for label, url in cases:
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(f"| {label} | {min(timings) * 1000:.0f} | {len(queries)} |")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
