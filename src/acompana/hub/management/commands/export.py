from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from acompana.common.exports import write_csv, write_xlsx
from acompana.hub.exports import EXPORTS, FORMATS, export_table
from acompana.programs.models import Program


class Command(BaseCommand):
    help = "Write one of the program's lists (the whole program) to a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(EXPORTS))
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--lang", default="es", help="language of labels (es or en)")

    def handle(self, *args, **options):
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        kind = options["kind"]
        with translation.override(options["lang"]):
            table = export_table(kind=kind, program=program, user=None, params={})
            if options["format"] == "xlsx":
                with open(options["out"], "wb") as out:
                    count = write_xlsx(out, table.header, table.rows, title=kind)
            else:
                with open(options["out"], "w", encoding="utf-8", newline="") as text:
                    count = write_csv(text, table.header, table.rows)
        self.stdout.write(f"{count} rows of {kind} written to {options['out']}")
