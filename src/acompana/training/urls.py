from django.urls import path

from acompana.training import views

app_name = "training"
urlpatterns = [
    path("<slug:slug>/training/", views.training_index, name="index"),
    path("<slug:slug>/training/readiness/", views.readiness, name="readiness"),
    path("<slug:slug>/training/readiness/items/", views.readiness_items, name="readiness_items"),
    path("<slug:slug>/training/buddies/", views.buddies, name="buddies"),
    path("<slug:slug>/training/specialists/", views.specialists, name="specialists"),
    path("<slug:slug>/training/sessions/<int:pk>/", views.session_detail, name="session"),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/",
        views.session_groups_print,
        name="groups_print",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/make/",
        views.groups_make,
        name="groups_make",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/move/", views.group_move, name="group_move"
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/attendance/",
        views.attendance_save,
        name="attendance",
    ),
    path("<slug:slug>/training/sessions/<int:pk>/feedback/", views.feedback_send, name="feedback"),
    path(
        "<slug:slug>/training/plans/<int:pk>/feedback/", views.plan_feedback, name="plan_feedback"
    ),
]
