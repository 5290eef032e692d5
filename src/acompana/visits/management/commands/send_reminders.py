"""``acompana send_reminders``: send the email reminders that are due; run it every 15 minutes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Send the email reminders that are due: visits in the next 24 hours, dialogues still "
        "empty after a visit, overdue commitments. Each reminder is sent once, so running it "
        "often (every 15 minutes from cron or a scheduler) is safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the reminders task for the task workers instead of sending here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from acompana.visits.tasks import reminders_task

            result = reminders_task.enqueue()
            self.stdout.write(f"Queued reminders task {result.id}.")
            return
        from acompana.visits.reminders import reminders_send

        counts = reminders_send()
        self.stdout.write(
            ", ".join(f"{kind}: {n}" for kind, n in counts.items())
            + f" ({sum(counts.values())} emails sent)."
        )
