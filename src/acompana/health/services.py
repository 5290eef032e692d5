"""Writes of the health app: settings and digest preferences."""

from typing import Any

from django.db import transaction

from acompana.common import audit
from acompana.health.models import DigestPreference


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
