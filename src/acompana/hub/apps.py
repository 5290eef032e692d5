from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The top floor: pages that gather several apps (home, profile pages, calendar feed)."""

    name = "acompana.hub"
    verbose_name = _("Home")
