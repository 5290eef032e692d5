from django.urls import path

from acompana.training.views import readiness, sessions, support, virtual

app_name = "training"
urlpatterns = [
    path("<slug:slug>/training/", sessions.training_index, name="index"),
    path("<slug:slug>/training/plans/new/", sessions.plan_create, name="plan_create"),
    path("<slug:slug>/training/sessions/new/", sessions.session_create, name="session_create"),
    path("<slug:slug>/training/readiness/", readiness.readiness, name="readiness"),
    path(
        "<slug:slug>/training/readiness/defaults/",
        readiness.readiness_defaults,
        name="readiness_defaults",
    ),
    path("<slug:slug>/training/readiness/sign/", readiness.readiness_sign, name="readiness_sign"),
    path(
        "<slug:slug>/training/readiness/unsign/",
        readiness.readiness_unsign,
        name="readiness_unsign",
    ),
    path(
        "<slug:slug>/training/readiness/items/",
        readiness.readiness_items,
        name="readiness_items",
    ),
    path(
        "<slug:slug>/training/readiness/items/add/",
        readiness.readiness_item_add,
        name="readiness_item_add",
    ),
    path(
        "<slug:slug>/training/readiness/items/rename/",
        readiness.readiness_item_edit,
        name="readiness_item_edit",
    ),
    path(
        "<slug:slug>/training/readiness/items/up/",
        readiness.readiness_item_up,
        name="readiness_item_up",
    ),
    path(
        "<slug:slug>/training/readiness/items/down/",
        readiness.readiness_item_down,
        name="readiness_item_down",
    ),
    path(
        "<slug:slug>/training/readiness/items/activate/",
        readiness.readiness_item_activate,
        name="readiness_item_activate",
    ),
    path(
        "<slug:slug>/training/readiness/items/deactivate/",
        readiness.readiness_item_deactivate,
        name="readiness_item_deactivate",
    ),
    path(
        "<slug:slug>/training/readiness/items/modules/",
        readiness.readiness_item_modules,
        name="readiness_item_modules",
    ),
    path("<slug:slug>/training/readiness/gate/", readiness.readiness_gate, name="readiness_gate"),
    path("<slug:slug>/training/buddies/", support.buddies, name="buddies"),
    path("<slug:slug>/training/specialists/", support.specialists, name="specialists"),
    path(
        "<slug:slug>/training/specialists/assign/",
        support.specialist_assign,
        name="specialist_assign",
    ),
    path("<slug:slug>/training/specialists/end/", support.specialist_end, name="specialist_end"),
    path("<slug:slug>/training/sessions/<int:pk>/", sessions.session_detail, name="session"),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/",
        sessions.session_groups_print,
        name="groups_print",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/make/",
        sessions.groups_make,
        name="groups_make",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/groups/move/",
        sessions.group_move,
        name="group_move",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/attendance/",
        sessions.attendance_save,
        name="attendance",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/attendance/all/",
        sessions.attendance_all,
        name="attendance_all",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/attendance/export/",
        sessions.attendance_export,
        name="attendance_export",
    ),
    path(
        "<slug:slug>/training/sessions/<int:pk>/feedback/",
        sessions.feedback_send,
        name="feedback",
    ),
    path(
        "<slug:slug>/training/plans/<int:pk>/feedback/",
        sessions.plan_feedback,
        name="plan_feedback",
    ),
    # Virtual delivery: the meeting, breakout rooms, attendance from the platform's report.
    *(
        path(f"<slug:slug>/training/sessions/<int:pk>/{route}", view, name=name)
        for route, view, name in (
            ("meeting/", virtual.session_meeting, "session_meeting"),
            ("rooms/", virtual.rooms, "rooms"),
            ("rooms/rename/", virtual.room_rename, "room_rename"),
            ("rooms/jitsi/", virtual.rooms_jitsi, "rooms_jitsi"),
            ("rooms/zoom.csv", virtual.rooms_zoom, "rooms_zoom"),
            ("rooms/export/", virtual.rooms_export, "rooms_export"),
            ("rooms/sheet/", virtual.rooms_sheet, "rooms_sheet"),
            ("rooms/email/", virtual.rooms_email, "rooms_email"),
            ("attendance/import/", virtual.attendance_import, "attendance_import"),
            ("attendance/import/preview/", virtual.attendance_preview, "attendance_preview"),
        )
    ),
]
