from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.db import transaction

from acompana.accounts.models import Role
from acompana.accounts.services import member_add
from acompana.programs.forms import RESERVED_SLUGS
from acompana.programs.services import program_create


class Command(BaseCommand):
    help = (
        "Create a program and give its first coordinator the coordinator role (an account "
        "without a password is created if the email has none; then run acompana invite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the program's address, e.g. mentoria-2027")
        parser.add_argument("--name", required=True)
        parser.add_argument("--description", default="")
        parser.add_argument("--coordinator", required=True, help="the coordinator's email")
        parser.add_argument(
            "--time-zone", default="", help="e.g. America/Lima (default: the site's time zone)"
        )
        parser.add_argument(
            "--language", default="", choices=["", "es", "en"], help="es or en (default: site's)"
        )

    def handle(self, *args, **options):
        slug = options["slug"].strip().lower()
        try:
            validate_slug(slug)
            validate_email(options["coordinator"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if slug in RESERVED_SLUGS:
            raise CommandError(f"{slug!r} is reserved; choose another slug")
        try:
            with transaction.atomic():
                program = program_create(
                    slug=slug,
                    name=options["name"].strip(),
                    description=options["description"],
                    time_zone=options["time_zone"],
                    language=options["language"],
                    actor=None,
                )
                membership = member_add(
                    program=program,
                    email=options["coordinator"],
                    role=Role.COORDINATOR,
                    actor=None,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Created program {program.slug} ({program.name}); coordinator {membership.user.email}."
        )
        if not membership.user.has_usable_password():
            self.stdout.write(
                f"Send the invitation: acompana invite --program {program.slug} --role coordinator"
            )
