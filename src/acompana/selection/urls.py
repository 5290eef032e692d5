from django.urls import path

from acompana.selection import views

app_name = "selection"
urlpatterns = [
    path("<slug:slug>/calls/", views.call_list, name="calls"),
    path("<slug:slug>/calls/<int:pk>/", views.call_detail, name="call"),
    path("<slug:slug>/calls/<int:pk>/open/", views.call_public, name="call_public"),
    path("<slug:slug>/calls/<int:pk>/apply/", views.call_apply, name="apply"),
    path("<slug:slug>/calls/<int:pk>/rubric/", views.call_rubric_edit, name="rubric"),
    path(
        "<slug:slug>/calls/<int:pk>/rubric/criteria/",
        views.rubric_criterion_add,
        name="rubric_criterion_add",
    ),
    path(
        "<slug:slug>/calls/<int:pk>/rubric/criteria/save/",
        views.rubric_criterion_save,
        name="rubric_criterion_save",
    ),
    path(
        "<slug:slug>/calls/<int:pk>/rubric/criteria/remove/",
        views.rubric_criterion_remove,
        name="rubric_criterion_remove",
    ),
    path("<slug:slug>/applications/", views.application_list, name="applications"),
    path("<slug:slug>/applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "<slug:slug>/applications/<int:pk>/evidence/<int:evidence>/",
        views.evidence_download,
        name="evidence",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/review/",
        views.application_review,
        name="review",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/decide/",
        views.application_decide,
        name="decide",
    ),
]
