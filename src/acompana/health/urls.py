from django.urls import path

from acompana.health import views

app_name = "health"
urlpatterns = [
    path("<slug:slug>/health/", views.health_page, name="page"),
    path("<slug:slug>/health/settings/", views.health_settings, name="settings"),
    path("<slug:slug>/health/<str:name>/", views.health_list, name="list"),
]
