from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from acompana.accounts.forms import AccessPasswordResetForm, EmailAuthenticationForm
from acompana.accounts.services import (
    InvitationInvalid,
    access_request_allowed,
    invitation_accept,
    invitation_get,
    password_reset_done,
    signup_link_get,
    signup_verify,
    user_set_language,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer for every address, known or not; at most ``ACCESS_EMAILS_PER_HOUR``
    emails an hour per address and per client (more are answered alike and not sent)."""

    template_name = "accounts/password_reset_form.html"
    form_class = AccessPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The client's address as the sign-in lockout (django-axes) sees it.
        client = get_client_ip_address(self.request) or ""
        if not access_request_allowed(email=form.cleaned_data["email"], client=client):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_reset_done(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: set a first password, then sign in. Links that cannot be used say
    why and point to the password reset to ask for a new one."""
    try:
        invitation = invitation_get(token=token)
    except InvitationInvalid as invalid:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": invalid.reason}, status=410
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationInvalid as invalid:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": invalid.reason}, status=410
            )
        messages.success(request, _("Your password is set. Sign in with your email and it."))
        return redirect("accounts:login")
    return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation})


@never_cache
@require_http_methods(["GET", "POST"])
def signup_verify_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a sign-up email. Opening it shows one button; pressing it verifies the
    email, signs in and continues (to the call's application). The button keeps link
    scanners of mail services, which open links without a person, from using it up."""
    try:
        link = signup_link_get(token=token)
        if request.method == "POST":
            link = signup_verify(token=token)
    except InvitationInvalid as invalid:
        return render(
            request, "accounts/signup_invalid.html", {"reason": invalid.reason}, status=410
        )
    if request.method == "GET":
        return render(request, "accounts/signup_verify.html", {"link": link})
    login(request, link.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your email is verified and you are signed in."))
    next_path = link.next_path
    if not url_has_allowed_host_and_scheme(next_path, {request.get_host()}, request.is_secure()):
        next_path = "/"
    return HttpResponseRedirect(next_path or "/")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch: remembered in a cookie, and on the account when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
