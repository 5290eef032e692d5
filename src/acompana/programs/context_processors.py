from typing import Any

from django.http import HttpRequest

from acompana.programs.selectors import program_roles_for_user


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The programs the signed-in user belongs to, with their roles, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_programs": lambda: program_roles_for_user(user=user)}
