from django.urls import include, path

from acompana.training.views import readiness, sessions, support

app_name = "training"
checklist = [
    path("", readiness.readiness_items, name="readiness_items"),
    path("add/", readiness.readiness_item_add, name="readiness_item_add"),
    path("rename/", readiness.readiness_item_edit, name="readiness_item_edit"),
    path("up/", readiness.readiness_item_up, name="readiness_item_up"),
    path("down/", readiness.readiness_item_down, name="readiness_item_down"),
    path("activate/", readiness.readiness_item_activate, name="readiness_item_activate"),
    path("deactivate/", readiness.readiness_item_deactivate, name="readiness_item_deactivate"),
]
ready = [
    path("", readiness.readiness, name="readiness"),
    path("defaults/", readiness.readiness_defaults, name="readiness_defaults"),
    path("sign/", readiness.readiness_sign, name="readiness_sign"),
    path("unsign/", readiness.readiness_unsign, name="readiness_unsign"),
    path("items/", include(checklist)),
]
session = [
    path("", sessions.session_detail, name="session"),
    path("groups/", sessions.session_groups_print, name="groups_print"),
    path("groups/make/", sessions.groups_make, name="groups_make"),
    path("groups/move/", sessions.group_move, name="group_move"),
    path("attendance/", sessions.attendance_save, name="attendance"),
    path("feedback/", sessions.feedback_send, name="feedback"),
]
specialists = [
    path("", support.specialists, name="specialists"),
    path("assign/", support.specialist_assign, name="specialist_assign"),
    path("end/", support.specialist_end, name="specialist_end"),
]
training = [
    path("", sessions.training_index, name="index"),
    path("plans/new/", sessions.plan_create, name="plan_create"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("readiness/", include(ready)),
    path("buddies/", support.buddies, name="buddies"),
    path("specialists/", include(specialists)),
    path("sessions/<int:pk>/", include(session)),
    path("plans/<int:pk>/feedback/", sessions.plan_feedback, name="plan_feedback"),
]
urlpatterns = [path("<slug:slug>/training/", include(training))]
