from django.urls import include, path

from acompana.selection import views

app_name = "selection"
call = [
    path("", views.call_detail, name="call"),
    path("open/", views.call_public, name="call_public"),
    path("apply/", views.call_apply, name="apply"),
    path("rubric/", views.call_rubric_edit, name="rubric"),
    path("rubric/criteria/", views.rubric_criterion_add, name="rubric_criterion_add"),
    path("rubric/criteria/save/", views.rubric_criterion_save, name="rubric_criterion_save"),
    path("rubric/criteria/remove/", views.rubric_criterion_remove, name="rubric_criterion_remove"),
]
application = [
    path("", views.application_detail, name="application"),
    path("evidence/<int:evidence>/", views.evidence_download, name="evidence"),
    path("review/", views.application_review, name="review"),
    path("decide/", views.application_decide, name="decide"),
]
urlpatterns = [
    path("<slug:slug>/calls/", views.call_list, name="calls"),
    path("<slug:slug>/calls/<int:pk>/", include(call)),
    path("<slug:slug>/applications/", views.application_list, name="applications"),
    path("<slug:slug>/applications/<int:pk>/", include(application)),
]
