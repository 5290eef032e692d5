from django.urls import path

from acompana.programs import access_views, manage_views, views

app_name = "programs"
urlpatterns = [
    path("new/", manage_views.program_new, name="new"),  # before <slug>: "new" is reserved
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/cohorts/new/", manage_views.cohort_new, name="cohort_new"),
    path("<slug:slug>/cohorts/<int:pk>/edit/", manage_views.cohort_edit, name="cohort_edit"),
    path("<slug:slug>/cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("<slug:slug>/schools/", views.school_list, name="schools"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
    path("<slug:slug>/members/", access_views.member_list_page, name="members"),
    path("<slug:slug>/members/add/", access_views.member_add_page, name="member_add"),
    path(
        "<slug:slug>/members/roles/<int:pk>/remove/",
        access_views.membership_remove_page,
        name="membership_remove",
    ),
    path("<slug:slug>/members/<int:user_id>/invite/", access_views.member_invite, name="invite"),
    path(
        "<slug:slug>/members/<int:user_id>/deactivate/",
        access_views.member_deactivate,
        name="deactivate",
    ),
    path(
        "<slug:slug>/members/<int:user_id>/reactivate/",
        access_views.member_reactivate,
        name="reactivate",
    ),
    path("<slug:slug>/invitations/", access_views.invitations, name="invitations"),
]
