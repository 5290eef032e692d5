from typing import Any

from django.contrib import admin

from acompana.research.models import (
    Code,
    Document,
    Interview,
    InterviewGuide,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    Study,
    StudyImport,
    StudyMember,
    Variable,
)


class StudyMemberInline(admin.TabularInline):
    model = StudyMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "program", "fieldwork_documents_allowed"]
    list_filter = ["program"]
    search_fields = ["title", "slug"]
    inlines = [StudyMemberInline]


@admin.register(StudyMember)
class StudyMemberAdmin(admin.ModelAdmin):
    list_display = ["code_name", "study", "is_lead", "identity_access"]
    list_filter = ["study"]
    raw_id_fields = ["user"]


@admin.register(Variable)
class VariableAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "study"]
    list_filter = ["study"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["code_name", "study", "consent_date", "consent_version"]
    list_filter = ["study"]
    search_fields = ["code_name"]


@admin.register(ParticipantIdentity)
class ParticipantIdentityAdmin(admin.ModelAdmin):
    list_display = ["participant", "full_name"]
    raw_id_fields = ["participant", "user", "mentor", "mentee"]


@admin.register(InterviewGuide)
class InterviewGuideAdmin(admin.ModelAdmin):
    list_display = ["title", "study"]
    list_filter = ["study"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["participant", "held_on", "mode", "study"]
    list_filter = ["study", "mode"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "participant", "study"]
    list_filter = ["study", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["participant", "interview", "source_visit", "created_by"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "is_codable", "origin", "study"]
    list_filter = ["study", "origin", "is_codable"]
    search_fields = ["name"]
    raw_id_fields = ["parent"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["document", "start", "end", "coder"]
    list_filter = ["document__study"]
    raw_id_fields = ["document", "coder"]
    filter_horizontal = ["codes"]


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["title", "study", "author", "created_at"]
    list_filter = ["study"]
    raw_id_fields = ["author", "code", "document", "segment", "participant"]


@admin.register(StudyImport)
class StudyImportAdmin(admin.ModelAdmin):
    """Imports are followed here read-only: they are started from the study's import page."""

    list_display = ["filename", "study", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "study"]
    readonly_fields = [f.name for f in StudyImport._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
