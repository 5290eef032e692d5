"""Time and cost of mentoring: mentors' time logs and expenses, and the program's budget.

The second source document says effective mentoring needs leadership support for time and
financing; these records let a program see what its mentoring costs, per mentor, per mentee
served and per region, against what it budgeted.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.files import RandomName
from acompana.common.models import TimeStamped, link_or_null, user_link

DEFAULT_CURRENCY = "PEN"
MAX_HOURS_PER_DAY = Decimal("24")


class TimeCategory(models.TextChoices):
    VISITS = "visits", _("Visits")
    TRAVEL = "travel", _("Travel")
    PREPARATION = "preparation", _("Preparation")
    TRAINING = "training", _("Training")
    GROUP_SESSIONS = "group_sessions", _("Group sessions")
    OTHER = "other", _("Other")


class ExpenseCategory(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    CONNECTIVITY = "connectivity", _("Connectivity")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class CostSettings(TimeStamped):
    """The program's currency (a program without settings uses soles, PEN)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="cost_settings"
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=DEFAULT_CURRENCY, help_text=_("ISO 4217 code.")
    )

    class Meta:
        verbose_name = _("cost settings")
        verbose_name_plural = _("cost settings")

    def __str__(self) -> str:
        return f"{self.program} · {self.currency}"


class TimeLog(TimeStamped):
    """Hours a mentor worked on one day in one category, optionally on one of their visits."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="time_logs"
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="time_logs",
    )
    worked_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=TimeCategory.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_PER_DAY)],
    )
    visit = link_or_null("visits.Visit", _("visit"), related_name="time_logs")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("time log")
        verbose_name_plural = _("time logs")
        ordering = ["-worked_on", "-pk"]
        indexes = [
            models.Index(fields=["mentor", "worked_on"]),
            models.Index(fields=["program", "worked_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY),
                name="time_log_hours_in_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.code} {self.worked_on} {self.category} {self.hours} h"


class Expense(TimeStamped):
    """An expense a mentor paid for the program, with its receipt, until a coordinator
    approves or rejects it. ``version`` grows with every change, so that a decision taken on
    a page opened before another change is refused instead of overwriting it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    EDITABLE = (Status.DRAFT, Status.REJECTED)

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="expenses"
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="expenses",
    )
    spent_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=ExpenseCategory.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    description = models.CharField(_("description"), max_length=500)
    # A random storage name (receipts are private and served only by a permission-checking
    # view); the name the mentor gave the file is kept beside it for the download.
    receipt = models.FileField(_("receipt"), upload_to=RandomName("receipts"), blank=True)
    receipt_original_name = models.CharField(_("receipt file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = user_link(_("decided by"))
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-pk"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "spent_on"]),
            models.Index(fields=["mentor", "spent_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.mentor.code} {self.spent_on} {self.amount} {self.currency}"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def receipt_name(self) -> str:
        if not self.receipt:
            return ""
        return self.receipt_original_name or (self.receipt.name or "").rsplit("/", 1)[-1]


class BudgetLine(TimeStamped):
    """What the program budgets for one category of expense in one calendar year."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=ExpenseCategory.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "category"], name="unique_budget_line"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year} {self.category} {self.amount}"
