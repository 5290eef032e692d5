from typing import Any

from acompana.accounts.models import Membership, User
from acompana.common import audit


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a person chose in the switch."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def membership_add(*, user: User, program: Any, role: str, actor: Any = None) -> Membership:
    """Give ``user`` a role in ``program`` (nothing changes if they already hold it)."""
    membership, created = Membership.objects.get_or_create(user=user, program=program, role=role)
    if created:
        audit.log(
            "accounts.membership.added",
            actor=actor,
            target=membership,
            program=program,
            data={"user": user.email, "role": role},
        )
    return membership
