"""Choices that several apps store: one enum per idea, so that a value means the same
everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingMode(models.TextChoices):
    """How people meet: a visit, a group session or informal meeting, the meetings an
    agreement plans, a novice's meeting with their buddy."""

    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    MESSAGING = "messaging", _("Messaging")
