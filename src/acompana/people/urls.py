from django.urls import include, path

from acompana.people import views

app_name = "people"
program = [
    path("mentors/", views.mentor_list, name="mentors"),
    path("mentees/", views.mentee_list, name="mentees"),
    path("cohort-members/<str:kind>/", views.cohort_members, name="cohort_members"),
    path(
        "cohort-members/<str:kind>/remove/",
        views.cohort_members_remove,
        name="cohort_members_remove",
    ),
    path("reports/mentor-experience/", views.mentor_experience, name="mentor_experience"),
    path("import/", views.import_upload, name="import"),
    path("import/template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
]
urlpatterns = [path("<slug:slug>/", include(program))]
