"""The design page (/design/): every component of the design system with sample content, for
site administrators (``is_staff``) who build or review pages. docs/design.md describes them."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from acompana.accounts.models import Role
from acompana.programs.navigation import program_menu

TOKENS = {
    "colour": [
        "--color-ink",
        "--color-muted",
        "--color-bg",
        "--color-surface",
        "--color-surface-alt",
        "--color-line",
        "--color-line-strong",
        "--color-primary",
        "--color-primary-dark",
        "--color-primary-soft",
        "--color-link",
        "--color-focus",
        "--color-danger",
        "--color-danger-soft",
        "--color-success",
        "--color-success-soft",
        "--color-warning",
        "--color-warning-soft",
        "--color-info",
        "--color-info-soft",
    ],
    "space": ["--space-1", "--space-2", "--space-3", "--space-4", "--space-5", "--space-6"],
    "text": ["--text-sm", "--text-base", "--text-lg", "--text-xl", "--text-2xl", "--text-3xl"],
}

STATES = [
    ("planned", _("Planned")),
    ("done", _("Done")),
    ("rescheduled", _("Rescheduled")),
    ("cancelled", _("Cancelled")),
    ("rejected", _("Rejected")),
    ("submitted", _("Submitted")),
]


class SampleForm(forms.Form):
    """A form with one field of each kind, shown with errors."""

    name = forms.CharField(label=_("Name"), help_text=_("As it appears on the school's records."))
    email = forms.EmailField(label=_("Email"))
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("in_person", _("In person")), ("video", _("Video call")), ("phone", _("Phone"))],
        widget=forms.RadioSelect,
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—"), ("cusco", "Cusco"), ("puno", "Puno")]
    )
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=date(2026, 3, 2)
    )
    agree = forms.BooleanField(label=_("The mentee agreed to this visit"))


@login_required
@require_safe
def design_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    form = SampleForm(data={"name": "", "email": "not an address", "region": "cusco"})
    form.is_valid()  # the sample shows the error summary and the field errors
    context = {
        "tokens": TOKENS,
        "states": STATES,
        "form": form,
        "clean_form": SampleForm(prefix="clean"),
        "page": Paginator(range(95), 20).page(2),
        "menu": program_menu(
            roles=[Role.COORDINATOR], program_slug="ejemplo", view_name="visits:detail"
        ),
        "long_url": "https://example.org/" + "una-direccion-muy-larga-" * 6,
    }
    return render(request, "hub/design.html", context)
