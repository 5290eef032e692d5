from typing import Any

from django.contrib import admin

from acompana.common.admin import listed
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


listed(
    StudyMember,
    "code_name",
    "study",
    "is_lead",
    "identity_access",
    filters=("study",),
    raw_id_fields=["user"],
)
listed(Variable, "name", "type", "study", filters=("study",))
listed(
    Participant,
    "code_name",
    "study",
    "consent_date",
    "consent_version",
    filters=("study",),
    search_fields=["code_name"],
)
listed(
    ParticipantIdentity,
    "participant",
    "full_name",
    raw_id_fields=["participant", "user", "mentor", "mentee"],
)
listed(InterviewGuide, "title", "study", filters=("study",))
listed(Interview, "participant", "held_on", "mode", "study", filters=("study", "mode"))


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


listed(
    Memo,
    "title",
    "study",
    "author",
    "created_at",
    filters=("study",),
    raw_id_fields=["author", "code", "document", "segment", "participant"],
)


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
