from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def link_or_null(
    to: Any,
    verbose_name: Any = None,
    *,
    blank: bool = True,
    related_name: str | None = "+",
) -> models.ForeignKey[Any, Any]:
    """A link the record keeps as null when what it points to is deleted: who created,
    published or signed it, an optional cohort or visit. Hidden from the other side (no
    reverse accessor) unless ``related_name`` names one."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def user_link(verbose_name: Any = None, **options: Any) -> models.ForeignKey[Any, Any]:
    """A user the record names (see ``link_or_null``)."""
    return link_or_null(settings.AUTH_USER_MODEL, verbose_name, **options)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One domain action: who did what to which record, with its data. Never edited."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = user_link(_("actor"))
    action = models.CharField(_("action"), max_length=100, db_index=True)
    program = link_or_null("programs.Program", _("program"), related_name="audit_entries")
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["program", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
