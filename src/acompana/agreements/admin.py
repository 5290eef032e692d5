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


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "language"]
    list_filter = ["program", "language"]


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


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "party", "user", "at"]
    list_filter = ["party"]
    raw_id_fields = ["version", "user"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "competency", "target_date"]
    raw_id_fields = ["agreement"]


@admin.register(GoalProgress)
class GoalProgressAdmin(admin.ModelAdmin):
    list_display = ["goal", "percent", "recorded_on", "author"]
    raw_id_fields = ["goal", "author"]


@admin.register(PartnershipChange)
class PartnershipChangeAdmin(admin.ModelAdmin):
    list_display = ["partnership", "kind", "effective_on", "actor", "created_at"]
    list_filter = ["program", "kind"]
    raw_id_fields = ["partnership", "new_partnership", "actor"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    """Issued versions are immutable: listed and read here, changed only by renegotiating."""

    list_display = ["agreement", "number", "issued_at"]
    raw_id_fields = ["agreement"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.issued_at is None
