from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "acompana.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # The deployment check that the static files manifest exists (`check --deploy`).
        from acompana.config import startup  # noqa: F401
