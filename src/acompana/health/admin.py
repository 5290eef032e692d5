from django.contrib import admin

from acompana.common.admin import listed
from acompana.health.models import DigestPreference, DigestSent, FitCheck, HealthSettings


@admin.register(HealthSettings)
class HealthSettingsAdmin(admin.ModelAdmin):
    list_display = ("program", "inactive_days", "low_response_percent")


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "weekly_digest")


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ("week", "program", "user", "sent_at")
    list_filter = ("week",)


listed(FitCheck, "partnership", "role", "poor", "created_at", filters=("poor",))
