from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acompana.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    Goal,
    GoalProgress,
    PartnershipChange,
)
from acompana.common.admin import listed

listed(AgreementTemplate, "name", "program", "language", filters=("program", "language"))


class VersionInline(admin.StackedInline):
    model = AgreementVersion
    extra = 0
    # Issued versions are immutable: the admin shows them without editing.
    readonly_fields = [f.name for f in AgreementVersion._meta.fields if f.name != "id"]
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["partnership", "program", "status", "current_number", "in_force_number"]
    list_filter = ["program", "status"]
    raw_id_fields = ["partnership"]
    readonly_fields = ["status", "current_number", "in_force_number", "revision"]
    inlines = [VersionInline]


listed(
    Acknowledgement,
    "version",
    "party",
    "user",
    "at",
    filters=("party",),
    raw_id_fields=["version", "user"],
)
listed(Goal, "title", "agreement", "competency", "target_date", raw_id_fields=["agreement"])
listed(GoalProgress, "goal", "percent", "recorded_on", "author", raw_id_fields=["goal", "author"])
listed(
    PartnershipChange,
    "partnership",
    "kind",
    "effective_on",
    "actor",
    "created_at",
    filters=("program", "kind"),
    raw_id_fields=["partnership", "new_partnership", "actor"],
)


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    """Issued versions are immutable: listed and read here, changed only by renegotiating."""

    list_display = ["agreement", "number", "issued_at"]
    raw_id_fields = ["agreement"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.issued_at is None
