from django.urls import path

from acompana.costs import protected_views, views

app_name = "costs"
urlpatterns = [
    path("<slug:slug>/costs/", views.index, name="index"),
    path("<slug:slug>/costs/time/", views.time_log_list, name="time"),
    path("<slug:slug>/costs/time/<int:pk>/", views.time_log_edit, name="time_edit"),
    path("<slug:slug>/costs/time/<int:pk>/delete/", views.time_log_delete, name="time_delete"),
    path("<slug:slug>/costs/expenses/", views.expense_list, name="expenses"),
    path("<slug:slug>/costs/expenses/<int:pk>/", views.expense_detail, name="expense"),
    path(
        "<slug:slug>/costs/expenses/<int:pk>/submit/", views.expense_submit, name="expense_submit"
    ),
    path(
        "<slug:slug>/costs/expenses/<int:pk>/delete/", views.expense_delete, name="expense_delete"
    ),
    path(
        "<slug:slug>/costs/expenses/<int:pk>/decide/", views.expense_decide, name="expense_decide"
    ),
    path("<slug:slug>/costs/expenses/<int:pk>/receipt/", views.receipt_download, name="receipt"),
    path("<slug:slug>/costs/budget/", views.budget, name="budget"),
    path("<slug:slug>/costs/budget/lines/", views.budget_line_save, name="budget_line_save"),
    path(
        "<slug:slug>/costs/budget/currency/",
        views.budget_currency_save,
        name="budget_currency_save",
    ),
    path(
        "<slug:slug>/costs/budget/<int:pk>/delete/",
        views.budget_line_delete,
        name="budget_delete",
    ),
    path("<slug:slug>/costs/report/", views.report, name="report"),
    path(
        "<slug:slug>/costs/budget/teacher-rate/",
        protected_views.teacher_rate_save,
        name="teacher_rate_save",
    ),
    path(
        "<slug:slug>/costs/protected-time/",
        protected_views.protected_time,
        name="protected_time",
    ),
    path(
        "<slug:slug>/costs/protected-time/approve/",
        protected_views.protected_time_approve,
        name="protected_time_approve",
    ),
    path(
        "<slug:slug>/costs/protected-time/<int:pk>/withdraw/",
        protected_views.protected_time_withdraw,
        name="protected_time_withdraw",
    ),
]
