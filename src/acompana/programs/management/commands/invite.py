from django.core.management.base import BaseCommand, CommandError

from acompana.accounts.models import Role
from acompana.accounts.selectors import users_to_invite
from acompana.accounts.services import invitation_send_many
from acompana.programs.models import Cohort, Program


class Command(BaseCommand):
    help = (
        "Email an invitation (a single-use link to choose a password) to the people of a "
        "program who have no password yet; each email in the person's language."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="program slug")
        parser.add_argument(
            "--cohort", help="only mentors and mentees of this cohort (name or year)"
        )
        parser.add_argument("--role", choices=[r.value for r in Role], help="only this role")
        parser.add_argument(
            "--pending", action="store_true", help="only people never invited before"
        )

    def handle(self, *args, **options):
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with slug {options['program']!r}") from None
        cohort = None
        if options["cohort"]:
            name = options["cohort"].strip()
            cohorts = Cohort.objects.filter(program=program, name__iexact=name)
            if not cohorts.exists() and name.isdigit():
                cohorts = Cohort.objects.filter(program=program, year=int(name))
            if cohorts.count() != 1:
                found = "no cohort" if not cohorts.exists() else "several cohorts"
                raise CommandError(f"{found} named {name!r} in {program.slug}")
            cohort = cohorts.get()
        people = users_to_invite(
            program=program,
            role=options["role"] or "",
            cohort=cohort,
            pending=options["pending"],
        )
        sent = invitation_send_many(users=people, program=program, actor=None)
        self.stdout.write(f"Sent {sent} invitation(s) for {program.slug}.")
