"""``acompana health_tick``: the pairing-fit question (collect answers, then invite); run it
every 15 minutes like the reminders."""

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Judge the pairing-fit answers that came back and send the pairing-fit question to "
        "pairs after their first done visit (once per pair and side: safe to run often)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from acompana.health.fit import fit_tick

        counts = fit_tick()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
