"""Meetings as data: the platform, join link, meeting ID, passcode and dial-in numbers that a
training session, a group session and a visit carry (one abstract model, ``MeetingFields``).

The join link and passcode are private to the meeting's participants and staff: pages show
them through ``meeting_private_visible`` decisions of each app, and calendar feeds use only
``ics_location``/``ics_url``/``ics_dial_in`` (never the passcode).
"""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DIAL_IN_CHARS = 500


class Platform(models.TextChoices):
    ZOOM = "zoom", _("Zoom")
    MEET = "meet", _("Google Meet")
    TEAMS = "teams", _("Microsoft Teams")
    JITSI = "jitsi", _("Jitsi")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


https_url = URLValidator(schemes=["https"], message=_("Enter a web address starting https://."))


def validate_join_url(value: str) -> None:
    """A join link is an https address (no other scheme: no http, javascript or mail)."""
    if value:
        https_url(value)


class MeetingFields(models.Model):
    """How to join a meeting held at a distance. Every field is optional."""

    meeting_platform = models.CharField(
        _("platform"), max_length=10, choices=Platform.choices, blank=True, db_default=""
    )
    join_url = models.URLField(
        _("join link"),
        max_length=500,
        blank=True,
        db_default="",
        validators=[validate_join_url],
        help_text=_("The https address participants open to join."),
    )
    meeting_code = models.CharField(_("meeting ID"), max_length=100, blank=True, db_default="")
    passcode = models.CharField(_("passcode"), max_length=100, blank=True, db_default="")
    dial_in = models.TextField(
        _("dial-in numbers"),
        max_length=MAX_DIAL_IN_CHARS,
        blank=True,
        db_default="",
        help_text=_("One number a line, with its country or city."),
    )

    class Meta:
        abstract = True

    MEETING_FIELDS = ("meeting_platform", "join_url", "meeting_code", "passcode", "dial_in")

    @property
    def has_meeting(self) -> bool:
        return bool(self.join_url or self.meeting_code or self.dial_in)

    def ics_dial_in(self) -> str:
        """The public part of the meeting for a calendar event's description: the meeting ID
        and dial-in numbers (never the passcode)."""
        lines = []
        if self.meeting_code:
            lines.append(f"{_('Meeting ID')}: {self.meeting_code}")
        if self.dial_in:
            lines.append(f"{_('Dial-in numbers')}:\n{self.dial_in}")
        return "\n".join(lines)


def jitsi_room_url(base: str, *, prefix: str = "acompana") -> str:
    """A new unguessable room on the Jitsi server at ``base`` (an https address): the room
    name carries 128 bits from ``secrets``."""
    validate_join_url(base)
    if not base:
        raise ValidationError(_("The program has no Jitsi address."))
    return f"{base.rstrip('/')}/{prefix}-{secrets.token_urlsafe(16)}"


def meeting_values(data: dict[str, Any]) -> dict[str, Any]:
    """The meeting fields of ``data`` (an API payload or cleaned form), validated."""
    values = {k: (data.get(k) or "").strip() for k in MeetingFields.MEETING_FIELDS if k in data}
    if values.get("meeting_platform") and values["meeting_platform"] not in Platform.values:
        raise ValidationError({"meeting_platform": _("Choose a platform from the list.")})
    validate_join_url(values.get("join_url", ""))
    if len(values.get("dial_in", "")) > MAX_DIAL_IN_CHARS:
        raise ValidationError({"dial_in": _("Keep the dial-in numbers under 500 characters.")})
    return values
