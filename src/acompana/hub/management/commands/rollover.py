from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from acompana.hub.rollover import cohort_rollover
from acompana.people.rollover import returning_mentees, returning_mentors
from acompana.programs.models import Program
from acompana.programs.rollover import cohort_find


def _chosen(value: str, people: list, what: str) -> set[int]:
    """``all``, ``none`` or a comma-separated list of codes among ``people``."""
    if value == "all":
        return {p.pk for p in people}
    if value == "none":
        return set()
    codes = {code.strip() for code in value.split(",") if code.strip()}
    by_code = {p.code: p.pk for p in people}
    unknown = sorted(codes - set(by_code))
    if unknown:
        raise CommandError(f"not {what} of the cohort: {', '.join(unknown)}")
    return {by_code[code] for code in codes}


class Command(BaseCommand):
    help = (
        "Roll a cohort into a new year: a new cohort with the old one's training plan, rounds "
        "(current protocol versions), readiness checklist, call rubric, group-session series, "
        "survey distributions and budget lines, dates moved by the difference of years. "
        "Lists what it creates; --dry-run lists it without writing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="the program's slug")
        parser.add_argument(
            "--from", dest="source", required=True, help="the cohort's name, or its year"
        )
        parser.add_argument("--to", dest="name", required=True, help="the new cohort's name")
        parser.add_argument("--year", type=int, required=True, help="the new cohort's year")
        parser.add_argument(
            "--mentors",
            default="none",
            help="returning mentors: all, none (default) or codes separated by commas",
        )
        parser.add_argument(
            "--mentees",
            default="none",
            help="returning mentees: all, none (default) or codes separated by commas",
        )
        parser.add_argument(
            "--continue-partnerships",
            action="store_true",
            help=(
                "continue the last partnership of each returning pair (an open one stays as it "
                "is, an ended one starts again in the new cohort on its first day)"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="list, write nothing")

    def handle(self, *args, **options):
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"no program {options['program']!r}")
        source = cohort_find(program=program, label=options["source"])
        if source is None:
            raise CommandError(f"no cohort {options['source']!r} in {program.slug}")
        try:
            result = cohort_rollover(
                source=source,
                name=options["name"],
                year=options["year"],
                mentor_ids=_chosen(options["mentors"], returning_mentors(cohort=source), "mentors"),
                mentee_ids=_chosen(options["mentees"], returning_mentees(cohort=source), "mentees"),
                continue_partnerships=options["continue_partnerships"],
                dry_run=options["dry_run"],
                actor=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for kind, text in result.created:
            self.stdout.write(f"  {kind}: {text}")
        count = len(result.created)
        if result.dry_run:
            self.stdout.write(
                f"Dry run: rolling {source} into {options['name']} ({options['year']}) would "
                f"create {count} items; nothing was written."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Rolled {source} into {result.target}: {count} items created.")
            )
