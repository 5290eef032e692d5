"""Emails sent when a match is published, each in the recipient's language."""

from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from acompana.matching.models import MatchProposal, MatchRun


def _message(user, template: str, context: dict) -> mail.EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def notify_published(*, run_id: int) -> int:
    """Email each mentor their new mentees (or novices) and each of those their mentor.

    Pairs kept from an earlier publication are not announced again. Returns the number of
    emails sent.
    """
    run = MatchRun.objects.select_related("program", "cohort").get(pk=run_id)
    proposals = (
        MatchProposal.objects.filter(run=run, kept=False)
        .select_related("mentor__user", "mentee__user", "mentee__school", "novice__user")
        .order_by("mentor__code")
    )
    by_mentor: dict = defaultdict(list)
    messages = []
    for proposal in proposals:
        by_mentor[proposal.mentor].append(proposal.person)
        person = proposal.person
        messages.append(
            _message(
                person.user,
                "matching/email/new_mentor.txt",
                {"run": run, "person": person, "mentor": proposal.mentor},
            )
        )
    for mentor, people in by_mentor.items():
        messages.append(
            _message(
                mentor.user,
                "matching/email/new_mentees.txt",
                {"run": run, "mentor": mentor, "people": people},
            )
        )
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
