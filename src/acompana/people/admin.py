from django.contrib import admin

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
    list_filter = ["program", "position", "connectivity", "region"]
    search_fields = ["code", "user__email", "user__first_name", "user__last_name", "school__name"]
    autocomplete_fields = ["user", "region", "school"]
    filter_horizontal = ["cohorts", "needs"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "program", "started_on", "ended_on"]
    list_filter = ["program"]
    autocomplete_fields = ["mentor", "mentee"]


@admin.register(SpecialistAssignment)
class SpecialistAssignmentAdmin(admin.ModelAdmin):
    list_display = ["specialist", "mentor", "discipline", "program"]
    list_filter = ["program"]
    autocomplete_fields = ["specialist", "mentor"]


@admin.register(BuddyPair)
class BuddyPairAdmin(admin.ModelAdmin):
    list_display = ["novice", "buddy", "program", "started_on", "ended_on"]
    list_filter = ["program"]
    autocomplete_fields = ["novice", "buddy"]
