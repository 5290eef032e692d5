from django.urls import path

from acompana.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<slug:slug>/", views.framework_detail, name="detail"),
    path(
        "<slug:slug>/competency/<int:pk>/indicators/",
        views.indicators_edit,
        name="indicators_edit",
    ),
    path("<slug:slug>/<str:kind>/<int:pk>/edit/", views.item_edit, name="item_edit"),
]
