"""Emails asking the parties to acknowledge an agreement version, each in the recipient's
language."""

from typing import Any

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from acompana.accounts.models import Membership, Role
from acompana.agreements.models import AgreementVersion, Party


def _message(user: Any, context: dict[str, Any]) -> mail.EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string("agreements/email/acknowledge.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def notify_acknowledgement_needed(*, version_id: int) -> int:
    """Email each party who has not yet acknowledged the version (the mentor, the mentee and
    every coordinator of the program). Returns the number of emails sent."""
    version = AgreementVersion.objects.select_related(
        "agreement__program",
        "agreement__partnership__mentor__user",
        "agreement__partnership__mentee__user",
    ).get(pk=version_id)
    agreement = version.agreement
    if version.number != agreement.current_number or not version.issued:
        return 0  # superseded before the email went out
    done = set(version.acknowledgements.values_list("party", flat=True))
    partnership = agreement.partnership
    recipients: list[tuple[Any, str]] = []
    if Party.MENTOR not in done:
        recipients.append((partnership.mentor.user, Party.MENTOR))
    if Party.MENTEE not in done:
        recipients.append((partnership.mentee.user, Party.MENTEE))
    if Party.COORDINATOR not in done:
        memberships = Membership.objects.filter(
            program=agreement.program, role=Role.COORDINATOR, user__is_active=True
        ).select_related("user")
        recipients += [(m.user, Party.COORDINATOR) for m in memberships]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    path = reverse("agreements:detail", args=[agreement.program.slug, agreement.pk])
    messages = [
        _message(
            user,
            {
                "user": user,
                "party": party,
                "agreement": agreement,
                "version": version,
                "program": agreement.program,
                "partnership": partnership,
                "url": f"{base}{path}",
            },
        )
        for user, party in recipients
        if user.is_active and user.email
    ]
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
