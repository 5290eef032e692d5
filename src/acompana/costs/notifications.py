"""Emails where a person must act or learn a decision, each in the recipient's language."""

from typing import Any

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from acompana.accounts.models import Role, User
from acompana.costs.models import Expense


def _link(expense: Expense) -> str:
    """An absolute link to the expense when ``SITE_URL`` is set (emails need absolute links)."""
    path = reverse("costs:expense", args=[expense.program.slug, expense.pk])
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{site}{path}" if site else path


def _message(user: Any, template: str, context: dict[str, Any]) -> mail.EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def _expense(expense_id: int) -> Expense:
    return Expense.objects.select_related("program", "mentor__user", "decided_by").get(
        pk=expense_id
    )


def _send(messages: list[mail.EmailMessage]) -> int:
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0


def notify_expense_submitted(*, expense_id: int) -> int:
    """Email each coordinator of the program that the expense awaits a decision. Returns the
    number of emails sent (none if it was decided or taken back in the meantime)."""
    expense = _expense(expense_id)
    if expense.status != Expense.Status.SUBMITTED:
        return 0
    coordinators = (
        User.objects.filter(
            memberships__program=expense.program,
            memberships__role=Role.COORDINATOR,
            is_active=True,
        )
        .exclude(pk=expense.mentor.user_id)
        .distinct()
        .order_by("email")
    )
    context = {"expense": expense, "link": _link(expense)}
    return _send([_message(u, "costs/email/expense_submitted.txt", context) for u in coordinators])


def notify_expense_decided(*, expense_id: int) -> int:
    """Email the mentor that their expense was approved or rejected (with the reason)."""
    expense = _expense(expense_id)
    if expense.status not in (Expense.Status.APPROVED, Expense.Status.REJECTED):
        return 0
    mentor = expense.mentor.user
    context = {"expense": expense, "link": _link(expense)}
    return _send([_message(mentor, "costs/email/expense_decided.txt", context)])
