"""``acompana serve``: run the production application server (gunicorn) for this project."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from acompana.config.serving import connection_problem, serving_from_env


def postgres_max_connections() -> int | None:
    """PostgreSQL's connections for ordinary users (max_connections less the superusers'
    reserve), or None on another database."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
        )
        (value,) = cursor.fetchone()
    return int(value)


class Command(BaseCommand):
    help = (
        "Serve the application with gunicorn (WEB_WORKERS processes of WEB_THREADS threads on "
        "BIND), after checking that PostgreSQL can hold every connection."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only check the connections, then exit."
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        serving = serving_from_env()
        limit = postgres_max_connections()
        if limit is not None:
            problem = connection_problem(serving, limit)
            if problem:
                raise CommandError(problem)
        self.stdout.write(
            f"{serving.workers} workers x {serving.threads} threads on {serving.bind}; "
            f"{serving.connections} database connections at most"
            + (f" of {limit}" if limit is not None else "")
        )
        if check:
            return
        sys.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:acompana.config.gunicorn"]
        os.execv(sys.executable, argv)
