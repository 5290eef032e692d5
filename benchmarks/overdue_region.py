"""Overdue commitments filtered by a region on the national database: the list's query
(``visits.selectors.commitment_list_overdue``) against the query it replaced (a join to the
mentee's region, walked in due order), page 1 and the page count, EXPLAIN ANALYZE three times
each. Then the same region with only 20 overdue commitments left (the others marked done inside
a transaction that is rolled back): the case the walk was slow for.

    .venv/bin/python benchmarks/overdue_region.py [--region ID]

Uses ``DATABASE_URL`` if set, else ``acompana_scale`` on 127.0.0.1 (built by ``scale.py``).
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acompana_scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, QuerySet  # noqa: E402
from django.utils import timezone  # noqa: E402

from acompana.accounts.models import Membership, Role  # noqa: E402
from acompana.programs.models import Program  # noqa: E402
from acompana.visits.models import Commitment  # noqa: E402
from acompana.visits.selectors import commitment_list_overdue  # noqa: E402


def timed(label: str, qs: QuerySet) -> None:
    for name, query in (
        ("page 1", qs.values("pk")[:50]),
        ("count", qs.order_by().values("pk")[:10_001]),
    ):
        sql, params = query.query.sql_with_params()
        times = []
        for _ in range(3):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                times.append(cursor.fetchone()[0][0]["Execution Time"])
        print(f"{label}, {name}: " + ", ".join(f"{t:.0f}" for t in times) + " ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", type=int, help="a region id (default: the one with the fewest)")
    parser.add_argument("--program", default="nacional")
    args = parser.parse_args()
    program = Program.objects.get(slug=args.program)
    coordinator = Membership.objects.filter(program=program, role=Role.COORDINATOR).first().user
    today = timezone.localdate()
    region = (
        args.region
        or (
            Commitment.objects.filter(visit__program=program, status="open", due_on__lt=today)
            .values("mentee__region_id")
            .annotate(n=Count("pk"))
            .order_by("n")[0]["mentee__region_id"]
        )
    )

    def before() -> QuerySet:
        return Commitment.objects.filter(
            status="open", due_on__lt=today, visit__program=program, mentee__region_id=region
        ).order_by("due_on", "pk")

    def now() -> QuerySet:
        return commitment_list_overdue(user=coordinator, program=program, region=region)

    print(f"region {region}: {now().count()} overdue commitments")
    timed("before", before())
    timed("now", now())
    with transaction.atomic():
        keep = list(now().values_list("pk", flat=True)[:20])
        Commitment.objects.filter(pk__in=now().values("pk")).exclude(pk__in=keep).update(
            status="done"
        )
        print(f"region {region} with {len(keep)} overdue commitments left")
        timed("before", before())
        timed("now", now())
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
