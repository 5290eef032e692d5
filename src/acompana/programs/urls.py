from django.urls import include, path

from acompana.programs import access_views, manage_views, views

app_name = "programs"
member = [
    path("invite/", access_views.member_invite, name="invite"),
    path("deactivate/", access_views.member_deactivate, name="deactivate"),
    path("reactivate/", access_views.member_reactivate, name="reactivate"),
]
members = [
    path("", access_views.member_list_page, name="members"),
    path("add/", access_views.member_add_page, name="member_add"),
    path("roles/<int:pk>/remove/", access_views.membership_remove_page, name="membership_remove"),
    path("<int:user_id>/", include(member)),
]
program = [
    path("", views.program_detail, name="detail"),
    path("cohorts/new/", manage_views.cohort_new, name="cohort_new"),
    path("cohorts/<int:pk>/edit/", manage_views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("schools/", views.school_list, name="schools"),
    path("audit/", views.audit_log, name="audit"),
    path("members/", include(members)),
    path("invitations/", access_views.invitations, name="invitations"),
]
urlpatterns = [
    path("new/", manage_views.program_new, name="new"),  # before <slug>: "new" is reserved
    path("<slug:slug>/", include(program)),
]
