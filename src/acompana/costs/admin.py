from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from acompana.common.admin import listed
from acompana.costs.models import (
    BudgetLine,
    CostSettings,
    Expense,
    PersonnelRate,
    ProtectedTime,
    TimeLog,
)

listed(CostSettings, "program", "currency")


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
    # Receipts are private: linked through the permission-checking download, never /media/.
    exclude = ["receipt"]
    readonly_fields = ["receipt_link"]

    @admin.display(description=_("receipt"))
    def receipt_link(self, expense: Expense) -> str:
        if not expense.receipt:
            return "—"
        url = reverse("costs:receipt", args=[expense.program.slug, expense.pk])
        return format_html('<a href="{}">{}</a>', url, expense.receipt_name)


listed(BudgetLine, "program", "year", "category", "amount", filters=("program", "year"))
listed(ProtectedTime, "mentee", "term_start", "term_end", "program", raw_id_fields=["mentee"])
listed(PersonnelRate, "program", "role", "mentor", "basis", "amount", "valid_from", "valid_to")
