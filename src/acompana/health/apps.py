from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "acompana.health"
    verbose_name = _("Program health")
