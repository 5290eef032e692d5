"""``acompana readiness-recompute --program SLUG``: sign from attendance already recorded."""

from django.core.management.base import BaseCommand, CommandError

from acompana.programs.models import Program
from acompana.training.services import readiness_recompute


class Command(BaseCommand):
    help = (
        "Check every cohort of a program against its readiness items signed from attendance: "
        "sign, as the system, the items mentors completed and withdraw the automatic signatures "
        "no longer true (signatures given by a person are kept). Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="the program's slug")

    def handle(self, *args, **options):
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug {options['program']!r}.")
        signed, withdrawn = readiness_recompute(program=program)
        self.stdout.write(f"Signed {signed} readiness items; withdrew {withdrawn}.")
