"""The national benchmark's small variant: plans and query counts that must hold at any size.

On PostgreSQL (skipped elsewhere), a small national program is built with the benchmark's own
builder (``benchmarks/scale_build.py``, bulk SQL). The hottest queries must be served by an
index (``EXPLAIN`` with sequential scans, bitmaps and sorts priced out, so that the planner
picks an index whenever one can serve the query, even on a few rows), and every page of the
coordinator, a mentor, a principal and a specialist must cost the same number of queries in a
program twice as big.
"""

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Case, When
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.accounts.models import User
from acompana.accounts.selectors import member_list
from acompana.group_sessions.selectors import session_list_for_user
from acompana.people.models import MenteeProfile
from acompana.people.selectors import mentees_waiting, own_rows
from acompana.programs.models import Program
from acompana.programs.selectors import cohort_list, school_list_for_user
from acompana.visits.models import Commitment, Visit
from acompana.visits.selectors import visit_list_for_user

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scale import extra_pages, personas, program_routes
from scale_build import build_national

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="plans and bulk SQL of PostgreSQL"
    ),
]


def plan(queryset, *, off=("enable_seqscan", "enable_bitmapscan", "enable_sort")) -> str:
    """The plan PostgreSQL chooses when any index that serves the query is preferred (the
    ``off`` ways of reading are priced out)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in off:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
        for setting in off:
            cursor.execute(f"RESET {setting}")
    return "\n".join(lines)


@pytest.fixture
def national(db):
    return build_national("ci-national", mentees=90, mentors=9, visits=900)


def test_page_one_of_a_programs_visits_is_read_newest_first_from_an_index(national):
    program = Program.objects.get(slug=national.slug)
    page_one = Visit.objects.filter(program=program).order_by("-scheduled_at")[:50]

    explained = plan(page_one)

    assert "visit_program_newest" in explained, explained
    assert "Sort" not in explained, explained


def test_page_one_of_a_programs_schools_is_read_in_name_order_from_an_index(national):
    program = Program.objects.get(slug=national.slug)
    coordinator = User.objects.get(email=f"coordinator@{national.slug}.example.org")
    page_one = school_list_for_user(user=coordinator, program=program)[:50]

    explained = plan(page_one)

    assert "school_program_name" in explained, explained
    assert "Sort" not in explained, explained


def test_the_cohort_list_counts_members_through_the_cohort_index(national):
    program = Program.objects.get(slug=national.slug)

    explained = plan(cohort_list(program=program))

    assert "Seq Scan" not in explained, explained
    for table in ("people_mentorprofile_cohorts", "people_menteeprofile_cohorts"):
        assert f"Index Only Scan using {table}_cohort_id" in explained or (
            f"Index Scan using {table}_cohort_id" in explained
        ), explained


def test_a_mentors_overdue_commitments_on_the_home_page_are_found_by_index(national):
    program = Program.objects.get(slug=national.slug)
    mentor = User.objects.get(pk=national.mentor_user_id)
    overdue = Commitment.objects.filter(
        own_rows(user=mentor, program=program, roles=["mentor"]),
        visit__program=program,
        status=Commitment.Status.OPEN,
        due_on__lt=timezone.localdate(),
    )[:10]

    # (a sort of the mentor's few rows is fine; walking every overdue commitment is not)
    explained = plan(overdue, off=("enable_seqscan", "enable_bitmapscan"))

    assert "Seq Scan" not in explained, explained
    assert "Index Scan using commitment_mentor_due" in explained, explained


def test_a_regions_overdue_commitments_are_read_through_its_principals_index(national):
    from acompana.visits.selectors import commitment_list_overdue

    program = Program.objects.get(slug=national.slug)
    coordinator = User.objects.get(pk=personas(national.slug)["coordinator"])
    region = MenteeProfile.objects.filter(program=program).values_list("region", flat=True)[0]
    overdue = commitment_list_overdue(user=coordinator, program=program, region=region)

    # the region's principals, then their open commitments past due from the index alone;
    # never a walk of the program's whole overdue list (the (status, due_on) index)
    # (other joins and caches priced out too: the small program's tables have no statistics)
    off = ("enable_seqscan", "enable_bitmapscan", "enable_hashjoin", "enable_mergejoin")
    off += ("enable_memoize", "enable_material")
    for query in (overdue.values("pk")[:50], overdue.order_by().values("pk")[:10_001]):
        explained = plan(query, off=off)
        assert "Scan using commitment_mentee_due" in explained, explained
        assert "visits_comm_status" not in explained, explained


def test_page_one_of_a_programs_informal_meetings_is_read_newest_first_from_an_index(national):
    from acompana.group_sessions.selectors import meeting_list_for_user

    program = Program.objects.get(slug=national.slug)
    coordinator = User.objects.get(pk=personas(national.slug)["coordinator"])
    page_one = meeting_list_for_user(user=coordinator, program=program)[:50]

    explained = plan(page_one)

    assert "informal_meeting_newest" in explained, explained
    assert "Sort" not in explained, explained


def test_a_mentors_group_sessions_are_found_through_the_attendance_mentor_index(national):
    program = Program.objects.get(slug=national.slug)
    off = ("enable_seqscan", "enable_bitmapscan")
    mentor, specialist = User.objects.filter(
        pk__in=[national.mentor_user_id, national.specialist_id]
    ).order_by(Case(When(pk=national.mentor_user_id, then=0), default=1))

    explained = plan(session_list_for_user(user=mentor, program=program).values("pk"), off=off)

    assert "Seq Scan" not in explained, explained
    attendance = explained.split("on group_sessions_attendance")[1].split("\n")[1]
    assert "Index Cond: (mentor_id = " in attendance, explained
    # (the accompanied mentors' attendances: by an index, whichever suits the size)
    explained = plan(session_list_for_user(user=specialist, program=program).values("pk"), off=off)
    assert "Seq Scan" not in explained, explained


def test_the_first_page_of_a_programs_people_walks_the_index_on_names(national):
    program = Program.objects.get(slug=national.slug)

    explained = plan(member_list(program=program)[:50])

    assert "Index Scan using user_names" in explained, explained
    assert "Unique" not in explained and "HashAggregate" not in explained, explained


def test_a_mentors_visits_are_read_newest_first_from_the_mentor_index(national):
    program = Program.objects.get(slug=national.slug)
    mentor = User.objects.get(pk=national.mentor_user_id)
    page = visit_list_for_user(user=mentor, program=program).values("pk")[:50]

    explained = plan(page)

    assert "Index Only Scan using visit_mentor_newest" in explained, explained
    assert "Sort" not in explained, explained


def test_a_specialists_visits_are_paged_by_an_index(national):
    program = Program.objects.get(slug=national.slug)
    specialist = User.objects.get(pk=national.specialist_id)
    visits = visit_list_for_user(user=specialist, program=program)

    # the accompanied mentors' visits by the mentors' index and a sort of those few, or by
    # the program's newest-first index (as suits the sizes), never the whole table
    for query in (visits.values("pk")[:50], visits.order_by().values("pk")[:10_001]):
        explained = plan(query, off=("enable_seqscan", "enable_bitmapscan"))
        assert "Seq Scan" not in explained, explained


def test_the_homes_count_of_mentees_waiting_probes_the_partnership_index(national):
    program = Program.objects.get(slug=national.slug)
    waiting = mentees_waiting(MenteeProfile.objects.filter(program=program))[:1001]

    explained = plan(waiting.values("pk"))

    assert "Seq Scan" not in explained, explained
    assert "on people_partnership" in explained and "Index" in explained, explained
    assert "hashed SubPlan" not in explained, explained


def test_the_pairs_offered_for_an_agreement_are_an_anti_join_on_the_agreement_index(national):
    from acompana.agreements.selectors import partnerships_to_issue

    program = Program.objects.get(slug=national.slug)
    pending = partnerships_to_issue(program=program)[:51]

    explained = plan(pending.values("pk"), off=("enable_seqscan", "enable_bitmapscan"))

    assert "Anti Join" in explained, explained
    assert "agreements_agreement_partnership_id_key" in explained, explained
    assert "hashed SubPlan" not in explained, explained


def query_counts(slug: str) -> dict[tuple[str, str], int]:
    """Queries per (persona, page) of every page a persona may open (status 200)."""
    counts = {}
    pages = extra_pages(slug)
    for persona, user_id in personas(slug).items():
        if persona == "researcher":
            continue
        client = Client()
        client.force_login(User.objects.get(pk=user_id))
        urls = {u: u.replace(f"/{slug}/", "/…/", 1) for u in program_routes(slug)}
        urls.update({"/": "/"} | pages)
        for url, name in urls.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, HTTP_HOST="127.0.0.1")
            if response.status_code == 200:
                counts[(persona, name)] = len(queries)
    return counts


def test_no_page_costs_more_queries_in_a_program_twice_as_big(db):
    build_national("ci-small", mentees=60, mentors=6, visits=600)
    build_national("ci-twice", mentees=120, mentors=12, visits=1200)

    small, twice = query_counts("ci-small"), query_counts("ci-twice")

    assert len(small) > 100  # every persona's pages were opened
    assert set(small) == set(twice)
    grew = {page: (small[page], twice[page]) for page in small if twice[page] > small[page]}
    assert grew == {}
