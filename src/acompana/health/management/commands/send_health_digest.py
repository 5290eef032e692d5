"""``acompana send_health_digest``: send this week's health digests; run it daily."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Send the weekly health digest to coordinators and specialists who have not received "
        "this week's. Each person gets at most one per program and week, so running it daily "
        "(from cron or a scheduler) is safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the digest task for the task workers instead of sending here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from acompana.health.tasks import digest_task

            result = digest_task.enqueue()
            self.stdout.write(f"Queued health digest task {result.id}.")
            return
        from acompana.health.digest import digest_send

        self.stdout.write(f"{digest_send()} health digests sent.")
