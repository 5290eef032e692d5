from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from acompana.common.admin import listed
from acompana.selection.models import Application, Call, Evidence, Review

listed(Call, "title", "cohort", "opens_on", "closes_on", "program", filters=("program",))


def evidence_link(evidence: Evidence) -> str:
    """Evidence is private: linked through the permission-checking download, never /media/."""
    application = evidence.application
    url = reverse(
        "selection:evidence", args=[application.call.program.slug, application.pk, evidence.pk]
    )
    return format_html('<a href="{}">{}</a>', url, evidence.original_name or _("download"))


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, evidence: Evidence) -> str:
        return evidence_link(evidence) if evidence.pk else "—"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "call", "status", "decided_at"]
    list_filter = ["status", "call__program"]
    list_select_related = ["candidate", "call"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "application", "uploaded_at"]
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, evidence: Evidence) -> str:
        return evidence_link(evidence)


listed(Review, "application", "reviewer", "updated_at")
