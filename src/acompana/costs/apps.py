from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "acompana.costs"
    verbose_name = _("Time and cost")
