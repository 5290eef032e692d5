from django.urls import path

from acompana.research import views

app_name = "research"
S = "<slug:slug>/research/<slug:study>"
urlpatterns = [
    path("<slug:slug>/research/", views.studies, name="studies"),
    path(f"{S}/", views.study_detail, name="study"),
    path(f"{S}/participants/", views.participants, name="participants"),
    path(f"{S}/participants/<int:pk>/", views.participant_edit, name="participant"),
    path(f"{S}/interviews/", views.interviews, name="interviews"),
    path(f"{S}/guides/<int:pk>/", views.guide_edit, name="guide"),
    path(f"{S}/documents/", views.documents, name="documents"),
    path(f"{S}/documents/<int:pk>/", views.document_code, name="document"),
    path(f"{S}/codes/", views.codebook, name="codebook"),
    path(f"{S}/codes/<int:pk>/", views.code_detail, name="code"),
    path(f"{S}/agreement/", views.agreement, name="agreement"),
    path(f"{S}/analysis/", views.analysis, name="analysis"),
    path(
        f"{S}/analysis/<str:name>",
        views.analysis_download,
        name="analysis_download",
    ),
    path(f"{S}/export.<str:fmt>", views.export, name="export"),
    path(f"{S}/import/", views.import_project, name="import"),
    path(f"{S}/import/start/", views.import_start, name="import_start"),
    path(f"{S}/import/<int:pk>/", views.import_job, name="import_job"),
]
