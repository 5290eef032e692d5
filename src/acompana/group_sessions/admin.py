from django.contrib import admin

from acompana.common.admin import listed
from acompana.group_sessions.models import (
    Attendance,
    CaseDiscussed,
    GroupSession,
    InformalMeeting,
    SessionSeries,
)

listed(
    SessionSeries,
    "title",
    "program",
    "cohort",
    "weekday",
    "time",
    "starts_on",
    "cancelled_from",
    filters=("program", "kind"),
    raw_id_fields=["created_by"],
)
listed(
    GroupSession,
    "title",
    "program",
    "cohort",
    "kind",
    "mode",
    "starts_at",
    "status",
    filters=("program", "kind", "mode", "status"),
    raw_id_fields=["facilitator", "series", "round"],
)
listed(Attendance, "session", "mentor", "present", raw_id_fields=["session", "mentor"])
listed(
    CaseDiscussed,
    "session",
    "visit",
    "added_by",
    "added_at",
    raw_id_fields=["session", "visit", "added_by"],
)


@admin.register(InformalMeeting)
class InformalMeetingAdmin(admin.ModelAdmin):
    list_display = ["topic", "program", "met_on", "mode", "logged_by"]
    list_filter = ["program", "mode"]
    raw_id_fields = ["logged_by", "cohort"]
    filter_horizontal = ["participants"]
