from django.contrib import admin

from acompana.frameworks.models import Competency, Domain, Framework, Performance


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "audience"]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "framework", "verification"]
    list_filter = ["framework", "verification"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "domain", "verification"]
    list_filter = ["domain__framework", "verification"]
    search_fields = ["code", "name"]


@admin.register(Performance)
class PerformanceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "competency", "verification"]
    list_filter = ["competency__domain__framework", "verification"]
