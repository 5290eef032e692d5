from django.urls import path

from acompana.hub import annual, design, modality_views, review_views, rollover_views, views
from acompana.hub.exports import views as export_views

app_name = "hub"
urlpatterns = [
    path("", views.home, name="home"),
    path("design/", design.design_page, name="design"),
    path("p/<slug:slug>/mentors/<str:code>/", views.mentor_detail, name="mentor"),
    path("p/<slug:slug>/mentees/<str:code>/", views.mentee_detail, name="mentee"),
    path("p/<slug:slug>/reports/modality/", modality_views.modality_report, name="modality"),
    path(
        "p/<slug:slug>/exports/<str:kind>.<str:fmt>",
        export_views.export_download,
        name="export",
    ),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/rollover/",
        rollover_views.cohort_rollover_page,
        name="rollover",
    ),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/annual-report.pdf",
        annual.annual_report_download,
        name="annual_report",
    ),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/review/",
        review_views.cohort_review_page,
        name="review",
    ),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/review/<int:point>/edit/",
        review_views.review_point_edit,
        name="review_point_edit",
    ),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/review/<int:point>/delete/",
        review_views.review_point_remove,
        name="review_point_delete",
    ),
]
