"""Spreadsheet imports at their limits: time and peak memory of hostile and very large files.

    .venv/bin/python benchmarks/import_limits.py [--rows 200000] [--over 573000]

Builds, in a temporary folder: an XLSX that claims the whole grid (``A1:XFD1048576``) but holds
two rows, the same with a valid mentor a million rows down, a mentors CSV and XLSX of ``--rows``
rows, and a mentors CSV of ``--over`` rows (over the default limit of 200,000). Each file is
imported with ``acompana import mentors`` in its own process on a fresh SQLite database (or
DATABASE_URL if set), and the script prints the outcome, the wall time and the process's peak
resident memory (VmHWM, Python and Django included), then the machine.
"""

import argparse
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HEADER = [
    "code", "first_name", "last_name", "email", "region", "highest_degree", "teaching_years",
    "management_years", "accompaniment_experience", "technical_assistance", "programs_served",
    "languages", "capacity",
]  # fmt: skip
REGIONS = ["Cusco", "Puno", "Apurímac", "Ayacucho", "Huancavelica"]


def mentor(n: int) -> list[object]:
    return [
        f"M{n:06d}", "María José", "Ñahui Quispe", f"mentor{n}@example.org", REGIONS[n % 5],
        "master", 12, 2.5, "sí", "no", 2, "es qu", 8,
    ]  # fmt: skip


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\n")
        for n in range(rows):
            cells = ["2,5" if c == 2.5 else str(c) for c in mentor(n)]  # a decimal comma
            out.write(";".join(cells) + "\n")


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append(mentor(n))
    workbook.save(path)


def write_lying_xlsx(path: Path, *, valid: bool) -> None:
    """A tiny workbook whose sheet claims A1:XFD1048576; its second row is on the last line."""
    from openpyxl import Workbook

    workbook = Workbook()
    header = HEADER if valid else ["code", "first_name"]
    for column, name in enumerate(header, start=1):
        workbook.active.cell(row=1, column=column, value=name)
    values = mentor(1) if valid else ["T1", "Ana"]
    for column, value in enumerate(values, start=1):
        workbook.active.cell(row=1_048_576, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
            target.writestr(info.filename, data)


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(path: str, slug: str) -> None:
    """In a child process: import ``path`` as mentors of program ``slug``; print one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from acompana.people.models import MentorProfile
    from acompana.programs.models import Program

    program = Program.objects.create(slug=slug, name=slug)
    baseline = peak_rss_mib()
    started = time.perf_counter()
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "mentors", path, "--program", slug, stdout=out, stderr=err)
        outcome = out.getvalue().splitlines()[0]
    except CommandError as exc:
        outcome = "refused: " + str(exc).replace(path, Path(path).name)
    seconds = time.perf_counter() - started
    written = MentorProfile.objects.filter(program=program).count()
    print(
        json.dumps(
            {
                "outcome": outcome,
                "seconds": seconds,
                "peak": peak_rss_mib(),
                "baseline": baseline,
                "written": written,
            }
        )
    )


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
    load = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory) / 1024**2:.1f} GiB, "
        f"Python {platform.python_version()}, load average {load:.1f} at the end"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--over", type=int, default=573_000)
    parser.add_argument("--case", nargs=2, metavar=("PATH", "SLUG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(*args.case)
        return

    folder = Path(tempfile.mkdtemp(prefix="acompana-bench-"))
    env = dict(
        os.environ, ACOMPANA_VAR_DIR=str(folder), DJANGO_SETTINGS_MODULE="acompana.config.settings"
    )
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from django.core.management import call_command; call_command('migrate', verbosity=0)"],
        env=env,
        check=True,
    )  # fmt: skip
    lying, lying_valid = (
        "lying XLSX, 2 rows (code, first_name)",
        "lying XLSX, 1 mentor on row 1,048,576",
    )
    files = [
        (lying, "lying.xlsx", lambda p: write_lying_xlsx(p, valid=False)),
        (lying_valid, "lying-valid.xlsx", lambda p: write_lying_xlsx(p, valid=True)),
        (f"mentors CSV, {args.rows:,} rows", "mentors.csv", lambda p: write_csv(p, args.rows)),
        (f"mentors XLSX, {args.rows:,} rows", "mentors.xlsx", lambda p: write_xlsx(p, args.rows)),
        (f"mentors CSV, {args.over:,} rows", "over.csv", lambda p: write_csv(p, args.over)),
    ]
    print("| file | size | outcome | profiles written | seconds | peak RSS (MiB) |")
    print("|---|---:|---|---:|---:|---:|")
    for number, (label, name, build) in enumerate(files):
        path = folder / name
        build(path)
        child = subprocess.run(
            [sys.executable, __file__, "--case", str(path), f"bench-{number}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        size = path.stat().st_size
        shown = f"{size / 1024:.1f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"
        print(
            f"| {label} | {shown} | {result['outcome']} | {result['written']:,} | "
            f"{result['seconds']:.1f} | {result['peak']:.0f} (before: {result['baseline']:.0f}) |"
        )
        sys.stdout.flush()
        path.unlink()
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
