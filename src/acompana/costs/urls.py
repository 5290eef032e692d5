from django.urls import include, path

from acompana.costs import views

app_name = "costs"
expense = [
    path("", views.expense_detail, name="expense"),
    path("submit/", views.expense_submit, name="expense_submit"),
    path("delete/", views.expense_delete, name="expense_delete"),
    path("decide/", views.expense_decide, name="expense_decide"),
    path("receipt/", views.receipt_download, name="receipt"),
]
budget = [
    path("", views.budget, name="budget"),
    path("lines/", views.budget_line_save, name="budget_line_save"),
    path("currency/", views.budget_currency_save, name="budget_currency_save"),
    path("<int:pk>/delete/", views.budget_line_delete, name="budget_delete"),
]
costs = [
    path("", views.index, name="index"),
    path("time/", views.time_log_list, name="time"),
    path("time/<int:pk>/", views.time_log_edit, name="time_edit"),
    path("time/<int:pk>/delete/", views.time_log_delete, name="time_delete"),
    path("expenses/", views.expense_list, name="expenses"),
    path("expenses/<int:pk>/", include(expense)),
    path("budget/", include(budget)),
    path("report/", views.report, name="report"),
]
urlpatterns = [path("<slug:slug>/costs/", include(costs))]
