"""The program health page at national scale (PostgreSQL): the same number of queries in a
program twice as big, and the pair rules read a pair's visits through an index."""

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acompana.accounts.models import User
from acompana.health.selectors import health_scope
from acompana.programs.models import Program

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scale_build import build_national

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="plans and bulk SQL of PostgreSQL"
    ),
]

LISTS = ("inactive", "never_visited", "not_visited_round", "overdue", "agreements", "refit")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"RESET {setting}")
    return "\n".join(lines)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def pages(national) -> list[str]:
    slug = national.slug
    return [reverse("health:page", args=[slug])] + [
        reverse("health:list", args=[slug, name]) for name in LISTS
    ]


@pytest.mark.parametrize("who", ["coordinator_id", "specialist_id"])
def test_the_health_pages_cost_the_same_queries_in_a_program_twice_as_big(db, who):
    small = build_national("h-small", mentees=60, mentors=6, visits=600)
    big = build_national("h-big", mentees=120, mentors=12, visits=1200)
    counts = []
    for national in (small, big):
        client = Client()
        client.force_login(User.objects.get(pk=getattr(national, who)))
        counts.append([queries(client, url) for url in pages(national)])

    assert counts[0] == counts[1]


def test_the_pair_rules_read_visits_and_commitments_through_indexes(db):
    national = build_national("h-plans", mentees=60, mentors=6, visits=600)
    program = Program.objects.get(slug=national.slug)
    health = health_scope(user=User.objects.get(pk=national.coordinator_id), program=program)

    for rows in (health.inactive(), health.never_visited(), health.overdue()):
        explained = plan(rows.values("pk")[:1001])
        assert "Seq Scan on visits_visit" not in explained, explained
        assert "Seq Scan on visits_commitment" not in explained, explained
