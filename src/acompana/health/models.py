"""Per-program settings of the health page (one row per program, made on first use)."""

from django.conf import settings
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
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("health settings")
        verbose_name_plural = _("health settings")

    def __str__(self) -> str:
        return str(self.program)


class DigestPreference(models.Model):
    """A person's choice about the weekly health digest (no row: they receive it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_digest"
    )
    weekly_digest = models.BooleanField(
        _("weekly health digest"),
        default=True,
        help_text=_(
            "A weekly email to coordinators and specialists: newly inactive pairs, overdue "
            "commitments, mentees waiting."
        ),
    )

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.weekly_digest}"


class DigestSent(models.Model):
    """A weekly digest already sent to one person about one program: the same week's digest
    is never sent twice (the key is the ISO week, e.g. ``2026-W49``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(_("week"), max_length=10)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "week"], name="unique_digest_week")
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.program_id} → {self.user}"


class FitCheck(models.Model):
    """The pairing-fit question sent to one side of a pair after its first done visit (once
    per pair and side), and what the answer said once it came back."""

    partnership = models.ForeignKey(
        "people.Partnership", on_delete=models.CASCADE, related_name="fit_checks"
    )
    role = models.CharField(_("role"), max_length=20)
    invitation = models.OneToOneField(
        "surveys.Invitation", on_delete=models.CASCADE, related_name="fit_check"
    )
    response = models.OneToOneField(
        "surveys.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    poor = models.BooleanField(_("poor fit"), null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairing-fit check")
        verbose_name_plural = _("pairing-fit checks")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "role"], name="unique_fit_check")
        ]
        indexes = [models.Index(fields=["partnership", "poor"])]

    def __str__(self) -> str:
        return f"{self.partnership_id} · {self.role}"
