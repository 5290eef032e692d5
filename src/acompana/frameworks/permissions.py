from typing import Any

from django.core.exceptions import PermissionDenied

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin


def can_edit_frameworks(user: Any) -> bool:
    """Frameworks are shared defaults: coordinators of any program and site admins edit them."""
    return (
        is_site_admin(user) or Membership.objects.filter(user=user, role=Role.COORDINATOR).exists()
    )


def require_framework_editor(user: Any) -> None:
    if not can_edit_frameworks(user):
        raise PermissionDenied
