"""Reads about people's access: where each person stands with signing in."""

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from acompana.accounts.models import AccessState, Invitation, Membership, User


def invited_subquery(user_field: str = "pk") -> Exists:
    """Annotation: whether the user named by ``user_field`` has ever been invited."""
    return Exists(Invitation.objects.filter(user=OuterRef(user_field)))


def access_state(user: Any, *, invited: bool | None = None) -> str:
    """Deactivated, active (has a password), invited (a link was sent) or never invited.

    ``invited`` may come from an ``invited_subquery`` annotation, to save a query per row."""
    if not user.is_active:
        return AccessState.DEACTIVATED
    if user.has_usable_password():
        return AccessState.ACTIVE
    if invited is None:
        invited = Invitation.objects.filter(user=user).exists()
    return AccessState.INVITED if invited else AccessState.NEVER_INVITED


def access_state_q(state: str, prefix: str = "") -> Q:
    """A filter on users (``prefix`` "user__" from a profile or membership) by access state;
    needs the ``invited`` annotation (``invited_subquery``) named ``<prefix>invited``."""
    unusable = Q(**{f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX}) | Q(
        **{f"{prefix}password": ""}
    )
    active = Q(**{f"{prefix}is_active": True})
    invited_name = prefix.replace("__", "_") + "invited"
    if state == AccessState.DEACTIVATED:
        return ~active
    if state == AccessState.ACTIVE:
        return active & ~unusable
    if state == AccessState.INVITED:
        return active & unusable & Q(**{invited_name: True})
    return active & unusable & Q(**{invited_name: False})


def users_to_invite(
    *, program: Any, role: str = "", cohort: Any = None, pending: bool = False
) -> QuerySet[User]:
    """Active members of ``program`` without a password (``role``: only that role; ``cohort``:
    only mentors and mentees of that cohort; ``pending``: only those never invited)."""
    memberships = Membership.objects.filter(program=program)
    if role:
        memberships = memberships.filter(role=role)
    users = User.objects.filter(
        is_active=True,
        pk__in=memberships.values("user"),
    ).filter(Q(password__startswith=UNUSABLE_PASSWORD_PREFIX) | Q(password=""))
    if cohort is not None:
        users = users.filter(
            Q(mentee_profiles__cohorts=cohort) | Q(mentor_profiles__cohorts=cohort)
        ).distinct()
    if pending:
        users = users.annotate(invited=invited_subquery()).filter(invited=False)
    return users.order_by("last_name", "first_name", "email")


def get_member(*, program: Any, user_id: int) -> User:
    """A person who holds a role in ``program`` (404 otherwise)."""
    return get_object_or_404(User, pk=user_id, memberships__program=program)


def member_list(
    *, program: Any, role: str = "", state: str = "", cohort: Any = None, q: str = ""
) -> QuerySet[User]:
    """The people of ``program`` with their roles (``member_roles``) and ``invited``.

    Memberships and cohorts filter by ``pk IN (subquery)``, so each person is one row with no
    ``DISTINCT`` over every column (which sorted a national program's 110,000 people on every
    page), and the index on names serves the order of the first pages."""
    memberships = Membership.objects.filter(program=program)
    if role:
        memberships = memberships.filter(role=role)
    users = User.objects.filter(pk__in=memberships.values("user_id"))
    if cohort is not None:
        users = users.filter(
            Q(pk__in=User.objects.filter(mentee_profiles__cohorts=cohort).values("pk"))
            | Q(pk__in=User.objects.filter(mentor_profiles__cohorts=cohort).values("pk"))
        )
    if q:
        users = users.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    users = users.annotate(invited=invited_subquery())
    if state:
        users = users.filter(access_state_q(state))
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(program=program).order_by("role"),
            to_attr="program_memberships",
        )
    ).order_by("last_name", "first_name", "email")
