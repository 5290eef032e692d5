from django.contrib import admin

from acompana.programs.models import Cohort, Program, Region, School


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "framework"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["program", "year", "name", "modality"]
    list_filter = ["program", "modality"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
    list_filter = ["program"]
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "level", "area", "program"]
    list_filter = ["program", "level", "area"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]
