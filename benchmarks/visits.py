"""Field work at national scale: pages that must stay fast when visits pile up over years.

    .venv/bin/python benchmarks/visits.py [--mentors 500] [--mentees 5000] [--visits 100000]

Builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL), bulk-creates the
people and visits, then times (best of 3) and counts the queries of the coordinator's and a
mentor's visit list, the round coverage page and a mentor's calendar feed. Prints the machine.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time

from imports import machine  # the same machine line as the import benchmark


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=100_000)
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
    from django.utils import timezone

    from acompana.accounts.models import Membership, User
    from acompana.hub.calendar import calendar_feed_token
    from acompana.people.models import MenteeProfile, MentorProfile, Partnership
    from acompana.programs.models import Cohort, Program, Region, School
    from acompana.visits.models import Round, Visit

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    program = Program.objects.create(slug="bench", name="Bench")
    cohort = Cohort.objects.create(program=program, year=2026, modality="virtual")
    region = Region.objects.create(program=program, name="Cusco")
    users = User.objects.bulk_create(
        [User(email=f"m{i}@example.org", password="!") for i in range(args.mentors)]
        + [User(email=f"e{i}@example.org", password="!") for i in range(args.mentees)]
        + [User(email="coordinator@example.org", password="!")]
    )
    users = list(User.objects.order_by("pk"))
    coordinator = users[-1]
    Membership.objects.create(user=coordinator, program=program, role="coordinator")
    school = School.objects.create(program=program, code="S1", name="Escuela", region=region)
    mentors = MentorProfile.objects.bulk_create(
        MentorProfile(program=program, user=users[i], code=f"T{i:05d}", region=region)
        for i in range(args.mentors)
    )
    mentees = MenteeProfile.objects.bulk_create(
        MenteeProfile(
            program=program,
            user=users[args.mentors + i],
            code=f"D{i:06d}",
            position="principal",
            school=school,
            region=region,
        )
        for i in range(args.mentees)
    )
    Membership.objects.bulk_create(
        [Membership(user=m.user, program=program, role="mentor") for m in mentors]
        + [Membership(user=m.user, program=program, role="mentee") for m in mentees]
    )
    Partnership.objects.bulk_create(
        Partnership(
            program=program,
            cohort=cohort,
            mentor=mentors[i % len(mentors)],
            mentee=mentee,
            started_on=datetime.date(2026, 3, 1),
        )
        for i, mentee in enumerate(mentees)
    )
    rounds = [
        Round.objects.create(
            program=program,
            cohort=cohort,
            name=f"Ronda {r}",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 12, 1),
        )
        for r in range(1, 4)
    ]
    now = timezone.now()
    Visit.objects.bulk_create(
        (
            Visit(
                program=program,
                round=rounds[v % 3],
                mentor=mentors[(v % args.mentees) % len(mentors)],
                mentee=mentees[v % args.mentees],
                mode="video",
                scheduled_at=now - datetime.timedelta(hours=rng.randint(-2000, 20000)),
                status=rng.choice(["done", "done", "done", "planned", "cancelled"]),
            )
            for v in range(args.visits)
        ),
        batch_size=5000,
    )
    mentor_user = mentors[0].user
    token = calendar_feed_token(user=mentor_user).token
    client = Client()
    cases = [
        ("coordinator: visit list, first page", coordinator, "/p/bench/visits/"),
        ("coordinator: visit list, page 100", coordinator, "/p/bench/visits/?page=100"),
        ("mentor: visit list", mentor_user, "/p/bench/visits/"),
        ("coordinator: round coverage", coordinator, "/p/bench/visits/coverage/"),
        ("mentor: calendar feed (ICS)", None, f"/calendar/{token}.ics"),
    ]
    print(f"Machine: {machine()}")
    print(
        f"Database: {connection.vendor}; {args.mentors:,} mentors, {args.mentees:,} mentees, "
        f"{args.visits:,} visits"
    )
    print("| page | best of 3 (ms) | queries |")
    print("|---|---:|---:|")
    for label, user, url in cases:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
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
