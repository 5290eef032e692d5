from django.urls import include, path

from acompana.agreements import views

app_name = "agreements"
agreement = [
    path("", views.agreement_detail, name="detail"),
    path("acknowledge/", views.agreement_acknowledge, name="acknowledge"),
    path("renegotiate/", views.agreement_revise, name="revise"),
    path("goals/new/", views.goal_add, name="goal_add"),
    path("goals/<int:goal>/progress/", views.goal_progress, name="goal_progress"),
]
agreements = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_issue, name="issue"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template"),
    path("<int:pk>/", include(agreement)),
]
urlpatterns = [
    path("<slug:slug>/agreements/", include(agreements)),
    path(
        "<slug:slug>/partnerships/<int:pk>/change/",
        views.partnership_change,
        name="partnership_change",
    ),
]
