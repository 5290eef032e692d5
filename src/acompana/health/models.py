"""Per-program settings of the health page (one row per program, made on first use)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_INACTIVE_DAYS = 30
DEFAULT_LOW_RESPONSE_PERCENT = 50


class HealthSettings(models.Model):
    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="health_settings"
    )
    inactive_days = models.PositiveSmallIntegerField(
        _("days without a visit"),
        default=DEFAULT_INACTIVE_DAYS,
        help_text=_("A pair with no visit done in more than this many days needs attention."),
    )
    low_response_percent = models.PositiveSmallIntegerField(
        _("low response (percent)"),
        default=DEFAULT_LOW_RESPONSE_PERCENT,
        help_text=_("A survey answered by fewer than this share of those invited needs attention."),
    )

    class Meta:
        verbose_name = _("health settings")
        verbose_name_plural = _("health settings")

    def __str__(self) -> str:
        return str(self.program)
