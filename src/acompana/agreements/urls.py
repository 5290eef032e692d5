from django.urls import path

from acompana.agreements import documents, views

app_name = "agreements"
urlpatterns = [
    path("<slug:slug>/agreements/", views.agreement_list, name="list"),
    path("<slug:slug>/agreements/new/", views.agreement_issue, name="issue"),
    path("<slug:slug>/agreements/templates/", views.template_list, name="templates"),
    path("<slug:slug>/agreements/templates/new/", views.template_edit, name="template_new"),
    path("<slug:slug>/agreements/templates/<int:pk>/", views.template_edit, name="template"),
    path("<slug:slug>/agreements/<int:pk>/", views.agreement_detail, name="detail"),
    path("<slug:slug>/agreements/<int:pk>/agreement.pdf", documents.agreement_pdf, name="pdf"),
    path(
        "<slug:slug>/agreements/<int:pk>/acknowledge/",
        views.agreement_acknowledge,
        name="acknowledge",
    ),
    path("<slug:slug>/agreements/<int:pk>/renegotiate/", views.agreement_revise, name="revise"),
    path("<slug:slug>/agreements/<int:pk>/goals/new/", views.goal_add, name="goal_add"),
    path(
        "<slug:slug>/agreements/<int:pk>/goals/<int:goal>/progress/",
        views.goal_progress,
        name="goal_progress",
    ),
    path(
        "<slug:slug>/partnerships/<int:pk>/change/",
        views.partnership_change,
        name="partnership_change",
    ),
]
