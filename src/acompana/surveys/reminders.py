"""Survey emails: the invitation on the opening day and reminders while the survey is open.

Each email goes in the recipient's preferred language (``preferred_language``, else the
site's). ``surveys_send_due`` is run by ``acompana send_survey_reminders`` (daily is enough):

- invitation: an open distribution's unanswered invitation that was never emailed;
- reminder: an unanswered invitation emailed at least ``SURVEY_REMINDER_EVERY_DAYS`` (default
  3) days ago and reminded fewer than ``SURVEY_REMINDER_MAX`` (default 2) times, to people who
  keep ``email_reminders`` on.

Each email is claimed by a conditional UPDATE of the invitation's date in the transaction
that sends it: a second worker finds nothing to claim, and a failed send is rolled back and
tried on the next run. The dates are days, never times, and stop when the person answers.
"""

import datetime
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acompana.surveys.models import Invitation

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def answer_link(invitation: Invitation) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    path = reverse("surveys:answer", args=[invitation.distribution.program.slug, invitation.token])
    return site + path


def _message(invitation: Invitation, template: str) -> mail.EmailMessage:
    user = invitation.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            template,
            {
                "recipient": user,
                "invitation": invitation,
                "distribution": invitation.distribution,
                "title": invitation.distribution.questionnaire.title,
                "link": answer_link(invitation),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def _pending(today: datetime.date) -> Any:
    return Invitation.objects.filter(
        answered=False,
        distribution__opens_on__lte=today,
        distribution__closes_on__gte=today,
        user__is_active=True,
    ).exclude(user__email="")


def _send(invitation: Invitation, *, claim: Any, template: str, connection: Any) -> bool:
    try:
        with transaction.atomic():
            if not claim.update(**_claim_fields(template, invitation)):
                return False
            connection.send_messages([_message(invitation, template)])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the survey email to user %s", invitation.user_id)
        return False
    return True


def _claim_fields(template: str, invitation: Invitation) -> dict[str, Any]:
    today = timezone.localdate()
    if template.endswith("invitation.txt"):
        return {"emailed_on": today}
    return {"reminded_on": today, "reminder_count": F("reminder_count") + 1}


INVITATION = "surveys/email/invitation.txt"
REMINDER = "surveys/email/reminder.txt"


def invitations_send(*, distribution_id: int | None = None) -> int:
    """Email the invitations of open surveys that were never emailed; the number sent."""
    today = timezone.localdate()
    invitations = _pending(today).filter(emailed_on__isnull=True)
    if distribution_id is not None:
        invitations = invitations.filter(distribution_id=distribution_id)
    sent = 0
    with mail.get_connection() as connection:
        for invitation in invitations.select_related(
            "user", "distribution__program", "distribution__questionnaire"
        ).order_by("pk"):
            claim = Invitation.objects.filter(pk=invitation.pk, emailed_on__isnull=True)
            sent += _send(invitation, claim=claim, template=INVITATION, connection=connection)
    return sent


def reminders_send() -> int:
    """Remind people of the open surveys they have not answered; the number sent."""
    today = timezone.localdate()
    every = datetime.timedelta(days=_setting("SURVEY_REMINDER_EVERY_DAYS", 3))
    most = _setting("SURVEY_REMINDER_MAX", 2)
    due = today - every
    invitations = (
        _pending(today)
        .filter(user__email_reminders=True, emailed_on__lte=due, reminder_count__lt=most)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=due))
    )
    sent = 0
    with mail.get_connection() as connection:
        for invitation in invitations.select_related(
            "user", "distribution__program", "distribution__questionnaire"
        ).order_by("pk"):
            claim = Invitation.objects.filter(
                Q(reminded_on__isnull=True) | Q(reminded_on__lte=due),
                pk=invitation.pk,
                answered=False,
                reminder_count__lt=most,
            )
            sent += _send(invitation, claim=claim, template=REMINDER, connection=connection)
    return sent


def surveys_send_due() -> dict[str, int]:
    return {"invitations": invitations_send(), "reminders": reminders_send()}
