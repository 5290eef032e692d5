from django.urls import path

from acompana.research import views

app_name = "research"
S = "<slug:slug>/research/<slug:study>"
urlpatterns = [
    path("<slug:slug>/research/", views.studies, name="studies"),
    path(f"{S}/", views.study_detail, name="study"),
    path(f"{S}/edit/", views.study_update, name="study_update"),
    path(f"{S}/members/add/", views.study_member_add, name="study_member_add"),
    path(f"{S}/members/identity/", views.study_identity_access, name="study_identity_access"),
    path(f"{S}/fieldwork/", views.study_fieldwork, name="study_fieldwork"),
    path(f"{S}/participants/", views.participants, name="participants"),
    path(f"{S}/participants/<int:pk>/", views.participant_edit, name="participant"),
    path(f"{S}/participants/<int:pk>/save/", views.participant_save, name="participant_save"),
    path(
        f"{S}/participants/<int:pk>/refresh/",
        views.participant_refresh,
        name="participant_refresh",
    ),
    path(f"{S}/interviews/", views.interviews, name="interviews"),
    path(f"{S}/interviews/new/", views.interview_create, name="interview_create"),
    path(f"{S}/guides/new/", views.guide_create, name="guide_create"),
    path(f"{S}/guides/<int:pk>/", views.guide_edit, name="guide"),
    path(f"{S}/documents/", views.documents, name="documents"),
    path(f"{S}/documents/upload/", views.document_upload, name="document_upload"),
    path(f"{S}/documents/type/", views.document_type, name="document_type"),
    path(f"{S}/documents/from-visit/", views.document_from_visit, name="document_from_visit"),
    path(f"{S}/documents/<int:pk>/", views.document_code, name="document"),
    path(f"{S}/documents/<int:pk>/code/", views.segment_code, name="segment_code"),
    path(f"{S}/documents/<int:pk>/uncode/", views.segment_uncode, name="segment_uncode"),
    path(f"{S}/documents/<int:pk>/memo/", views.document_memo, name="document_memo"),
    path(f"{S}/codes/", views.codebook, name="codebook"),
    path(f"{S}/codes/<int:pk>/", views.code_detail, name="code"),
    path(f"{S}/codes/<int:pk>/edit/", views.code_edit, name="code_edit"),
    path(f"{S}/codes/<int:pk>/move/", views.code_move, name="code_move"),
    path(f"{S}/codes/<int:pk>/merge/", views.code_merge, name="code_merge"),
    path(f"{S}/codes/<int:pk>/split/", views.code_split, name="code_split"),
    path(f"{S}/codes/<int:pk>/memo/", views.code_memo, name="code_memo"),
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
