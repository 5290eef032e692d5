from django.urls import include, path

from acompana.visits import views

app_name = "visits"
visit = [
    path("", views.visit_detail, name="detail"),
    path("instruments/<slug:instrument>/", views.instrument_fill, name="instrument"),
    path("observations/", views.observation_add, name="observe"),
    path(
        "observations/<int:observation>/reply/",
        views.observation_reply,
        name="observation_reply",
    ),
    path("notebook/", views.notebook_save, name="notebook"),
    path("dialogue/", views.dialogue_save, name="dialogue"),
    path("status/", views.status_change, name="status"),
    path("commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<int:commitment>/", views.commitment_status, name="commitment_status"),
]
program = [
    path("visits/", views.visit_list, name="list"),
    path("visits/coverage/", views.round_coverage, name="coverage"),
    path("rounds/", views.round_list, name="rounds"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("protocols/<int:pk>/", views.protocol_detail, name="protocol"),
    path("mentees/<str:code>/diagnosis/", views.diagnosis_add, name="diagnosis"),
    path("visits/<int:pk>/", include(visit)),
]
urlpatterns = [path("<slug:slug>/", include(program))]
