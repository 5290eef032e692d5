from django.urls import include, path

from acompana.surveys import views

app_name = "surveys"
questionnaire = [
    path("", views.questionnaire_detail, name="questionnaire"),
    path("questions/", views.question_save, name="question_save"),
    path("questions/up/", views.question_up, name="question_up"),
    path("questions/down/", views.question_down, name="question_down"),
    path("questions/delete/", views.question_delete, name="question_delete"),
    path("new-version/", views.questionnaire_new_version, name="new_version"),
    path("send/", views.distribution_new, name="send"),
    path("results/", views.questionnaire_results, name="results"),
    path("responses.<str:fmt>", views.questionnaire_export, name="export"),
]
surveys = [
    path("", views.survey_index, name="index"),
    path("templates/copy/", views.template_copy, name="template_copy"),
    path("mine/", views.my_surveys, name="mine"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("questionnaires/<int:pk>/", include(questionnaire)),
    path("sent/<int:pk>/", views.distribution_detail, name="distribution"),
]
urlpatterns = [path("<slug:slug>/surveys/", include(surveys))]
