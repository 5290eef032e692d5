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


class BudgetCategory(models.TextChoices):
    """What a budget line is for: the expense categories and the personnel (mentors' pay)."""

    TRAVEL = "travel", _("Travel")
    CONNECTIVITY = "connectivity", _("Connectivity")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")
    PERSONNEL = "personnel", _("Personnel")


class CostSettings(TimeStamped):
    """The program's currency (a program without settings uses soles, PEN) and its rates: what
    an hour of a teacher's protected time is valued at in the cost report."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="cost_settings"
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=DEFAULT_CURRENCY, help_text=_("ISO 4217 code.")
    )
    teacher_hour_rate = models.DecimalField(
        _("teacher hour rate"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What an hour of a teacher's protected time costs."),
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
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
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


MAX_PROTECTED_HOURS_PER_WEEK = Decimal("40")
MAX_PROTECTED_TOTAL_HOURS = Decimal("2000")


class ProtectedTime(TimeStamped):
    """Time a school head protects for one teacher's mentoring in one term: hours per week or a
    total for the term, approved by the head of the teacher's school (audited). Valued at the
    program's teacher hour rate, it is a line of the cost report."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="protected_times"
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="protected_times",
    )
    school = models.ForeignKey(
        "programs.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(MAX_PROTECTED_HOURS_PER_WEEK),
        ],
    )
    total_hours = models.DecimalField(
        _("total hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(MAX_PROTECTED_TOTAL_HOURS),
        ],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    approved_by = user_link(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("protected time")
        verbose_name_plural = _("protected time")
        ordering = ["-term_start", "mentee__code"]
        indexes = [
            models.Index(fields=["program", "term_start"]),
            models.Index(fields=["school", "term_start"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "term_start"], name="unique_protected_time_per_term"
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="protected_time_term_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(hours_per_week__isnull=False, total_hours__isnull=True)
                    | models.Q(hours_per_week__isnull=True, total_hours__isnull=False)
                ),
                name="protected_time_weekly_or_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} {self.term_start}..{self.term_end}"


class RateBasis(models.TextChoices):
    HOUR = "hour", _("Per hour logged")
    VISIT = "visit", _("Per visit done")
    MONTH = "month", _("Monthly stipend")


MAX_RATE_AMOUNT = Decimal("99999999.99")


class PersonnelRate(TimeStamped):
    """What the program pays its mentors, valid from one date to another (both included; no end
    while open): for the role (every mentor without a rate of their own on that day) or for one
    mentor. One target never has two rates on the same day. The cost report values the time
    logs, the visits done or the months at the rate valid on their date, beside the teachers'
    protected time valued at the teacher hour rate (``CostSettings``)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="personnel_rates"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[("mentor", _("Mentor"))], default="mentor"
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personnel_rates",
        help_text=_("Empty: the rate of every mentor without one of their own."),
    )
    basis = models.CharField(_("basis"), max_length=10, choices=RateBasis.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_RATE_AMOUNT)],
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("personnel rate")
        verbose_name_plural = _("personnel rates")
        ordering = ["mentor_id", "valid_from", "pk"]
        indexes = [models.Index(fields=["program", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="personnel_rate_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="personnel_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id or self.role} {self.basis} {self.amount} {self.valid_from}"
