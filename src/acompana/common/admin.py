from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.db import models

from acompana.common.models import AuditEntry


def listed(
    model: type[models.Model], *columns: str, filters: Sequence[str] = (), **options: Any
) -> None:
    """Put ``model`` in the admin, its list showing ``columns`` with ``filters`` beside it;
    ``options`` are further ModelAdmin options (``inlines``, ``raw_id_fields``...). Models
    whose admin does more keep a ModelAdmin class of their own."""
    admin.site.register(model, list_display=list(columns), list_filter=list(filters), **options)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "program", "target_repr"]
    list_filter = ["action", "program"]
    search_fields = ["action", "target_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
