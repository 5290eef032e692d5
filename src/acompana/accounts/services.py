import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acompana.accounts.models import AccessRequest, Invitation, Membership, Role, User
from acompana.common import audit


def _log_user(action: str, user: Any, *, actor: Any, program: Any, **data: Any) -> None:
    """Record ``action`` on ``user`` (their email and ``data``) in the log of ``program``."""
    audit.log(action, actor=actor, target=user, program=program, data={"user": user.email, **data})


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


# --- Invitations, access and password reset ---------------------------------------------------


class InvitationInvalid(Exception):
    """An invitation link that cannot be used, and why (``reason``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # unknown, used, expired, replaced, deactivated


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")


def _invitation_message(invitation: Invitation, token: str) -> mail.EmailMessage:
    user = invitation.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        url = _site_url() + reverse("accounts:invitation", args=[token])
        text = render_to_string(
            "accounts/email/invitation.txt",
            {
                "user": user,
                "program": invitation.program,
                "url": url,
                "days": settings.INVITATION_DAYS,
                "expires": invitation.expires_at,
            },
        ).strip()
    subject, _sep, body = text.partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def _invitation_create(*, user: User, program: Any, actor: Any) -> tuple[Invitation, str]:
    now = timezone.now()
    with transaction.atomic():
        earlier = Invitation.objects.filter(user=user).exists()
        Invitation.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            user=user,
            program=program,
            token_hash=_token_hash(token),
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_DAYS),
        )
        _log_user(
            "accounts.invitation.resent" if earlier else "accounts.invitation.sent",
            user,
            actor=actor,
            program=program,
            expires_at=invitation.expires_at.isoformat(),
        )
    return invitation, token


def invitable(user: User) -> bool:
    """Whether an invitation makes sense: active, and without a password of their own yet."""
    return bool(user.is_active and not user.has_usable_password())


def invitation_send(*, user: User, program: Any = None, actor: Any = None) -> Invitation:
    """Email ``user`` a single-use link to set their first password, in their language.

    Earlier links still open are replaced (a resend). Refused (ValueError) for deactivated
    people and for people who already have a password (they use the password reset)."""
    if not invitable(user):
        raise ValueError("Only active people without a password can be invited.")
    invitation, token = _invitation_create(user=user, program=program, actor=actor)
    _invitation_message(invitation, token).send()
    return invitation


def invitation_send_many(*, users: Iterable[User], program: Any = None, actor: Any = None) -> int:
    """Invite each of ``users`` who can be invited (see ``invitable``); the number sent."""
    messages = []
    for user in users:
        if invitable(user):
            invitation, token = _invitation_create(user=user, program=program, actor=actor)
            messages.append(_invitation_message(invitation, token))
    if messages:
        with mail.get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)


def invitation_get(*, token: str) -> Invitation:
    """The invitation of ``token`` if it can still be used, else InvitationInvalid."""
    return _link_get(token, Invitation.Kind.INVITATION)


def _link_get(token: str, kind: str) -> Invitation:
    """The link of ``kind`` with ``token`` if it can still be used, else InvitationInvalid
    with the first reason that stops it. An invitation's person must still be active (a
    sign-up's person is inactive until they verify)."""
    link = (
        Invitation.objects.select_related("user")
        .filter(token_hash=_token_hash(token), kind=kind)
        .first()
    )
    if link is None:
        raise InvitationInvalid("unknown")
    reasons = {
        "deactivated": kind == Invitation.Kind.INVITATION and not link.user.is_active,
        "used": link.used_at is not None,
        "replaced": link.revoked_at is not None,
        "expired": link.expires_at <= timezone.now(),
    }
    for reason, applies in reasons.items():
        if applies:
            raise InvitationInvalid(reason)
    return link


def invitation_accept(*, token: str, password: str) -> User:
    """Set the first password through an invitation; the link cannot be used again.

    The password must already have passed Django's validators (the form checks them)."""
    with transaction.atomic():
        invitation = invitation_get(token=token)
        used = Invitation.objects.filter(pk=invitation.pk, used_at=None).update(
            used_at=timezone.now()
        )
        if not used:  # a second submission raced this one
            raise InvitationInvalid("used")
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        _log_user("accounts.invitation.accepted", user, actor=user, program=invitation.program)
    return user


# --- Sign-up with email verification ----------------------------------------------------------

SIGNUP_LINK_DAYS = 2


def _signup_message(
    *, template: str, user: User, url: str, program: Any, language: str
) -> mail.EmailMessage:
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(
            template,
            {
                "user": user,
                "program": program,
                "url": url,
                "days": SIGNUP_LINK_DAYS,
                "reset_url": _site_url() + reverse("accounts:password_reset"),
                "login_url": _site_url() + reverse("accounts:login"),
            },
        ).strip()
    subject, _sep, body = text.partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


def _signup_pending(user: User) -> bool:
    """Signed up but never verified: inactive, with no sign-up link ever used (a person
    deactivated by a coordinator stays deactivated whatever they submit)."""
    if user.is_active:
        return False
    links = Invitation.objects.filter(user=user, kind=Invitation.Kind.SIGNUP)
    return links.exists() and not links.exclude(used_at=None).exists()


def signup_start(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    client: str,
    next_path: str = "",
    program: Any = None,
) -> None:
    """Someone signs themselves up. A new address gets an inactive account and a single-use
    link to verify it; an address with an account gets an email saying so (sign in or reset
    the password) and nothing changes. The caller answers alike in every case, so the page
    never tells whether an address has an account. At most ``ACCESS_EMAILS_PER_HOUR``
    emails an hour per address, like the password reset (more are silently not sent).

    The password must already have passed Django's validators (the form checks them)."""
    email = email.strip().lower()
    if not access_request_allowed(email=email, client=client):
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        message = _signup_record(
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=password,
            next_path=next_path,
            program=program,
            language=language,
        )
    message.send()


def _signup_record(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    next_path: str,
    program: Any,
    language: str,
) -> mail.EmailMessage:
    """The sign-up's changes and audit entry; the email to send once they are committed."""
    now = timezone.now()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and not _signup_pending(user):
        make_password(password)  # as long as a new account takes: the answer's time tells nothing
        _log_user("accounts.signup.existing", user, actor=None, program=program)
        return _signup_message(
            template="accounts/email/signup_existing.txt",
            user=user,
            url="",
            program=program,
            language=user.preferred_language or language,
        )
    if user is None:
        user = User.objects.create_user(
            email,
            password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_active=False,
        )
        code = "accounts.signup.started"
    else:  # signed up again before verifying: the latest details and link count
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
        Invitation.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
        code = "accounts.signup.restarted"
    token = secrets.token_urlsafe(32)
    link = Invitation.objects.create(
        user=user,
        program=program,
        kind=Invitation.Kind.SIGNUP,
        next_path=next_path[:200],
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=SIGNUP_LINK_DAYS),
    )
    _log_user(code, user, actor=None, program=program, expires_at=link.expires_at.isoformat())
    return _signup_message(
        template="accounts/email/signup_verify.txt",
        user=user,
        url=_site_url() + reverse("accounts:signup_verify", args=[token]),
        program=program,
        language=language,
    )


def signup_link_get(*, token: str) -> Invitation:
    """The sign-up verification link of ``token`` if it can still be used, else
    InvitationInvalid (reasons: unknown, used, replaced, expired)."""
    return _link_get(token, Invitation.Kind.SIGNUP)


def signup_verify(*, token: str) -> Invitation:
    """Verify a sign-up: the account becomes active and the link cannot be used again. The
    caller signs the person in and continues to ``next_path``."""
    with transaction.atomic():
        link = signup_link_get(token=token)
        used = Invitation.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now())
        if not used:  # a second submission raced this one
            raise InvitationInvalid("used")
        user = link.user
        user.is_active = True
        user.save(update_fields=["is_active"])
        _log_user("accounts.signup.verified", user, actor=user, program=link.program)
    return link


def password_reset_done(*, user: User) -> None:
    """Record a password set through the reset link; open invitations are no longer needed."""
    Invitation.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    audit.log("accounts.password.reset", actor=user, target=user, data={"user": user.email})


def access_request_allowed(*, email: str, client: str) -> bool:
    """Count a request for an access email; False when the address has asked
    ``ACCESS_EMAILS_PER_HOUR`` times in the last hour already, or the client
    ``ACCESS_EMAILS_PER_CLIENT_PER_HOUR`` times."""
    since = timezone.now() - timedelta(hours=1)
    limits = {
        _token_hash(f"email:{email.strip().lower()}"): settings.ACCESS_EMAILS_PER_HOUR,
        _token_hash(f"ip:{client}"): settings.ACCESS_EMAILS_PER_CLIENT_PER_HOUR,
    }
    AccessRequest.objects.filter(created_at__lt=since).delete()
    allowed = all(
        AccessRequest.objects.filter(key=key, created_at__gte=since).count() < limit
        for key, limit in limits.items()
    )
    AccessRequest.objects.bulk_create([AccessRequest(key=key) for key in limits])
    return allowed


def user_deactivate(*, user: User, actor: Any, program: Any = None) -> User:
    """Stop ``user`` signing in, at once: their sessions and API tokens stop working (both
    check ``is_active`` on every request). Their records stay. Signing in is site-wide, so a
    coordinator deactivates only people whose every program they coordinate; anyone else
    is deactivated by a site administrator."""
    if actor is not None and not (actor.is_staff or actor.is_superuser):  # None: a script
        coordinated = Membership.objects.filter(user=actor, role=Role.COORDINATOR).values("program")
        if Membership.objects.filter(user=user).exclude(program__in=coordinated).exists():
            raise ValidationError(
                _(
                    "%(person)s also takes part in a program you do not coordinate: ask a site "
                    "administrator to deactivate them, or remove their roles in this program."
                )
                % {"person": user}
            )
    return _set_active(user, False, "accounts.user.deactivated", actor=actor, program=program)


def user_reactivate(*, user: User, actor: Any, program: Any = None) -> User:
    """Give a deactivated person their access back (their password and tokens as before)."""
    return _set_active(user, True, "accounts.user.reactivated", actor=actor, program=program)


def _set_active(user: User, active: bool, action: str, *, actor: Any, program: Any) -> User:
    """Turn the user's access on or off, and record ``action`` if it changed."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        _log_user(action, user, actor=actor, program=program)
    return user


# --- Program members -------------------------------------------------------------------------


class LastCoordinator(Exception):
    """A program must keep at least one coordinator."""


def member_add(
    *, program: Any, email: str, first_name: str = "", last_name: str = "", role: str, actor: Any
) -> Membership:
    """Give the person with ``email`` a role in ``program``, creating their account (without a
    password: they get one through an invitation) when they have none."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email, None, first_name=first_name.strip(), last_name=last_name.strip()
            )
            _log_user("accounts.user.created", user, actor=actor, program=program)
        return membership_add(user=user, program=program, role=role, actor=actor)


def membership_remove(*, membership: Membership, actor: Any) -> None:
    """Take a role away; the person's records stay. The last coordinator cannot be removed."""
    with transaction.atomic():
        if membership.role == Role.COORDINATOR:
            coordinators = Membership.objects.select_for_update().filter(
                program_id=membership.program_id, role=Role.COORDINATOR
            )
            if coordinators.count() <= 1:
                raise LastCoordinator
        membership.delete()
        _log_user(
            "accounts.membership.removed",
            membership.user,
            actor=actor,
            program=membership.program,
            role=membership.role,
        )
