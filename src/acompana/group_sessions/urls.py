from django.urls import path

from acompana.group_sessions import views

app_name = "group_sessions"
urlpatterns = [
    path("<slug:slug>/group-sessions/", views.session_list, name="list"),
    path("<slug:slug>/group-sessions/new/", views.session_create, name="session_create"),
    path("<slug:slug>/group-sessions/series/new/", views.series_create, name="series_create"),
    path("<slug:slug>/group-sessions/report/", views.report, name="report"),
    path("<slug:slug>/group-sessions/<int:pk>/", views.session_detail, name="detail"),
    path("<slug:slug>/group-sessions/<int:pk>/edit/", views.session_edit, name="edit"),
    path("<slug:slug>/group-sessions/<int:pk>/meeting/", views.session_meeting, name="meeting"),
    path(
        "<slug:slug>/group-sessions/<int:pk>/attendance/",
        views.attendance_save,
        name="attendance",
    ),
    path("<slug:slug>/group-sessions/<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<slug:slug>/group-sessions/<int:pk>/cases/", views.case_add, name="case_add"),
    path(
        "<slug:slug>/group-sessions/<int:pk>/cases/<int:case_pk>/remove/",
        views.case_remove,
        name="case_remove",
    ),
    path("<slug:slug>/group-sessions/series/<int:pk>/", views.series_detail, name="series"),
    path("<slug:slug>/informal-meetings/", views.meetings, name="meetings"),
    path("<slug:slug>/informal-meetings/network/", views.network, name="network"),
]
