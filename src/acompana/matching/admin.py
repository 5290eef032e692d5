from django.contrib import admin

from acompana.common.admin import listed
from acompana.matching.models import ConflictOfInterest, MatchProposal, MatchRun, PairRule


class MatchProposalInline(admin.TabularInline):
    model = MatchProposal
    extra = 0
    fields = readonly_fields = ("mentor", "mentee", "novice", "score", "locked", "kept")
    can_delete = False


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "program", "cohort", "kind", "objective", "status", "created_at"]
    list_filter = ["program", "kind", "objective", "status"]
    readonly_fields = [
        "summary",
        "unmatched",
        "progress",
        "stage",
        "error",
        "started_at",
        "finished_at",
        "published_at",
        "published_by",
        "created_by",
    ]
    inlines = [MatchProposalInline]


listed(
    PairRule,
    "cohort",
    "mentor",
    "mentee",
    "novice",
    "rule",
    "created_by",
    filters=("rule", "cohort__program"),
    autocomplete_fields=["mentor", "mentee", "novice"],
)
listed(
    ConflictOfInterest,
    "mentor",
    "mentee",
    "reason",
    "program",
    filters=("program",),
    autocomplete_fields=["mentor", "mentee"],
)


@admin.register(MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin):
    list_display = ["run", "mentor", "mentee", "novice", "score", "locked", "kept"]
    list_filter = ["run__program", "locked", "kept"]
    list_select_related = ["run", "mentor__user", "mentee__user", "novice__user"]
    readonly_fields = ["run", "mentor", "mentee", "novice", "score", "explanation"]
