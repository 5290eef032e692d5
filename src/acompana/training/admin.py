from django.contrib import admin

from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    BuddyMeeting,
    Feedback,
    ReadinessCheck,
    ReadinessItem,
    TrainingPlan,
    TrainingSession,
)


@admin.register(TrainingPlan)
class TrainingPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "cohort", "induction", "days_before_field_work"]
    list_filter = ["program"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "module", "modality", "track", "starts_at", "trainer"]
    list_filter = ["module", "modality", "track"]
    raw_id_fields = ["trainer"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "mentor", "present"]
    raw_id_fields = ["mentor"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["session", "mentor", "clarity", "usefulness", "pace", "participation"]
    raw_id_fields = ["mentor"]


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(admin.ModelAdmin):
    list_display = ["session", "number"]
    filter_horizontal = ["members"]


@admin.register(ReadinessItem)
class ReadinessItemAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "cohort", "position"]
    list_filter = ["program"]


@admin.register(ReadinessCheck)
class ReadinessCheckAdmin(admin.ModelAdmin):
    list_display = ["item", "mentor", "signed_by", "signed_at"]
    raw_id_fields = ["mentor", "signed_by"]


@admin.register(BuddyMeeting)
class BuddyMeetingAdmin(admin.ModelAdmin):
    list_display = ["pair", "met_on", "mode", "duration_minutes"]
    list_filter = ["mode"]
    raw_id_fields = ["pair"]
