from django.urls import path

from acompana.hub import design, rollover_views, views

app_name = "hub"
urlpatterns = [
    path("", views.home, name="home"),
    path("design/", design.design_page, name="design"),
    path("p/<slug:slug>/mentors/<str:code>/", views.mentor_detail, name="mentor"),
    path("p/<slug:slug>/mentees/<str:code>/", views.mentee_detail, name="mentee"),
    path(
        "p/<slug:slug>/cohorts/<int:pk>/rollover/",
        rollover_views.cohort_rollover_page,
        name="rollover",
    ),
]
