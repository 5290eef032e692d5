from django.urls import path

from acompana.health import views

app_name = "health_alerts"
urlpatterns = [path("accounts/alerts/", views.email_alerts, name="alerts")]
