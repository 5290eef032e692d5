from django.urls import include, path

from acompana.group_sessions import views

app_name = "group_sessions"
session = [
    path("", views.session_detail, name="detail"),
    path("edit/", views.session_edit, name="edit"),
    path("attendance/", views.attendance_save, name="attendance"),
    path("cancel/", views.session_cancel, name="cancel"),
    path("cases/", views.case_add, name="case_add"),
    path("cases/<int:case_pk>/remove/", views.case_remove, name="case_remove"),
]
sessions = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="session_create"),
    path("series/new/", views.series_create, name="series_create"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", include(session)),
    path("series/<int:pk>/", views.series_detail, name="series"),
]
meetings = [
    path("", views.meetings, name="meetings"),
    path("network/", views.network, name="network"),
]
urlpatterns = [
    path("<slug:slug>/group-sessions/", include(sessions)),
    path("<slug:slug>/informal-meetings/", include(meetings)),
]
