from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "acompana.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Visits marked done invite their mentee to "after each visit" surveys: surveys
        # registers with visits (visits does not import surveys).
        from acompana.surveys.services import invitations_after_visit
        from acompana.visits.services import VISIT_DONE_HOOKS

        if invitations_after_visit not in VISIT_DONE_HOOKS:
            VISIT_DONE_HOOKS.append(invitations_after_visit)
