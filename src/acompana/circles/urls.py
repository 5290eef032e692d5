from django.urls import path

from acompana.circles import forming_views, views

app_name = "circles"
urlpatterns = [
    path("<slug:slug>/circles/", views.circle_list, name="list"),
    path("<slug:slug>/circles/new/", views.circle_create, name="create"),
    path("<slug:slug>/circles/commitments/", views.my_commitments, name="commitments"),
    path("<slug:slug>/circles/forming/", forming_views.run_list, name="forming"),
    path("<slug:slug>/circles/forming/<int:pk>/", forming_views.run_detail, name="forming_run"),
    path("<slug:slug>/circles/forming/<int:pk>/move/", forming_views.run_move, name="forming_move"),
    path("<slug:slug>/circles/forming/<int:pk>/lock/", forming_views.run_lock, name="forming_lock"),
    path(
        "<slug:slug>/circles/forming/<int:pk>/mentor/",
        forming_views.run_mentor,
        name="forming_mentor",
    ),
    path(
        "<slug:slug>/circles/forming/<int:pk>/rerun/", forming_views.run_rerun, name="forming_rerun"
    ),
    path(
        "<slug:slug>/circles/forming/<int:pk>/apart/", forming_views.run_apart, name="forming_apart"
    ),
    path(
        "<slug:slug>/circles/forming/<int:pk>/publish/",
        forming_views.run_publish,
        name="forming_publish",
    ),
    path("<slug:slug>/circles/<int:pk>/", views.circle_detail, name="detail"),
    path("<slug:slug>/circles/<int:pk>/edit/", views.circle_edit, name="edit"),
    path("<slug:slug>/circles/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/circles/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("<slug:slug>/circles/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/circles/meetings/<int:pk>/record/", views.meeting_record, name="record"),
    path("<slug:slug>/circles/meetings/<int:pk>/note/", views.note_save, name="note"),
    path(
        "<slug:slug>/circles/commitments/<int:pk>/close/",
        views.commitment_close,
        name="commitment_close",
    ),
    path("<slug:slug>/circles/goals/<int:pk>/progress/", views.goal_progress, name="goal_progress"),
]
