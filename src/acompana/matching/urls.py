from django.urls import path

from acompana.matching import views

app_name = "matching"
urlpatterns = [
    path("<slug:slug>/matching/", views.run_list, name="runs"),
    path("<slug:slug>/matching/runs/<int:pk>/", views.run_detail, name="run"),
    path("<slug:slug>/matching/runs/<int:pk>/swap/", views.pairs_swap, name="swap"),
    path("<slug:slug>/matching/runs/<int:pk>/publish/", views.run_publish, name="publish"),
    path(
        "<slug:slug>/matching/runs/<int:pk>/pairs/<int:proposal>/",
        views.pair_detail,
        name="pair",
    ),
    path(
        "<slug:slug>/matching/runs/<int:pk>/pairs/<int:proposal>/lock/",
        views.pair_lock,
        name="lock",
    ),
    path(
        "<slug:slug>/matching/runs/<int:pk>/pairs/<int:proposal>/exclude/",
        views.pair_exclude,
        name="exclude",
    ),
]
