from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from acompana.hub.annual import annual_report_pdf, find_cohort
from acompana.programs.models import Program


class Command(BaseCommand):
    help = (
        "Write the annual report of one cohort as a PDF (also reached as `acompana report "
        "annual --program SLUG --cohort NAME-OR-YEAR --format pdf --out FILE`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument("--cohort", required=True, help="cohort name, or its year")
        parser.add_argument("--format", choices=["pdf"], default="pdf")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--lang", default="es", help="language of the document (es or en)")

    def handle(self, *args, **options):
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        with translation.override(options["lang"]):
            try:
                cohort = find_cohort(program=program, name_or_year=options["cohort"])
            except Http404 as exc:
                raise CommandError(str(exc)) from None
            data = annual_report_pdf(cohort=cohort)
        with open(options["out"], "wb") as out:
            out.write(data)
        self.stdout.write(
            f"{len(data)} bytes: annual report of {cohort} written to {options['out']}"
        )
