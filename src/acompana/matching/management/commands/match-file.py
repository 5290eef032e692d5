"""``acompana match-file PROBLEM.json --out RESULT.json``: solve a matching problem file."""

from django.core.management.base import BaseCommand, CommandError

from acompana_core.matching.fileio import run_file
from acompana_core.matching.problem import ProblemError


class Command(BaseCommand):
    help = (
        "Solve a matching problem given as JSON (objective, mentors with capacities, mentees, "
        "scored edges, locked pairs) and write the assignments as JSON. "
        "See docs/subsystems/matching.md for the format."
    )

    def add_arguments(self, parser):
        parser.add_argument("problem", help="problem file (JSON)")
        parser.add_argument("--out", required=True, help="where to write the result (JSON)")

    def handle(self, *args, **options):
        try:
            result = run_file(options["problem"], options["out"])
        except ProblemError as exc:
            raise CommandError(f"{options['problem']}: {exc}") from None
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        summary = f"Matched {result.matched} mentees; {len(result.unmatched)} unmatched"
        if result.matched:
            summary += f"; total score {result.total_score:.4f}, lowest {result.min_score:.4f}"
        self.stdout.write(summary + f". Result written to {options['out']}.")
