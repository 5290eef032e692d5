"""``{% partnership_history program mentee %}``: the chain of a mentee's partnerships, with
links to the agreements the viewer may open (used on the mentee's page)."""

from typing import Any

from django import template

from acompana.accounts.models import Role
from acompana.accounts.permissions import roles_in
from acompana.agreements.permissions import READERS, partnership_access
from acompana.agreements.selectors import partnership_history as history_of

register = template.Library()


@register.inclusion_tag("agreements/partnership_history.html", takes_context=True)
def partnership_history(context: Any, program: Any, mentee: Any) -> dict[str, Any]:
    user = context["request"].user
    roles = roles_in(user, program)
    if not roles & READERS:
        return {"history": None}  # specialists see the mentee, not the agreements
    coordinator = Role.COORDINATOR in roles
    partnerships = history_of(mentee=mentee)
    for p in partnerships:
        p.mentee = mentee  # the same profile: no query per partnership
        access = partnership_access(user=user, partnership=p, roles=roles)
        p.agreement_visible = access.read  # type: ignore[attr-defined]
    return {
        "program": program,
        "history": {"partnerships": partnerships, "coordinator": coordinator},
    }
