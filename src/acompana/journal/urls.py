from django.urls import path

from acompana.journal import views

app_name = "journal"
urlpatterns = [
    path("<slug:slug>/journal/", views.index, name="index"),
    path("<slug:slug>/journal/new/", views.entry_new, name="new"),
    path("<slug:slug>/journal/shared/", views.shared, name="shared"),
    path("<slug:slug>/journal/<int:pk>/", views.entry_edit, name="entry"),
    path("<slug:slug>/journal/<int:pk>/share/", views.entry_share, name="share"),
    path("<slug:slug>/journal/<int:pk>/delete/", views.entry_delete, name="delete"),
]
