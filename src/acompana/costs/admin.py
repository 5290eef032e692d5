from django.contrib import admin

from acompana.costs.models import BudgetLine, CostSettings, Expense, TimeLog


@admin.register(CostSettings)
class CostSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "currency"]


@admin.register(TimeLog)
class TimeLogAdmin(admin.ModelAdmin):
    list_display = ["worked_on", "mentor", "category", "hours", "visit"]
    list_filter = ["program", "category"]
    raw_id_fields = ["mentor", "visit"]
    date_hierarchy = "worked_on"


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["spent_on", "mentor", "category", "amount", "currency", "status"]
    list_filter = ["program", "status", "category"]
    raw_id_fields = ["mentor", "decided_by"]
    date_hierarchy = "spent_on"


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["program", "year", "category", "amount"]
    list_filter = ["program", "year"]
