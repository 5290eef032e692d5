"""Who may do what in a program. Every view and API endpoint goes through these helpers.

Outsiders (no membership) get 404 so that a program's existence is not disclosed; members
without the right role get 403.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from acompana.accounts.models import Membership, Role


def is_site_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def roles_in(user: Any, program: Any) -> frozenset[str]:
    """The user's roles in ``program``, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_acompana_roles", {})
    if program.pk not in cache:
        roles = set(
            Membership.objects.filter(user=user, program=program).values_list("role", flat=True)
        )
        if is_site_admin(user):
            roles.add(Role.COORDINATOR)
        cache[program.pk] = frozenset(roles)
    return cache[program.pk]


def has_role(user: Any, program: Any, *roles: str) -> bool:
    return bool(roles_in(user, program) & set(roles))


def require_member(user: Any, program: Any) -> frozenset[str]:
    roles = roles_in(user, program)
    if not roles:
        raise Http404
    return roles


def require_role(user: Any, program: Any, roles: Iterable[str]) -> frozenset[str]:
    """The user's roles, or PermissionDenied (404 for outsiders) unless one is in ``roles``."""
    mine = require_member(user, program)
    if not mine & set(roles):
        raise PermissionDenied
    return mine
