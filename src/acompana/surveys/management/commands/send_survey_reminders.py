"""``acompana send_survey_reminders``: email survey invitations and reminders that are due."""

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Email the invitations of surveys that opened and were not emailed yet, and remind "
        "people of the open surveys they have not answered. Safe to run often; daily is enough."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from acompana.surveys.reminders import surveys_send_due

        counts = surveys_send_due()
        self.stdout.write(
            f"Survey invitations: {counts['invitations']}, reminders: {counts['reminders']}."
        )
