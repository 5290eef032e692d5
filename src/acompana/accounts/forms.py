from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from acompana.accounts.lockout import normalize_email
from acompana.accounts.models import User
from acompana.accounts.selectors import invited_subquery


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # The same spelling for authentication and for the lockout count.
        return normalize_email(self.cleaned_data["username"]) or ""


class AccessPasswordResetForm(PasswordResetForm):
    """Django's reset form, for the people who may set a password: active, and with a password
    already or invited once. Each email goes out in the recipient's language."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = User.objects.filter(email__iexact=email.strip(), is_active=True).annotate(
            invited=invited_subquery()
        )
        for user in users:
            if user.has_usable_password() or user.invited:
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
