"""Emails sent when a match is published, each in the recipient's language."""

from collections.abc import Callable

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from acompana.matching.models import MatchRun

MENTORS_PER_BATCH = 500


def _message(user, template: str, context: dict) -> mail.EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def notify_published(
    *, run: MatchRun, after: str = "", sent: Callable[[str, int, int, int], None]
) -> None:
    """Email each mentor their new mentees (or novices) and each of those their mentor, a
    batch of mentors at a time (by code, after the mentor ``after``).

    Pairs kept from an earlier publication are not announced again. After each batch,
    ``sent(last mentor code, emails, mentors done, mentors in all)`` records the progress,
    so that publishing again resumes after the last batch sent.
    """
    new = run.proposals.filter(kept=False)
    codes = list(
        new.filter(mentor__code__gt=after)
        .order_by("mentor__code")
        .values_list("mentor__code", flat=True)
        .distinct()
    )
    for start in range(0, len(codes), MENTORS_PER_BATCH):
        batch = codes[start : start + MENTORS_PER_BATCH]
        proposals = (
            new.filter(mentor__code__in=batch)
            .select_related("mentor__user", "mentee__user", "mentee__school", "novice__user")
            .order_by("mentor__code", "pk")
        )
        by_mentor: dict = {}
        messages = []
        for proposal in proposals:
            person = proposal.person
            by_mentor.setdefault(proposal.mentor, []).append(person)
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
            emails = connection.send_messages(messages) or 0
        sent(batch[-1], emails, start + len(batch), len(codes))
