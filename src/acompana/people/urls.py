from django.urls import path

from acompana.people import views

app_name = "people"
urlpatterns = [
    path("<slug:slug>/mentors/", views.mentor_list, name="mentors"),
    path("<slug:slug>/mentees/", views.mentee_list, name="mentees"),
    path("<slug:slug>/cohort-members/<str:kind>/", views.cohort_members, name="cohort_members"),
    path(
        "<slug:slug>/cohort-members/<str:kind>/remove/",
        views.cohort_members_remove,
        name="cohort_members_remove",
    ),
    path(
        "<slug:slug>/reports/mentor-experience/", views.mentor_experience, name="mentor_experience"
    ),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path(
        "<slug:slug>/import/template/<str:kind>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
]
