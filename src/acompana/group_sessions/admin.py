from django.contrib import admin

from acompana.group_sessions.models import (
    Attendance,
    CaseDiscussed,
    GroupSession,
    InformalMeeting,
    SessionSeries,
)


@admin.register(SessionSeries)
class SessionSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "cohort", "weekday", "time", "starts_on", "cancelled_from"]
    list_filter = ["program", "kind"]
    raw_id_fields = ["created_by"]


@admin.register(GroupSession)
class GroupSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "cohort", "kind", "mode", "starts_at", "status"]
    list_filter = ["program", "kind", "mode", "status"]
    raw_id_fields = ["facilitator", "series", "round"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "mentor", "present"]
    raw_id_fields = ["session", "mentor"]


@admin.register(CaseDiscussed)
class CaseDiscussedAdmin(admin.ModelAdmin):
    list_display = ["session", "visit", "added_by", "added_at"]
    raw_id_fields = ["session", "visit", "added_by"]


@admin.register(InformalMeeting)
class InformalMeetingAdmin(admin.ModelAdmin):
    list_display = ["topic", "program", "met_on", "mode", "logged_by"]
    list_filter = ["program", "mode"]
    raw_id_fields = ["logged_by", "cohort"]
    filter_horizontal = ["participants"]
