"""Spreadsheet import at program scale: schools, then mentees, then the same file again.

    .venv/bin/python benchmarks/imports.py [--mentees 3000] [--schools 300]

Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL if set) and prints the
machine, the wall time and the number of queries of each step.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory) / 1024**2:.1f} GiB, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=3000)
    parser.add_argument("--schools", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="acompana-bench-")
    os.environ.setdefault("ACOMPANA_VAR_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from acompana.people.imports import spreadsheet_import
    from acompana.programs.models import Program

    call_command("migrate", verbosity=0)
    program = Program.objects.create(slug="bench", name="Bench")
    regions = ["Cusco", "Puno", "Apurímac", "Ayacucho", "Huancavelica"]
    schools = "code;name;region;level;area;latitude;longitude\n" + "".join(
        f"S{n:05d};I.E. N.° {n} Túpac Amaru;{regions[n % 5]};primaria;rural;-13,5;-72,1\n"
        for n in range(args.schools)
    )
    mentees = (
        "code;first_name;last_name;email;position;school_code;region;years_in_position;"
        "languages;modality;connectivity\n"
        + "".join(
            f"D{n:05d};María José;Ñahui Quispe;principal{n}@example.org;directora;"
            f"S{n % args.schools:05d};;2,5;es qu;presencial;baja\n"
            for n in range(args.mentees)
        )
    )
    print(f"Machine: {machine()}")
    print(f"Database: {connection.vendor}")
    print("| step | rows | seconds | queries |")
    print("|---|---:|---:|---:|")
    for label, kind, text in [
        ("schools", "schools", schools),
        ("mentees (new)", "mentees", mentees),
        ("mentees (same file again)", "mentees", mentees),
    ]:
        content = text.encode("cp1252")  # as a spreadsheet program saves it
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            summary = spreadsheet_import(
                program=program, kind=kind, content=content, filename="f.csv", actor=None
            )
            seconds = time.perf_counter() - started
        print(f"| {label} | {summary.rows:,} | {seconds:.2f} | {len(queries):,} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
