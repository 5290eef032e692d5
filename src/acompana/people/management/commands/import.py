from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from acompana.accounts.imports import staff_import
from acompana.common.importing import ImportRejected
from acompana.common.spreadsheets import SpreadsheetError
from acompana.people.imports import IMPORTERS, spreadsheet_import
from acompana.programs.models import Program


class Command(BaseCommand):
    help = (
        "Import schools, mentors, mentees or staff (email,first_name,last_name,role) from a CSV "
        "or XLSX file into a program. "
        "All-or-nothing: if any row is bad nothing is written and every bad row is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*IMPORTERS, "staff"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument("--lang", default="en", help="language of messages (en or es)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        try:
            # Streamed, never read whole: the import checks the size before reading.
            content = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        with content, translation.override(options["lang"]):
            try:
                if options["kind"] == "staff":
                    summary = staff_import(
                        program=program, content=content, filename=path.name, actor=None
                    )
                else:
                    summary = spreadsheet_import(
                        program=program,
                        kind=options["kind"],
                        content=content,
                        filename=path.name,
                        actor=None,
                    )
            except SpreadsheetError as exc:
                raise CommandError(f"{path}: {exc} Nothing was imported.") from None
            except ImportRejected as rejected:
                for error in rejected.errors:
                    self.stderr.write(f"{path}: {error}")
                if rejected.more:
                    self.stderr.write(f"{path}: ... and {rejected.more} more error(s).")
                raise CommandError(
                    f"Nothing was imported: {rejected.total} error(s) in {path}."
                ) from None
        self.stdout.write(
            f"Imported {summary.rows} {summary.kind} into {program.slug}: "
            f"{summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."
        )
        if summary.regions_created:
            self.stdout.write("New regions: " + ", ".join(summary.regions_created))
        if summary.ignored_columns:
            self.stdout.write("Ignored columns: " + ", ".join(summary.ignored_columns))
