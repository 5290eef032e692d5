from django.urls import path

from acompana.visits import record, views

app_name = "visits"
urlpatterns = [
    path("<slug:slug>/visits/", views.visit_list, name="list"),
    path("<slug:slug>/visits/coverage/", views.round_coverage, name="coverage"),
    path(
        "<slug:slug>/visits/commitments/overdue/",
        views.commitments_overdue,
        name="commitments_overdue",
    ),
    path("<slug:slug>/rounds/", views.round_list, name="rounds"),
    path("<slug:slug>/instruments/", views.instrument_list, name="instruments"),
    path("<slug:slug>/protocols/<int:pk>/", views.protocol_detail, name="protocol"),
    path("<slug:slug>/mentees/<str:code>/diagnosis/", views.diagnosis_add, name="diagnosis"),
    path(
        "<slug:slug>/mentees/<str:code>/visits.pdf",
        record.mentee_record_download,
        name="mentee_record_pdf",
    ),
    path("<slug:slug>/visits/<int:pk>/", views.visit_detail, name="detail"),
    path(
        "<slug:slug>/visits/<int:pk>/instruments/<slug:instrument>/",
        views.instrument_fill,
        name="instrument",
    ),
    path("<slug:slug>/visits/<int:pk>/observations/", views.observation_add, name="observe"),
    path(
        "<slug:slug>/visits/<int:pk>/observations/<int:observation>/reply/",
        views.observation_reply,
        name="observation_reply",
    ),
    path("<slug:slug>/visits/<int:pk>/notebook/", views.notebook_save, name="notebook"),
    path("<slug:slug>/visits/<int:pk>/dialogue/", views.dialogue_save, name="dialogue"),
    path("<slug:slug>/visits/<int:pk>/status/", views.status_change, name="status"),
    path("<slug:slug>/visits/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path(
        "<slug:slug>/visits/<int:pk>/commitments/<int:commitment>/",
        views.commitment_status,
        name="commitment_status",
    ),
]
