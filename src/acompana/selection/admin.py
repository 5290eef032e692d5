from django.contrib import admin

from acompana.selection.models import Application, Call, Evidence, Review


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "opens_on", "closes_on", "program"]
    list_filter = ["program"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "call", "status", "decided_at"]
    list_filter = ["status", "call__program"]
    list_select_related = ["candidate", "call"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["file", "kind", "application", "uploaded_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "updated_at"]
