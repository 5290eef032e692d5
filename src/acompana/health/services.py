"""Writes of the health app: settings and digest preferences."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.health.models import DigestPreference, HealthSettings


def digest_preference_set(*, user: Any, weekly_digest: bool) -> DigestPreference:
    """Turn the person's weekly health digest on or off."""
    with transaction.atomic():
        preference, _created = DigestPreference.objects.select_for_update().get_or_create(user=user)
        preference.weekly_digest = weekly_digest
        preference.save(update_fields=["weekly_digest"])
        audit.log(
            "health.digest.preference", actor=user, target=preference, data={"on": weekly_digest}
        )
    return preference


def digest_wanted(*, user: Any) -> bool:
    preference = DigestPreference.objects.filter(user=user).first()
    return preference.weekly_digest if preference else True


def health_settings_set(
    *,
    program: Any,
    inactive_days: int,
    low_response_percent: int,
    expected_version: int,
    actor: Any,
) -> HealthSettings:
    """Change the program's health settings; refused when someone saved them since the form
    was opened (``expected_version``)."""
    if not 1 <= inactive_days <= 365 or not 1 <= low_response_percent <= 100:
        raise ValidationError(_("Days go from 1 to 365 and the percentage from 1 to 100."))
    with transaction.atomic():
        found, _created = HealthSettings.objects.select_for_update().get_or_create(program=program)
        if found.version != expected_version:
            raise ValidationError(
                _("Someone else changed these settings meanwhile. Check them and save again.")
            )
        found.inactive_days = inactive_days
        found.low_response_percent = low_response_percent
        found.version += 1
        found.save(update_fields=["inactive_days", "low_response_percent", "version"])
        audit.log(
            "health.settings.changed",
            actor=actor,
            target=found,
            program=program,
            data={"inactive_days": inactive_days, "low_response_percent": low_response_percent},
        )
    return found
