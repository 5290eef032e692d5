from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
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
        parser.add_argument(
            "--session", type=int, help="training session id (zoom-rooms: the session's rooms)"
        )

    def handle(self, *args, **options):
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        kind = options["kind"]
        with translation.override(options["lang"]):
            params = {"session": options["session"]} if options.get("session") else {}
            try:
                table = export_table(kind=kind, program=program, user=None, params=params)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            except Http404:
                raise CommandError(f"{kind}: no such session in this program") from None
            if options["format"] == "xlsx":
                with open(options["out"], "wb") as out:
                    count = write_xlsx(out, table.header, table.rows, title=kind)
            else:
                with open(options["out"], "w", encoding="utf-8", newline="") as text:
                    count = write_csv(text, table.header, table.rows)
        self.stdout.write(f"{count} rows of {kind} written to {options['out']}")
