from django.urls import path

from acompana.reports import views

app_name = "reports"
urlpatterns = [
    path(
        "<slug:slug>/reports/mentor-experience/", views.mentor_experience, name="mentor_experience"
    ),
]
