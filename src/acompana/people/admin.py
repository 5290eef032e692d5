from django.contrib import admin

from acompana.common.admin import listed
from acompana.people.models import (
    BuddyPair,
    MenteeProfile,
    MentorProfile,
    Partnership,
    SpecialistAssignment,
)


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "user",
        "program",
        "region",
        "highest_degree",
        "teaching_years",
        "management_years",
        "programs_served",
        "capacity",
    ]
    list_filter = ["program", "highest_degree", "region"]
    search_fields = ["code", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "region"]
    filter_horizontal = ["cohorts", "strengths"]


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ["code", "user", "program", "position", "school", "region", "connectivity"]
    list_filter = ["program", "position", "connectivity", "career_stage", "region"]
    search_fields = ["code", "user__email", "user__first_name", "user__last_name", "school__name"]
    autocomplete_fields = ["user", "region", "school"]
    filter_horizontal = ["cohorts", "needs"]


listed(
    Partnership,
    "mentor",
    "mentee",
    "program",
    "started_on",
    "ended_on",
    filters=("program",),
    autocomplete_fields=["mentor", "mentee"],
)
listed(
    SpecialistAssignment,
    "specialist",
    "mentor",
    "discipline",
    "program",
    filters=("program",),
    autocomplete_fields=["specialist", "mentor"],
)
listed(
    BuddyPair,
    "novice",
    "buddy",
    "program",
    "started_on",
    "ended_on",
    filters=("program",),
    autocomplete_fields=["novice", "buddy"],
)
