"""Every page at national scale on PostgreSQL, timed against the demo program in the same run.

    .venv/bin/python benchmarks/scale.py [--mentees 100000] [--mentors 10000] [--visits 1000000]
        [--small] [--database acompana_scale] [--rebuild] [--repeat 5] [--only TEXT or =NAME]
        [--json results.json]

Uses DATABASE_URL if set, else the PostgreSQL database ``--database`` on 127.0.0.1 (created if
missing). Migrates, loads the demo program, and builds the national program in bulk SQL
(``scale_build.py``) unless it is already there (``--rebuild`` drops the database first). Then,
for the coordinator, a mentor, a principal, a specialist and a researcher of each program, it
requests every page and API list that takes only the program (plus the cohort page, a
questionnaire's results, a training session, a group session, a mentor's and a principal's
profile, deep pages of the visit list and the calendar feed) with Django's test client: one
request to warm up and count queries, then ``--repeat`` timed requests (whole request,
rendering included). Prints p50/p95 in ms, size in KB and queries per page for the demo and
the national program, the ratio of the p50s, and flags what misses a target: list pages over
100 ms p95 or 3x the demo, pages over 1 s, HTML over 300 KB. A statement running over 30 s is
cancelled and shown as a timeout.
"""

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field

from imports import machine  # the same machine line as the other benchmarks

PERSONAS = ("coordinator", "mentor", "mentee", "specialist", "researcher")
TIMEOUT_MS = 30_000


@dataclass
class Result:
    persona: str
    page: str
    status: int = 0
    timings: list[float] = field(default_factory=list)  # ms
    size: int = 0
    queries: int = 0
    html: bool = False

    def p(self, q: float) -> float:
        ordered = sorted(self.timings)
        return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def database_url(name: str, rebuild: bool) -> str:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        if rebuild:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def program_routes(slug: str) -> list[str]:
    """Every page and API route whose only parameter is the program."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    urls = []
    for route in walk(get_resolver().url_patterns):
        if "format" in route or route.startswith("admin"):
            continue
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        for param in ("<slug:slug>", r"(?P<program_slug>[-\w]+)", r"(?P<slug>[-\w]+)"):
            if route.count(param) == 1 and route.startswith(("p/", "api/v1/programs/")):
                candidate = route.replace(param, slug)
                if "<" not in candidate and "(" not in candidate:
                    urls.append("/" + candidate)
    return sorted(set(urls))


def personas(slug: str) -> dict[str, int]:
    """The first of each role; the principal is the first with a current partnership, the
    mentor is that principal's."""
    from acompana.accounts.models import Membership
    from acompana.people.models import Partnership

    first = {}
    partnership = (
        Partnership.objects.filter(program__slug=slug)
        .order_by("ended_on", "-started_on", "mentee__code")
        .select_related("mentor", "mentee")
        .first()
    )
    if partnership:
        first["mentor"] = partnership.mentor.user_id
        first["mentee"] = partnership.mentee.user_id
    for role in PERSONAS:
        if role in first:
            continue
        membership = (
            Membership.objects.filter(program__slug=slug, role=role).order_by("user_id").first()
        )
        if membership:
            first[role] = membership.user_id
    return first


def extra_pages(slug: str) -> dict[str, str]:
    """Pages with an object in their address, named by what they show."""
    from acompana.group_sessions.models import GroupSession
    from acompana.people.models import MenteeProfile, MentorProfile
    from acompana.programs.models import Cohort
    from acompana.surveys.models import Questionnaire
    from acompana.training.models import TrainingSession

    cohort = Cohort.objects.filter(program__slug=slug).order_by("-year").first()
    questionnaire = (
        Questionnaire.objects.filter(program__slug=slug, distributions__responses__isnull=False)
        .order_by("pk")
        .first()
    )
    session = (
        TrainingSession.objects.filter(plan__program__slug=slug, attendances__isnull=False)
        .order_by("-plan__cohort__year", "starts_at")
        .first()
    )
    group = GroupSession.objects.filter(program__slug=slug).order_by("-starts_at").first()
    mentor = MentorProfile.objects.filter(program__slug=slug).order_by("code").first()
    mentee = MenteeProfile.objects.filter(program__slug=slug).order_by("code").first()
    pages = {
        f"/p/{slug}/visits/?page=2": "/p/…/visits/?page=2",
        f"/p/{slug}/visits/?page=50": "/p/…/visits/?page=50",
        f"/p/{slug}/cohort-members/mentor/": "/p/…/cohort-members/mentor/",
        f"/p/{slug}/cohort-members/mentee/": "/p/…/cohort-members/mentee/",
    }
    if cohort:
        pages[f"/p/{slug}/cohorts/{cohort.pk}/"] = "/p/…/cohorts/<this year's>/"
    if questionnaire:
        pages[f"/p/{slug}/surveys/questionnaires/{questionnaire.pk}/results/"] = (
            "/p/…/surveys/questionnaires/<answered>/results/"
        )
        pages[f"/api/v1/programs/{slug}/surveys/questionnaires/{questionnaire.pk}/results/"] = (
            "/api/v1/programs/…/surveys/questionnaires/<answered>/results/"
        )
        pages[f"/p/{slug}/surveys/questionnaires/{questionnaire.pk}/results/?by=cohort"] = (
            "/p/…/surveys/questionnaires/<answered>/results/?by=cohort"
        )
    if session:
        pages[f"/p/{slug}/training/sessions/{session.pk}/"] = "/p/…/training/sessions/<one>/"
    if group:
        pages[f"/p/{slug}/group-sessions/{group.pk}/"] = "/p/…/group-sessions/<one>/"
    if mentor:
        pages[f"/p/{slug}/mentors/{mentor.code}/"] = "/p/…/mentors/<one>/"
    if mentee:
        pages[f"/p/{slug}/mentees/{mentee.code}/"] = "/p/…/mentees/<one>/"
    return pages


def measure(client, url: str, repeat: int) -> Result:
    from django.db import connection
    from django.db.utils import OperationalError
    from django.test.utils import CaptureQueriesContext

    result = Result("", url)
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            first = (time.perf_counter() - started) * 1000
    except OperationalError:  # statement timeout
        result.status = -1
        return result
    except Exception:  # a page that fails is left out (its error is logged)
        result.status = 500
        return result
    result.status = response.status_code
    if response.status_code != 200:
        return result
    body = b"".join(response) if response.streaming else response.content
    result.size = len(body)
    result.queries = len(queries)
    result.html = response.get("Content-Type", "").startswith("text/html")
    if first > 5000:  # a slow page is measured once
        result.timings = [first]
        return result
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.streaming:
            b"".join(response)
        result.timings.append((time.perf_counter() - started) * 1000)
    return result


def run_program(slug: str, users: dict[str, int], pages: dict[str, str], repeat, only, log):
    from django.test import Client

    from acompana.accounts.models import User
    from acompana.hub.calendar import calendar_feed_token

    results: dict[tuple[str, str], Result] = {}
    for persona, user_id in users.items():
        user = User.objects.get(pk=user_id)
        client = Client()
        client.force_login(user)
        urls = {"/": "/"}
        urls.update({u: u.replace(f"/{slug}/", "/…/", 1) for u in program_routes(slug)})
        urls.update(pages)
        if persona in ("mentor", "mentee"):
            token = calendar_feed_token(user=user).token
            urls[f"/calendar/{token}.ics"] = "/calendar/<token>.ics"
        for url, name in urls.items():
            if only and (name != only[1:] if only.startswith("=") else only not in name):
                continue
            result = measure(client, url, repeat)
            result.persona, result.page = persona, name
            results[(persona, name)] = result
            if result.status in (200, -1):
                log(f"    {slug} {persona} {name}: {result.status} {result.timings[:1]}")
    return results


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def table(demo, national) -> list[str]:
    lines = [
        "| persona | page | demo p50 | national p50 | national p95 | ratio | KB | queries "
        "(demo / national) | misses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key in sorted(set(demo) | set(national)):
        d, n = demo.get(key), national.get(key)
        if not n or n.status not in (200, -1):
            continue
        if n.status == -1:
            lines.append(
                f"| {key[0]} | `{key[1]}` | {fmt(d.p(0.5)) if d and d.timings else '—'}"
                f" | timeout | timeout | | | | > {TIMEOUT_MS // 1000} s |"
            )
            continue
        d50 = d.p(0.5) if d and d.status == 200 and d.timings else None
        n50, n95 = n.p(0.5), n.p(0.95)
        ratio = n50 / d50 if d50 else None
        misses = []
        report = any(w in key[1] for w in ("report", "results", "readiness", "network", "coverage"))
        if n95 > 1000:
            misses.append("> 1 s")
        elif not report and n95 > 100:
            misses.append("p95 > 100 ms")
        if not report and ratio and ratio > 3 and n95 > 20:
            misses.append("> 3x demo")
        if n.html and n.size > 300_000:
            misses.append("> 300 KB")
        queries = f"{d.queries if d and d.status == 200 else '—'} / {n.queries}"
        lines.append(
            f"| {key[0]} | `{key[1]}` | {fmt(d50)} | {fmt(n50)} | {fmt(n95)} | "
            f"{'—' if ratio is None else f'{ratio:.1f}x'} | {n.size / 1000:,.0f} | {queries} | "
            f"{', '.join(misses)} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=100_000)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--small", action="store_true", help="2,000 x 200 and 20,000 visits")
    parser.add_argument("--database", default="acompana_scale")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--only",
        help="time only the pages whose name contains this (=NAME: only the page named NAME, "
        "e.g. --only =/ for the homes)",
    )
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--vacuum", action="store_true", help="VACUUM ANALYZE before timing (as autovacuum would)"
    )
    args = parser.parse_args()
    if args.small:
        args.mentees, args.mentors, args.visits = 2000, 200, 20_000

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = database_url(args.database, args.rebuild)
    os.environ.setdefault("ACOMPANA_VAR_DIR", tempfile.mkdtemp(prefix="acompana-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    os.environ["HTTPS"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"  # pages render without collectstatic
    import django

    django.setup()
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection

    from acompana.demo.services import demo_load
    from acompana.programs.models import Program
    from scale_build import add_readiness, build_national

    assert connection.vendor == "postgresql", "the national benchmark runs on PostgreSQL"
    # One connection for the whole run, as the test runner does (pages are timed, not connects).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Program.objects.filter(slug="mentoria-directivos").exists():
        log("loading the demo program")
        with contextlib.redirect_stdout(io.StringIO()):  # the demo's e-mails
            demo_load(password="demo-benchmark")
    if not Program.objects.filter(slug="nacional").exists():
        log(f"building the national program ({args.mentees:,} x {args.mentors:,})")
        build_national(
            "nacional", mentees=args.mentees, mentors=args.mentors, visits=args.visits, log=log
        )
        log(f"built in {time.perf_counter() - started:.0f} s")
    add_readiness(Program.objects.get(slug="nacional").pk, log=log)  # (absent from early builds)
    if args.vacuum:
        log("vacuum analyze")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {TIMEOUT_MS}")
        cursor.execute(
            "SELECT count(*) FROM visits_visit v JOIN programs_program p "
            "ON p.id = v.program_id WHERE p.slug = 'nacional'"
        )
        national_visits = cursor.fetchone()[0]
    results = {}
    for slug in ("mentoria-directivos", "nacional"):
        log(f"timing {slug}")
        results[slug] = run_program(
            slug, personas(slug), extra_pages(slug), args.repeat, args.only, log
        )
    print(f"Machine: {machine()}")
    print(
        f"Database: PostgreSQL {connection.pg_version // 10000}; national program: "
        f"{args.mentees:,} principals, {args.mentors:,} mentors, {national_visits:,} visits; "
        f"{args.repeat} timed requests per page after one to warm up (ms)"
    )
    lines = table(results["mentoria-directivos"], results["nacional"])
    print("\n".join(lines))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {
                    slug: [
                        {
                            "persona": r.persona,
                            "page": r.page,
                            "status": r.status,
                            "p50": r.p(0.5) if r.timings else None,
                            "p95": r.p(0.95) if r.timings else None,
                            "bytes": r.size,
                            "queries": r.queries,
                        }
                        for r in by_page.values()
                    ]
                    for slug, by_page in results.items()
                },
                out,
                indent=1,
            )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
