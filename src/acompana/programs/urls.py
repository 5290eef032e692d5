from django.urls import path

from acompana.programs import access_views, views

app_name = "programs"
urlpatterns = [
    path("<slug:slug>/", views.program_detail, name="detail"),
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
    path("<slug:slug>/members/<int:user_id>/access/", access_views.member_access, name="access"),
    path("<slug:slug>/invitations/", access_views.invitations, name="invitations"),
]
