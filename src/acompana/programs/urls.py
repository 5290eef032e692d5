from django.urls import path

from acompana.programs import views

app_name = "programs"
urlpatterns = [
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("<slug:slug>/schools/", views.school_list, name="schools"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
]
