"""The people of a program and their access: roles, invitations, deactivation (coordinators)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from acompana.accounts.models import Membership, Role
from acompana.accounts.selectors import access_state, get_member, member_list, users_to_invite
from acompana.accounts.services import (
    LastCoordinator,
    invitable,
    invitation_send,
    invitation_send_many,
    member_add,
    membership_remove,
    user_deactivate,
    user_reactivate,
)
from acompana.common.pagination import CAP, CappedPaginator
from acompana.common.views import run_service
from acompana.programs.forms import InviteForm, MemberAddForm, MemberFilterForm
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50
COUNT_CAP = CAP
COORDINATOR = (Role.COORDINATOR,)


@login_required
def member_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    filters = MemberFilterForm(request.GET or None, program=program)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    people = member_list(
        program=program,
        role=chosen.get("role", ""),
        state=chosen.get("state", ""),
        cohort=chosen.get("cohort"),
        q=chosen.get("q", "").strip(),
    )
    # a national program has 110,000 people: count at most COUNT_CAP of them ("more than")
    page = CappedPaginator(people, PAGE_SIZE, cap=COUNT_CAP).get_page(request.GET.get("page"))
    for person in page:
        person.access = access_state(person, invited=person.invited)
    return render(
        request,
        "programs/members.html",
        {
            "program": program,
            "page": page,
            "filters": filters,
            "add_form": MemberAddForm(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def member_add_page(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = member_add(program=program, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(person)s is now %(role)s of the program.")
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
        return redirect("programs:members", program.slug)
    return render(request, "programs/member_add.html", {"program": program, "form": form})


@login_required
@require_POST
def membership_remove_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, program=program
    )
    try:
        membership_remove(membership=membership, actor=request.user)
    except LastCoordinator:
        messages.error(request, _("The program's last coordinator cannot be removed."))
    else:
        messages.success(
            request,
            _("%(person)s is no longer %(role)s of the program.")
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
    return redirect("programs:members", program.slug)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    person = get_member(program=program, user_id=user_id)
    if invitable(person):
        invitation_send(user=person, program=program, actor=request.user)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
    else:
        messages.error(
            request, _("%(email)s already has a password or is deactivated.") % {"email": person}
        )
    return redirect("programs:members", program.slug)


def _may_change_access(request: HttpRequest, person: Any) -> bool:
    if person.pk == request.user.pk or person.is_superuser:
        messages.error(request, _("You cannot deactivate yourself or a site administrator."))
        return False
    return True


def _access_change(
    request: HttpRequest, slug: str, user_id: int, *, change: Any, done: Any
) -> HttpResponse:
    """Deactivate or reactivate a person of the program with ``change``; ``done`` says so."""
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    person = get_member(program=program, user_id=user_id)
    if _may_change_access(request, person):
        run_service(
            request,
            partial(change, user=person, actor=request.user, program=program),
            lambda _changed: done % {"person": person},
        )
    return redirect("programs:members", program.slug)


def _access_view(change: Any, done: Any) -> Callable[..., HttpResponse]:
    return login_required(require_POST(partial(_access_change, change=change, done=done)))


# Stop a person of the program signing in (their records stay), or give them their access back.
member_deactivate = _access_view(user_deactivate, gettext_lazy("%(person)s can no longer sign in."))
member_reactivate = _access_view(user_reactivate, gettext_lazy("%(person)s can sign in again."))


@login_required
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite in bulk: the page shows who would get an email; sending needs a confirmation."""
    program = get_program_for_user(user=request.user, slug=slug, roles=COORDINATOR)
    form = InviteForm(request.POST or request.GET or None, program=program)
    chosen = form.cleaned_data if form.is_valid() else {}
    people = users_to_invite(
        program=program,
        role=chosen.get("role", ""),
        cohort=chosen.get("cohort"),
        pending=chosen.get("pending", False),
    )
    if request.method == "POST" and form.is_valid():
        sent = invitation_send_many(users=people, program=program, actor=request.user)
        messages.success(
            request,
            ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", sent) % {"n": sent},
        )
        return redirect("programs:members", program.slug)
    return render(
        request,
        "programs/invitations.html",
        {
            "program": program,
            "form": form,
            "count": people.count(),
            "sample": people[:20],
        },
    )
