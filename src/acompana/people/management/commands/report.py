import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from acompana.common.exports import to_csv, to_xlsx
from acompana.people.selectors import mentor_experience_table
from acompana.programs.models import Program

REPORTS = {"mentor-experience": mentor_experience_table}
# Documents written by a higher floor's command (reached by name, never imported from here).
DOCUMENTS = {"annual": "annual_report"}


class Command(BaseCommand):
    help = (
        "Print a report of a program: mentor-experience (Table 3 of the Peru study), or write "
        "the annual report of a cohort: annual --cohort NAME-OR-YEAR --format pdf --out FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted([*REPORTS, *DOCUMENTS]))
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf"], default=None)
        parser.add_argument("--cohort", help="annual: the cohort's name or year")
        parser.add_argument("--out", help="annual: the file to write")
        parser.add_argument("--with-names", action="store_true", help="add mentors' names")
        parser.add_argument(
            "--declared",
            action="store_true",
            help="mentoring programs as declared at entry (default: as of the latest cohort)",
        )
        parser.add_argument(
            "--lang", default=None, help="language of labels (en or es; annual: es by default)"
        )
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        if options["name"] in DOCUMENTS:
            if options["format"] not in (None, "pdf") or not options["cohort"]:
                raise CommandError("annual needs --cohort and writes --format pdf")
            out = options["out"] or options["output"]
            if not out:
                raise CommandError("annual needs --out FILE")
            call_command(
                DOCUMENTS[options["name"]],
                program=options["program"],
                cohort=options["cohort"],
                out=out,
                lang=options["lang"] or "es",
                stdout=self.stdout,
            )
            return
        options["format"] = options["format"] or "csv"
        options["lang"] = options["lang"] or "en"
        if options["format"] == "pdf":
            raise CommandError("mentor-experience is written as csv or xlsx")
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        with translation.override(options["lang"]):
            header, rows = REPORTS[options["name"]](
                program=program, with_names=options["with_names"], declared=options["declared"]
            )
            if options["format"] == "xlsx":
                data = to_xlsx(header, rows, title=options["name"])
                if options["output"]:
                    with open(options["output"], "wb") as out:
                        out.write(data)
                else:
                    sys.stdout.buffer.write(data)
                return
            text = to_csv(header, rows)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text)
        else:
            self.stdout.write(text, ending="")
