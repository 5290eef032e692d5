import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from acompana.common.exports import to_csv, to_xlsx
from acompana.people.selectors import mentor_experience_table
from acompana.programs.models import Program

REPORTS = {"mentor-experience": mentor_experience_table}


class Command(BaseCommand):
    help = "Print a report of a program: mentor-experience (Table 3 of the Peru study)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(REPORTS))
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--with-names", action="store_true", help="add mentors' names")
        parser.add_argument(
            "--declared",
            action="store_true",
            help="mentoring programs as declared at entry (default: as of the latest cohort)",
        )
        parser.add_argument("--lang", default="en", help="language of labels (en or es)")
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args, **options):
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
