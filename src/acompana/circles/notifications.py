"""Emails sent when formed circles are published, each in the recipient's language."""

from collections.abc import Sequence

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from acompana.circles.models import Circle, Member
from acompana.people.models import MenteeProfile

TEMPLATE = "circles/email/formed.txt"


def _message(user: object, context: dict[str, object]) -> mail.EmailMessage:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string(TEMPLATE, {**context, "user": user}).strip()
    subject, _sep, body = text.partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[getattr(user, "email", "")])


def notify_formed(*, circles: Sequence[Circle]) -> int:
    """Email every member of each circle, and its mentor, who is in it. Returns the emails
    sent. Recipients without an email address are skipped."""
    members = (
        Member.objects.filter(circle__in=circles, left_on__isnull=True)
        .select_related("mentee__user")
        .order_by("circle", "mentee__code")
    )
    by_circle: dict[int, list[MenteeProfile]] = {}
    for member in members:
        by_circle.setdefault(member.circle_id, []).append(member.mentee)
    messages = []
    for circle in Circle.objects.filter(pk__in=[c.pk for c in circles]).select_related(
        "program", "mentor__user"
    ):
        people = by_circle.get(circle.pk, [])
        users = [p.user for p in people]
        if circle.mentor is not None:
            users.append(circle.mentor.user)
        for user in users:
            if getattr(user, "email", ""):
                messages.append(_message(user, {"circle": circle, "members": people}))
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
