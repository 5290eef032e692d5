"""In-app matching, the whole path: profiles in PostgreSQL to saved proposals.

    .venv/bin/python benchmarks/matching_app.py --mentees 100000 --mentors 10000
    .venv/bin/python benchmarks/matching_app.py --mentees 35000 --mentors 4720 --src /tmp/old/src

Builds one cohort per size in its own program with bulk SQL (``INSERT … SELECT
generate_series``, seeded): 25 regions, schools with coordinates, mentees (principals and
teachers) with two to six needs among 30 competencies, mentors with four to eight strengths,
capacities of 5 to 15 (about one place per mentee), Spanish and Quechua speakers, short
teaching philosophies, and an ended partnership from last year for a third of the mentees
(continuity). Then, in a fresh process per measurement, a run is started and executed as the
worker does (``match_run_start`` + ``match_run_execute``): reading the profiles, scoring and
pruning the candidates, solving, explaining and saving the proposals. Reported: the wall and
CPU time of the run, each stage's share, and the process's peak resident memory
(``ru_maxrss``, Django and the imports included). The demo size (1,000 x 100) runs in the
same invocation, for the ratio. ``--pages`` then times the review page (first page, a deep
page, one region) and the API's proposal list and summary of each run. ``--src`` runs the
measurement with another source tree (an older commit, say), on the same database.

The database is ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
acompana_bench_matching``), created and migrated if missing; programs already built are reused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/acompana_bench_matching"
REGIONS = 25
COMPETENCIES = 30
DEMO = (1_000, 100)
WORDS = [
    "aprendizaje",
    "colaborativo",
    "evaluación",
    "formativa",
    "liderazgo",
    "pedagógico",
    "inclusión",
    "convivencia",
    "escolar",
    "comunidad",
    "familias",
    "estudiantes",
    "docentes",
    "currículo",
    "innovación",
    "reflexión",
    "práctica",
    "acompañamiento",
    "equidad",
    "calidad",
    "enseñanza",
    "lectura",
    "escritura",
    "matemáticas",
    "ciencias",
    "proyectos",
    "bienestar",
    "socioemocional",
    "datos",
    "mejora",
    "continua",
    "retroalimentación",
    "observación",
    "aula",
    "confianza",
    "respeto",
    "diálogo",
    "participación",
    "diversidad",
    "cultura",
    "desarrollo",
    "profesional",
    "planificación",
    "metas",
    "resultados",
    "crecimiento",
    "autonomía",
    "motivación",
    "territorio",
    "rural",
    "interculturalidad",
    "lengua",
    "materna",
    "juego",
    "exploración",
    "gestión",
    "tutoría",
]


def setup(src: Path) -> None:
    sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("HTTPS", "false")
    import django

    django.setup()


def ensure_database() -> None:
    import psycopg

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [str(Path(sys.executable).parent / "acompana"), "migrate", "-v0"], check=True, cwd=ROOT
    )


def slug_for(n: int, m: int) -> str:
    return f"matching-{n}x{m}"


def build(n: int, m: int) -> None:
    """One program with one cohort of ``n`` mentees and ``m`` mentors (skipped if built)."""
    from django.contrib.auth.hashers import make_password  # noqa: F401  (app registry ready)
    from django.db import connection, transaction

    from acompana.frameworks.models import Competency, Domain, Framework
    from acompana.programs.models import Cohort, Program, Region

    slug = slug_for(n, m)
    if Program.objects.filter(slug=slug).exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        framework = Framework.objects.create(slug=slug, name=slug, audience="principals")
        domain = Domain.objects.create(framework=framework, code="D", name="Dominio")
        competencies = Competency.objects.bulk_create(
            Competency(domain=domain, code=f"C{k:02d}", name=f"Competencia {k}", position=k)
            for k in range(COMPETENCIES)
        )
        program = Program.objects.create(slug=slug, name=slug, framework=framework)
        regions = Region.objects.bulk_create(
            Region(program=program, name=f"Región {r:02d}") for r in range(REGIONS)
        )
        last_year = Cohort.objects.create(program=program, year=2025, modality="hybrid")
        cohort = Cohort.objects.create(program=program, year=2026, modality="hybrid")
        cursor = connection.cursor()
        tables = [
            "accounts_user",
            "programs_school",
            "people_mentorprofile",
            "people_menteeprofile",
        ]
        base = {}
        for table in tables:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            base[table] = cursor.fetchone()[0]
        p = {
            "n": n,
            "m": m,
            "slug": slug,
            "pid": program.pk,
            "r": REGIONS,
            "region0": min(r.pk for r in regions),
            "c0": min(c.pk for c in competencies),
            "k": COMPETENCIES,
            "cohort": cohort.pk,
            "last": last_year.pk,
            "schools": max(1, n * 2 // 5),
            "words": WORDS,
            "nw": len(WORDS),
            **{f"b_{t}": i for t, i in base.items()},
        }
        cursor.execute("SELECT setseed(0.19)")
        text = (
            "array_to_string(ARRAY(SELECT (%(words)s::text[])[1 + floor(random() * %(nw)s)::int]"
            " FROM generate_series(1, 6 + (g * 7) %% 11)), ' ')"
        )
        statements = [
            """INSERT INTO accounts_user (id, password, is_superuser, email, first_name,
                last_name, preferred_language, is_active, is_staff, date_joined, email_reminders)
            SELECT %(b_accounts_user)s + g, '!', false, %(slug)s || '-' || g || '@example.org',
                (ARRAY['Ana','Luis','Rosa','Jorge','Elena','Pedro','Carmen','Raúl'])[1 + g %% 8],
                'Quispe ' || g, 'es', true, false, now(), true
            FROM generate_series(1, %(m)s + %(n)s) g""",
            """INSERT INTO programs_school (id, created_at, updated_at, code, name, level, area,
                program_id, region_id, latitude, longitude)
            SELECT %(b_programs_school)s + g, now(), now(), 'E' || g, 'I.E. ' || g,
                (ARRAY['initial','primary','secondary'])[1 + g %% 3], 'rural', %(pid)s,
                %(region0)s + g %% %(r)s, -18 + g %% %(r)s * 0.5 + random(), -76 + random() * 3
            FROM generate_series(1, %(schools)s) g""",
            f"""INSERT INTO people_mentorprofile (id, created_at, updated_at, code, languages,
                teaching_philosophy, active, highest_degree, teaching_years, management_years,
                accompaniment_experience, technical_assistance, programs_served, capacity,
                modality_preference, program_id, region_id, user_id, school_levels, school_id,
                latitude, longitude)
            SELECT %(b_people_mentorprofile)s + g, now(), now(), 'T' || lpad(g::text, 6, '0'),
                CASE WHEN random() < 0.2 THEN '["es", "qu"]' ELSE '["es"]' END::jsonb,
                {text}, true, 'master', 10, floor(random() * 12), true, false, 3,
                5 + floor(random() * 11), (ARRAY['in_person','virtual','hybrid'])[1 + g %% 3],
                %(pid)s, %(region0)s + g %% %(r)s, %(b_accounts_user)s + g,
                (ARRAY['["primary"]', '["secondary"]', '["primary", "secondary"]',
                       '["initial", "primary"]'])[1 + g %% 4]::jsonb,
                CASE WHEN g %% 4 = 0 THEN %(b_programs_school)s + 1 + (g * 37) %% %(schools)s END,
                -18 + g %% %(r)s * 0.5 + random(), -76 + random() * 3
            FROM generate_series(1, %(m)s) g""",
            f"""INSERT INTO people_menteeprofile (id, created_at, updated_at, code, languages,
                teaching_philosophy, active, position, years_in_position, preferred_modality,
                connectivity, program_id, region_id, school_id, user_id, subject, grade_level,
                career_stage)
            SELECT %(b_people_menteeprofile)s + g, now(), now(), 'D' || lpad(g::text, 7, '0'),
                CASE WHEN random() < 0.05 THEN '["qu"]'
                     WHEN random() < 0.15 THEN '["es", "qu"]' ELSE '["es"]' END::jsonb,
                CASE WHEN g %% 5 = 0 THEN '' ELSE {text} END, true,
                (ARRAY['principal','assistant_principal','teacher','coordinator'])[1 + g %% 4],
                g %% 15, (ARRAY['in_person','virtual','hybrid'])[1 + (g / 3) %% 3], 'good',
                %(pid)s, %(region0)s + (1 + (g - 1) %% %(schools)s) %% %(r)s,
                %(b_programs_school)s + 1 + (g - 1) %% %(schools)s, %(b_accounts_user)s + %(m)s + g,
                '', '', ''
            FROM generate_series(1, %(n)s) g""",
            """INSERT INTO people_mentorprofile_cohorts (mentorprofile_id, cohort_id)
            SELECT %(b_people_mentorprofile)s + g, %(cohort)s FROM generate_series(1, %(m)s) g""",
            """INSERT INTO people_menteeprofile_cohorts (menteeprofile_id, cohort_id)
            SELECT %(b_people_menteeprofile)s + g, %(cohort)s FROM generate_series(1, %(n)s) g""",
            """INSERT INTO people_mentorprofile_strengths (mentorprofile_id, competency_id)
            SELECT DISTINCT %(b_people_mentorprofile)s + g, %(c0)s + floor(random() * %(k)s)
            FROM generate_series(1, %(m)s) g, generate_series(1, 4 + g %% 5) s""",
            """INSERT INTO people_menteeprofile_needs (menteeprofile_id, competency_id)
            SELECT DISTINCT %(b_people_menteeprofile)s + g, %(c0)s + floor(random() * %(k)s)
            FROM generate_series(1, %(n)s) g, generate_series(1, 2 + g %% 5) s""",
            # Last year's mentor (same region) of a third of the mentees: continuity.
            """INSERT INTO people_partnership (created_at, updated_at, started_on, ended_on,
                cohort_id, mentee_id, mentor_id, program_id)
            SELECT now(), now(), '2025-03-01', '2025-12-15', %(last)s,
                %(b_people_menteeprofile)s + g,
                %(b_people_mentorprofile)s + %(r)s * (1 + (g * 13) %% (%(m)s / %(r)s - 1))
                    + (1 + (g - 1) %% %(schools)s) %% %(r)s,
                %(pid)s
            FROM generate_series(1, %(n)s) g WHERE g %% 3 = 0""",
        ]
        for sql in statements:
            cursor.execute(sql, p)
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT GREATEST(MAX(id), 1) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {slug} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def measure(n: int, m: int, candidates: int) -> dict[str, Any]:
    """Start and execute one run as the worker does; time each stage."""
    from django.db import connection
    from django.utils import translation

    from acompana.matching import services
    from acompana.matching.models import DEFAULT_CRITERIA, MatchRun
    from acompana.programs.models import Program

    translation.activate("en")  # the stage names
    program = Program.objects.get(slug=slug_for(n, m))
    cohort = program.cohorts.get(year=2026)
    stages: list[tuple[str, float, float]] = []
    progress = services._progress

    def timed(run: MatchRun, value: int, stage: str) -> None:
        stages.append((stage, time.perf_counter(), time.process_time()))
        progress(run, value, stage)

    services._progress = timed  # type: ignore[assignment]
    options = {"max_km": 60, "candidates": candidates}
    run = services.match_run_start(
        program=program,
        cohort=cohort,
        kind="mentees",
        objective="total",
        criteria=DEFAULT_CRITERIA,
        options=options,
        actor=None,
    )
    started, cpu = time.perf_counter(), time.process_time()
    run = services.match_run_execute(run_id=run.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    marks = [*stages, ("end", started + seconds, time.process_time())]
    breakdown = {
        name.split(" ")[0].strip(":"): (
            round(marks[k + 1][1] - at, 1),
            round(marks[k + 1][2] - cpu_at, 1),
        )
        for k, (name, at, cpu_at) in enumerate(marks[:-1])
    }
    saved = run.proposals.count()
    connection.close()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "status": run.status,
        "error": run.error,
        "summary": run.summary,
        "saved": saved,
        "stages": breakdown,
    }


def review_pages(n: int, m: int, repeat: int = 3) -> list[dict[str, Any]]:
    """The review page and the API's lists of the cohort's last done run, as its coordinator
    sees them: best time of ``repeat``, bytes and queries."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from acompana.accounts.models import Membership, User
    from acompana.matching.models import MatchRun
    from acompana.programs.models import Program

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    slug = slug_for(n, m)
    program = Program.objects.get(slug=slug)
    user, _new = User.objects.get_or_create(email=f"coordinator-{slug}@example.org")
    Membership.objects.get_or_create(user=user, program=program, role="coordinator")
    run = MatchRun.objects.filter(program=program, status="done").order_by("-pk").first()
    assert run is not None, "run the benchmark first"
    client = Client()
    client.force_login(user)
    page = f"/p/{slug}/matching/runs/{run.pk}/"
    api = f"/api/v1/programs/{slug}/matching/runs/{run.pk}/"
    region = program.regions.order_by("name").first()
    rows = []
    for label, url, params in [
        ("page 1", page, {}),
        ("page 300", page, {"page": 300}),
        ("one region", page, {"region": region.pk if region else ""}),
        ("API proposals", f"{api}proposals/", {}),
        ("API summary", f"{api}summary/", {}),
    ]:
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - started)
        rows.append(
            {
                "what": label,
                "status": response.status_code,
                "ms": round(min(times) * 1000),
                "kib": round(len(response.content) / 1024),
                "queries": len(queries),
            }
        )
    return rows


def child(args: argparse.Namespace) -> None:
    setup(Path(args.src))
    if args.pages:
        print(json.dumps(review_pages(args.mentees, args.mentors)))
        return
    print(json.dumps(measure(args.mentees, args.mentors, args.candidates)))


def run_child(src: str, n: int, m: int, candidates: int, pages: bool = False) -> Any:
    command = [sys.executable, __file__, "--child", "--src", src]
    command += ["--mentees", str(n), "--mentors", str(m), "--candidates", str(candidates)]
    done = subprocess.run(command + ["--pages"] * pages, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpus = os.cpu_count()
    with open("/proc/meminfo") as info:
        total = int(info.readline().split()[1]) / 1024 / 1024
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {cpus} cores, {total:.1f} GiB; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=100_000)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100, help="candidates per mentee")
    parser.add_argument("--src", default=str(ROOT / "src"), help="source tree to measure")
    parser.add_argument(
        "--pages", action="store_true", help="then time the review page and API of each run"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    ensure_database()
    setup(ROOT / "src")
    for n, m in (DEMO, (args.mentees, args.mentors)):
        build(n, m)
    from django.db import connection

    connection.close()
    print(f"Machine: {machine()}; source {args.src}")
    print(
        "| Cohort | Time (s) | CPU (s) | Peak RSS (MiB) | Pairs | Matched | Saved "
        "| Stages: time / CPU (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    results = {}
    for n, m in (DEMO, (args.mentees, args.mentors)):
        result = run_child(args.src, n, m, args.candidates)
        results[(n, m)] = result
        if "seconds" not in result:
            print(f"| {n:,} x {m:,} | failed: {result['error']} | | | | | | |")
            continue
        summary = result["summary"]
        stages = ", ".join(f"{k} {w} / {c}" for k, (w, c) in result["stages"].items())
        print(
            f"| {n:,} x {m:,} | {result['seconds']:.1f} | {result.get('cpu_seconds', 0):.1f} | "
            f"{result['peak_mib']:,} | "
            f"{summary.get('pairs', 0):,} | {summary.get('matched', 0):,} | {result['saved']:,} "
            f"| {stages} |"
        )
    small, big = results[DEMO], results[(args.mentees, args.mentors)]
    if "seconds" in small and "seconds" in big:
        print(f"Ratio national / demo time: {big['seconds'] / max(small['seconds'], 1e-3):.0f}x")
    if args.pages:
        print("\n| Cohort | Request | Status | Time (ms) | Size (KiB) | Queries |")
        print("|---|---|---:|---:|---:|---:|")
        for n, m in (DEMO, (args.mentees, args.mentors)):
            rows = run_child(args.src, n, m, args.candidates, pages=True)
            if isinstance(rows, dict):
                print(f"| {n:,} x {m:,} | failed: {rows['error']} | | | | |")
                continue
            for r in rows:
                print(
                    f"| {n:,} x {m:,} | {r['what']} | {r['status']} | {r['ms']:,} | "
                    f"{r['kib']:,} | {r['queries']} |"
                )


if __name__ == "__main__":
    main()
