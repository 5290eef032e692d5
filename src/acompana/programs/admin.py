from django.contrib import admin

from acompana.common.admin import listed
from acompana.programs.models import Cohort, Program, Region, ReviewEvidence, ReviewPoint, School


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "framework"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


listed(Cohort, "program", "year", "name", "modality", filters=("program", "modality"))
listed(Region, "name", "program", filters=("program",), search_fields=["name"])


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "level", "area", "program"]
    list_filter = ["program", "level", "area"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]


listed(ReviewPoint, "cohort", "kind", "area", "version", filters=("kind", "area"))
listed(ReviewEvidence, "point", "kind", "object_id")
