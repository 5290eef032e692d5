from django.urls import path

from acompana.surveys import views

app_name = "surveys"
urlpatterns = [
    path("<slug:slug>/surveys/", views.survey_index, name="index"),
    path("<slug:slug>/surveys/templates/copy/", views.template_copy, name="template_copy"),
    path("<slug:slug>/surveys/mine/", views.my_surveys, name="mine"),
    path("<slug:slug>/surveys/answer/<str:token>/", views.answer, name="answer"),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/",
        views.questionnaire_detail,
        name="questionnaire",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/questions/",
        views.question_save,
        name="question_save",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/questions/up/",
        views.question_up,
        name="question_up",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/questions/down/",
        views.question_down,
        name="question_down",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/questions/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/new-version/",
        views.questionnaire_new_version,
        name="new_version",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/send/",
        views.distribution_new,
        name="send",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/results/",
        views.questionnaire_results,
        name="results",
    ),
    path(
        "<slug:slug>/surveys/questionnaires/<int:pk>/responses.<str:fmt>",
        views.questionnaire_export,
        name="export",
    ),
    path("<slug:slug>/surveys/sent/<int:pk>/", views.distribution_detail, name="distribution"),
]
