from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acompana.common.models import link_or_null


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # Emails are stored lower-case; people type them however they like.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField(_("email"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the language of the browser or of the site."),
    )
    email_reminders = models.BooleanField(
        _("email reminders"),
        default=True,
        help_text=_("Reminders before visits, for empty dialogues and overdue commitments."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("site administrator"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        # serves that order: the first page of a program's people walks it (no sort of all)
        indexes = [models.Index(fields=["last_name", "first_name", "email"], name="user_names")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    SPECIALIST = "specialist", _("Specialist")
    TRAINER = "trainer", _("Trainer")
    RESEARCHER = "researcher", _("Researcher")


class Membership(models.Model):
    """A person's role in one program. Roles are per program: one person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("program membership")
        verbose_name_plural = _("program memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "role"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["program", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.program}"


class CalendarFeed(models.Model):
    """A private, revocable address of a person's calendar (ICS) feed."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"


class AccessState(models.TextChoices):
    """Where a person stands with signing in."""

    NEVER_INVITED = "never_invited", _("Never invited")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")


class Invitation(models.Model):
    """A single-use link, emailed: to set a first password (an invitation) or to verify the
    email of someone who signed up themselves. Only a hash of its token is stored."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        SIGNUP = "signup", _("Email verification")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVITATION)
    # Where a verified sign-up continues (a path on this site, e.g. a call's application).
    next_path = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    program = link_or_null("programs.Program", _("program"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = link_or_null(User)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class AccessRequest(models.Model):
    """One request for an access email (password reset), kept an hour to limit how often the
    same address or the same client may ask: rows in the database, so that every app server
    counts the same."""

    key = models.CharField(max_length=64)  # sha256 of "email:..." or "ip:..."
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.key[:8]} · {self.created_at:%Y-%m-%d %H:%M}"
