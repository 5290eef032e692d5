"""Rounds of visits, their protocols and their coverage."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, require_member
from acompana.common import charts
from acompana.common.shipped import in_reader_language
from acompana.common.views import submit_form
from acompana.programs.selectors import get_program_for_user
from acompana.visits import services
from acompana.visits.forms import (
    ProtocolForm,
    RoundForm,
)
from acompana.visits.models import (
    Protocol,
    Round,
)
from acompana.visits.selectors import (
    coverage_by_round,
)

# Who reads the coverage of rounds: the page checks it, and other pages link to it only for them.
COVERAGE_ROLES = (Role.COORDINATOR,)


@login_required
def round_coverage(request: HttpRequest, slug: str) -> HttpResponse:
    """Per round: visits planned and done, cancelled and rescheduled (with reasons)."""
    program = get_program_for_user(user=request.user, slug=slug, roles=COVERAGE_ROLES)
    rows = coverage_by_round(program=program)
    chart = (
        charts.bars(
            [(r["round"].name, r["done"]) for r in rows],
            maximum=max((r["planned"] for r in rows), default=1) or 1,
            title=_("Visits done per round"),
            label_header=_("Round"),
            value_header=_("Visits done"),
            wide=True,
        )
        if rows
        else None
    )
    return render(
        request, "visits/coverage.html", {"program": program, "rows": rows, "chart": chart}
    )


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Rounds of visits and the protocols they follow; coordinators create rounds."""
    program = get_program_for_user(user=request.user, slug=slug)
    is_coordinator = Role.COORDINATOR in require_member(request.user, program)
    protocols = Protocol.objects.filter(program=program).order_by("name")
    form = RoundForm(request.POST or None, program=program, protocols=protocols)
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        create = partial(services.round_create, program=program, actor=request.user)

        def create_round(*, cohort: int, protocol: Any, **data: Any) -> object:
            return create(
                cohort=get_object_or_404(program.cohorts, pk=cohort),
                protocol=protocols.filter(pk=protocol).first(),
                **data,
            )

        if submit_form(request, form, create_round, None):
            return redirect("visits:rounds", slug=slug)
    rounds = (
        Round.objects.filter(program=program)
        .select_related("cohort", "protocol_version__protocol")
        .order_by("-starts_on")
    )
    context = {
        "program": program,
        "rounds": rounds,
        "protocols": protocols,
        "form": form if is_coordinator else None,
        "show_coverage": has_role(request.user, program, *COVERAGE_ROLES),
    }
    return render(request, "visits/round_list.html", context)


@login_required
def protocol_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A protocol's current steps; coordinators edit them, which creates a new version."""
    program = get_program_for_user(user=request.user, slug=slug)
    is_coordinator = Role.COORDINATOR in require_member(request.user, program)
    protocol = get_object_or_404(Protocol, program=program, pk=pk)
    current = protocol.current
    steps = list(current.steps.all()) if current else []
    form = ProtocolForm(
        request.POST or None,
        initial={
            "steps": "\n".join(
                f"{in_reader_language(s.title)} | {in_reader_language(s.guidance)}" for s in steps
            )
        },
    )
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            services.protocol_revise(
                protocol=protocol, steps=form.cleaned_data["steps"], actor=request.user
            )
            messages.success(request, _("New version of the protocol saved."))
            return redirect("visits:protocol", slug=slug, pk=pk)
    context = {
        "program": program,
        "protocol": protocol,
        "current": current,
        "steps": steps,
        "versions": protocol.versions.count(),
        "form": form if is_coordinator else None,
        "show_coverage": has_role(request.user, program, *COVERAGE_ROLES),
    }
    return render(request, "visits/protocol_detail.html", context)
