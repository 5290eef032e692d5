from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("acompana.hub.urls")),
    path("", include("acompana.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("acompana.api.urls")),
    path("frameworks/", include("acompana.frameworks.urls")),
    path("p/", include("acompana.programs.urls")),
    path("p/", include("acompana.people.urls")),
    path("p/", include("acompana.matching.urls")),
    path("p/", include("acompana.visits.urls")),
    path("p/", include("acompana.selection.urls")),
    path("p/", include("acompana.training.urls")),
    path("p/", include("acompana.costs.urls")),
    path("p/", include("acompana.journal.urls")),
    path("p/", include("acompana.agreements.urls")),
    path("p/", include("acompana.group_sessions.urls")),
    path("p/", include("acompana.circles.urls")),
    path("p/", include("acompana.growth.urls")),
    path("p/", include("acompana.health.urls")),
    path("", include("acompana.health.alert_urls")),
    path("p/", include("acompana.surveys.urls")),
    path("p/", include("acompana.research.urls")),
    path("", include("acompana.hub.calendar_urls")),
]
