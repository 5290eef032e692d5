from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "acompana.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Where readiness is a gate, a mentor's first visit of a cohort waits for their
        # checklist: training registers its gate with visits (visits does not import training).
        from acompana.training.selectors import readiness_gate_check
        from acompana.visits.services import FIRST_VISIT_CHECKS

        if readiness_gate_check not in FIRST_VISIT_CHECKS:
            FIRST_VISIT_CHECKS.append(readiness_gate_check)
