"""Writing time and cost: mentors' time logs and expenses, coordinators' decisions and budget.

Every refusal is a ``ValidationError`` with a message for the person; every action is audited.
Decisions on expenses are optimistic: the caller says which version they decided on, and a
second decision (another coordinator, another tab) is refused with ``ExpenseConflict``.
"""

import datetime
from decimal import Decimal
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.common.files import original_filename
from acompana.costs.models import (
    MAX_HOURS_PER_DAY,
    BudgetCategory,
    BudgetLine,
    CostSettings,
    Expense,
    ExpenseCategory,
    TimeCategory,
    TimeLog,
)
from acompana.costs.receipts import validate_receipt
from acompana.costs.selectors import program_currency
from acompana.costs.tasks import expense_decided_notify_task, expense_submitted_notify_task
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.visits.models import Visit

CENT = Decimal("0.01")


class ExpenseConflict(ValidationError):
    """The expense was decided or changed since the caller read it; ``current`` is how it is
    now, so that the page or the API can show who decided and what."""

    def __init__(self, message: str, *, current: Expense) -> None:
        super().__init__(message, code="conflict")
        self.current = current


# --- Time logs ---------------------------------------------------------------------------------


def _check_not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


def _check_hours(hours: Decimal) -> None:
    if hours <= 0:
        raise ValidationError(_("Hours must be more than zero."), code="hours")
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError(_("A day has at most 24 hours."), code="hours")
    if hours != hours.quantize(CENT):
        raise ValidationError(_("Hours take at most two decimals."), code="hours")


def _check_day_total(
    *, mentor: MentorProfile, worked_on: datetime.date, hours: Decimal, exclude: int | None = None
) -> None:
    """At most 24 hours a day per person, in all their programs together. The person's row
    is locked first, so that two logs saved at once cannot both squeeze under the limit."""
    User.objects.select_for_update().filter(pk=mentor.user_id).first()
    logs = TimeLog.objects.filter(mentor__user_id=mentor.user_id, worked_on=worked_on)
    if exclude is not None:
        logs = logs.exclude(pk=exclude)
    others = (logs.aggregate(total=Sum("hours"))["total"]) or Decimal("0")
    if others + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            _(
                "%(day)s already has %(logged)s hours logged: with these %(hours)s hours it "
                "would go over 24 hours in the day."
            )
            % {
                "day": formats.date_format(worked_on, "SHORT_DATE_FORMAT"),
                "logged": formats.number_format(others),
                "hours": formats.number_format(hours),
            },
            code="day_total",
        )


def _check_visit(*, mentor: MentorProfile, visit: Visit | None) -> None:
    if visit is not None and visit.mentor_id != mentor.pk:
        raise ValidationError(_("Link only one of your own visits."), code="visit")


def _check_category(value: str, choices: Any) -> None:
    if value not in choices.values:
        raise ValidationError(_("Choose a valid category."), code="category")


class TimeEntry(TypedDict):
    """What a mentor logs of their time: a day, a category, hours, and optionally the visit
    they worked for and a note."""

    worked_on: datetime.date
    category: str
    hours: Decimal
    visit: NotRequired[Visit | None]
    note: NotRequired[str]
    actor: Any


def _checked_time(mentor: MentorProfile, entry: TimeEntry) -> dict[str, Any]:
    """The fields of a time log of ``mentor`` from ``entry``, checked (but for the day's total,
    which is checked under a lock)."""
    if mentor.user_id != entry["actor"].pk:
        raise PermissionDenied
    _check_category(entry["category"], TimeCategory)
    _check_hours(entry["hours"])
    _check_not_future(entry["worked_on"])
    visit = entry.get("visit")
    _check_visit(mentor=mentor, visit=visit)
    fields = {name: entry[name] for name in ("worked_on", "category", "hours")}
    return {**fields, "visit": visit, "note": entry.get("note", "")}


def _log_time(action: str, log: TimeLog, actor: Any) -> None:
    data = {"date": log.worked_on.isoformat(), "category": log.category, "hours": str(log.hours)}
    audit.log(action, actor=actor, target=log, data=data)


def time_log_create(*, mentor: MentorProfile, **entry: Unpack[TimeEntry]) -> TimeLog:
    """Log ``hours`` of the mentor's work on a day (at most 24 a day in total)."""
    fields = _checked_time(mentor, entry)
    with transaction.atomic():
        _check_day_total(mentor=mentor, worked_on=fields["worked_on"], hours=fields["hours"])
        log = TimeLog.objects.create(program=mentor.program, mentor=mentor, **fields)
        _log_time("costs.time_log.created", log, entry["actor"])
    return log


def time_log_update(*, log: TimeLog, **entry: Unpack[TimeEntry]) -> TimeLog:
    """Change one of the mentor's own time logs (same checks as when it was logged)."""
    fields = _checked_time(log.mentor, entry)
    with transaction.atomic():
        _check_day_total(
            mentor=log.mentor, worked_on=fields["worked_on"], hours=fields["hours"], exclude=log.pk
        )
        for name, value in fields.items():
            setattr(log, name, value)
        log.save(update_fields=[*fields, "updated_at"])
        _log_time("costs.time_log.updated", log, entry["actor"])
    return log


def time_log_delete(*, log: TimeLog, actor: Any) -> None:
    if log.mentor.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit.log(
            "costs.time_log.deleted",
            actor=actor,
            target=log,
            data={"date": log.worked_on.isoformat(), "hours": str(log.hours)},
        )
        log.delete()


# --- Expenses ----------------------------------------------------------------------------------


def _check_amount(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount")
    if amount != amount.quantize(CENT):
        raise ValidationError(_("The amount takes at most two decimals."), code="amount")


def _locked_editable(expense: Expense, actor: Any) -> Expense:
    """The expense re-read under a row lock, if its mentor may still change it."""
    if expense.mentor.user_id != actor.pk:
        raise PermissionDenied
    current = Expense.objects.select_for_update().get(pk=expense.pk)
    if current.status not in Expense.EDITABLE:
        raise ValidationError(
            _("This expense is %(status)s: only drafts and rejected expenses can be changed.")
            % {"status": current.get_status_display().lower()},
            code="not_editable",
        )
    return current


def _store_receipt(expense: Expense, receipt: UploadedFile) -> None:
    """Store the receipt under a random name, keeping the name the mentor gave it."""
    name = original_filename(receipt.name, default="receipt")
    expense.receipt.save(name, receipt, save=False)
    expense.receipt_original_name = name


class ExpenseEntry(TypedDict):
    """What a mentor claims: a day, a category, an amount, a description, and optionally the
    receipt."""

    spent_on: datetime.date
    category: str
    amount: Decimal
    description: str
    receipt: NotRequired[UploadedFile | None]
    actor: Any


def _checked_expense(entry: ExpenseEntry) -> dict[str, Any]:
    """The fields of an expense from ``entry``, checked (and its receipt, if any)."""
    _check_category(entry["category"], ExpenseCategory)
    _check_amount(entry["amount"])
    _check_not_future(entry["spent_on"])
    if not entry["description"].strip():
        raise ValidationError(_("Describe the expense."), code="description")
    receipt = entry.get("receipt")
    if receipt is not None:
        validate_receipt(receipt)
    fields = {name: entry[name] for name in ("spent_on", "category", "amount")}
    return {**fields, "description": entry["description"].strip()}


def _log_expense(action: str, expense: Expense, entry: ExpenseEntry) -> None:
    receipt = entry.get("receipt") is not None
    data = {"category": expense.category, "amount": str(expense.amount), "receipt": receipt}
    audit.log(action, actor=entry["actor"], target=expense, data=data)


def expense_create(*, mentor: MentorProfile, **entry: Unpack[ExpenseEntry]) -> Expense:
    """A draft expense of the mentor, in the program's currency, with its receipt if given."""
    if mentor.user_id != entry["actor"].pk:
        raise PermissionDenied
    fields = _checked_expense(entry)
    receipt = entry.get("receipt")
    with transaction.atomic():
        currency = program_currency(mentor.program)
        expense = Expense(program=mentor.program, mentor=mentor, currency=currency, **fields)
        if receipt is not None:
            _store_receipt(expense, receipt)
        expense.save()
        _log_expense("costs.expense.created", expense, entry)
    return expense


def expense_update(*, expense: Expense, **entry: Unpack[ExpenseEntry]) -> Expense:
    """Change a draft or rejected expense (a new receipt replaces the old one)."""
    fields = _checked_expense(entry)
    receipt = entry.get("receipt")
    with transaction.atomic():
        current = _locked_editable(expense, entry["actor"])
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        changed = [*fields, "version", "updated_at"]
        if receipt is not None:
            _store_receipt(current, receipt)
            changed += ["receipt", "receipt_original_name"]
        current.save(update_fields=changed)
        _log_expense("costs.expense.updated", current, entry)
    return current


def expense_receipt_attach(*, expense: Expense, receipt: UploadedFile, actor: Any) -> Expense:
    """Attach (or replace) the receipt of a draft or rejected expense."""
    validate_receipt(receipt)
    with transaction.atomic():
        current = _locked_editable(expense, actor)
        _store_receipt(current, receipt)
        current.version += 1
        current.save(update_fields=["receipt", "receipt_original_name", "version", "updated_at"])
        audit.log("costs.expense.receipt_attached", actor=actor, target=current)
    return current


def expense_delete(*, expense: Expense, actor: Any) -> None:
    """Delete a draft or rejected expense, and its receipt file."""
    with transaction.atomic():
        current = _locked_editable(expense, actor)
        audit.log(
            "costs.expense.deleted",
            actor=actor,
            target=current,
            data={"amount": str(current.amount), "status": current.status},
        )
        receipt = current.receipt
        current.delete()
        if receipt and receipt.name:
            name, storage = receipt.name, receipt.storage
            transaction.on_commit(lambda: storage.delete(name))


def expense_submit(*, expense: Expense, actor: Any) -> Expense:
    """Send a draft (or a corrected rejected expense) to the coordinators for approval; they
    are emailed once the change is saved."""
    with transaction.atomic():
        current = _locked_editable(expense, actor)
        current.status = Expense.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.decided_at, current.decided_by, current.decision_reason = None, None, ""
        current.version += 1
        current.save(
            update_fields=[
                "status",
                "submitted_at",
                "decided_at",
                "decided_by",
                "decision_reason",
                "version",
                "updated_at",
            ]
        )
        audit.log(
            "costs.expense.submitted",
            actor=actor,
            target=current,
            data={"amount": str(current.amount), "currency": current.currency},
        )
        pk = current.pk
        transaction.on_commit(lambda: expense_submitted_notify_task.enqueue(pk))
    return current


def expense_decide(
    *, expense: Expense, approve: bool, reason: str, version: int, actor: Any
) -> Expense:
    """Approve or reject a submitted expense (a rejection needs a reason); the mentor is
    emailed. ``version`` is the one the coordinator saw: if the expense was decided or changed
    since, nothing is written and ``ExpenseConflict`` says what happened."""
    if not has_role(actor, expense.program, Role.COORDINATOR):
        raise PermissionDenied
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Give the mentor a reason for the rejection."), code="reason")
    if expense.mentor.user_id == actor.pk:
        raise ValidationError(_("You cannot decide on your own expense."), code="own")
    status = Expense.Status.APPROVED if approve else Expense.Status.REJECTED
    now = timezone.now()
    with transaction.atomic():
        # One conditional UPDATE: of two coordinators deciding at once, only one matches.
        decided = Expense.objects.filter(
            pk=expense.pk, status=Expense.Status.SUBMITTED, version=version
        ).update(
            status=status,
            decided_at=now,
            decided_by=actor,
            decision_reason=reason,
            version=F("version") + 1,
            updated_at=now,
        )
        current = Expense.objects.select_related("decided_by", "mentor__user", "program").get(
            pk=expense.pk
        )
        if not decided:
            raise ExpenseConflict(_conflict_message(current), current=current)
        audit.log(
            f"costs.expense.{status}",
            actor=actor,
            target=current,
            data={"amount": str(current.amount), "reason": reason},
        )
        pk = current.pk
        transaction.on_commit(lambda: expense_decided_notify_task.enqueue(pk))
    return current


def _conflict_message(current: Expense) -> str:
    if current.status in (Expense.Status.APPROVED, Expense.Status.REJECTED):
        when = timezone.localtime(current.decided_at) if current.decided_at else None
        return _(
            "This expense was already decided: %(status)s by %(who)s on %(when)s. "
            "Nothing was changed."
        ) % {
            "status": current.get_status_display().lower(),
            "who": current.decided_by or _("someone"),
            "when": formats.date_format(when, "SHORT_DATETIME_FORMAT") if when else "?",
        }
    if current.status == Expense.Status.DRAFT:
        return _("This expense is no longer submitted for approval. Nothing was changed.")
    return _(
        "This expense changed since you opened it (it was submitted again). Look at it again "
        "before deciding."
    )


# --- Budget and settings -----------------------------------------------------------------------


def _require_coordinator(actor: Any, program: Program) -> None:
    if not has_role(actor, program, Role.COORDINATOR):
        raise PermissionDenied


def budget_line_save(
    *, program: Program, year: int, category: str, amount: Decimal, note: str = "", actor: Any
) -> BudgetLine:
    """Set the budget of one category in one year (creating or replacing the line)."""
    _require_coordinator(actor, program)
    _check_category(category, BudgetCategory)
    if amount < 0:
        raise ValidationError(_("A budget cannot be negative."), code="amount")
    if amount != amount.quantize(CENT):
        raise ValidationError(_("The amount takes at most two decimals."), code="amount")
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."), code="year")
    with transaction.atomic():
        line, created = BudgetLine.objects.update_or_create(
            program=program,
            year=year,
            category=category,
            defaults={"amount": amount, "note": note.strip()},
        )
        audit.log(
            "costs.budget_line.saved",
            actor=actor,
            target=line,
            data={"year": year, "category": category, "amount": str(amount), "new": created},
        )
    return line


def budget_line_delete(*, line: BudgetLine, actor: Any) -> None:
    _require_coordinator(actor, line.program)
    with transaction.atomic():
        audit.log(
            "costs.budget_line.deleted",
            actor=actor,
            target=line,
            data={"year": line.year, "category": line.category, "amount": str(line.amount)},
        )
        line.delete()


def cost_settings_save(*, program: Program, currency: str, actor: Any) -> CostSettings:
    """Set the program's currency; refused once money is recorded in another one, because
    amounts are never converted."""
    _require_coordinator(actor, program)
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError(_("Give a three-letter ISO 4217 code, e.g. PEN."), code="currency")
    with transaction.atomic():
        if currency != program_currency(program) and (
            Expense.objects.filter(program=program).exists()
        ):
            raise ValidationError(
                _("The currency cannot change once expenses are recorded."), code="currency"
            )
        settings, _created = CostSettings.objects.update_or_create(
            program=program, defaults={"currency": currency}
        )
        audit.log("costs.settings.saved", actor=actor, target=settings, data={"currency": currency})
    return settings
