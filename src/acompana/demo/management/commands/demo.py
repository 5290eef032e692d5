import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from acompana.demo.services import demo_accounts, demo_load
from acompana.demo.teachers_data import PROGRAM_NAME, PROGRAM_SLUG


def stored_password() -> str:
    """The demo password kept in var/ (git-ignored), generated on first use."""
    path = settings.VAR_DIR / "demo_password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo programs 'Mentoría a directivos' and 'Teacher Induction "
        "Program' and their demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for every demo account")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database has any program"
        )

    def handle(self, *args, **options):
        from acompana.programs.models import Program

        password = options["password"] or stored_password()
        if options["if_empty"] and Program.objects.exists():
            self.stdout.write("The database already has programs; demo not loaded.")
        else:
            program = demo_load(password=password)
            self.stdout.write(f"Demo program loaded: {program.name} (/p/{program.slug}/)")
            self.stdout.write(
                f"Demo program loaded: {PROGRAM_NAME} (/p/{PROGRAM_SLUG}/), in English"
            )
        self.stdout.write(f"Demo accounts (password: {password}):")
        for account in demo_accounts():
            self.stdout.write(f"  {account['role']:<11} {account['email']}")
