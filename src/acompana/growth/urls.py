from django.urls import path

from acompana.growth import views

app_name = "growth"
urlpatterns = [
    path("<slug:slug>/self-assessments/", views.assessment_list, name="list"),
    path("<slug:slug>/self-assessments/new/", views.assessment_start, name="start"),
    path("<slug:slug>/self-assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("<slug:slug>/self-assessments/<int:pk>/edit/", views.assessment_edit, name="edit"),
    path(
        "<slug:slug>/self-assessments/<int:pk>/correct/",
        views.assessment_correct,
        name="correct",
    ),
    path(
        "<slug:slug>/self-assessments/<int:pk>/evidence/",
        views.evidence_add,
        name="evidence",
    ),
]
