from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupSessionsConfig(AppConfig):
    name = "acompana.group_sessions"
    verbose_name = _("Group sessions")
