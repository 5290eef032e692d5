from typing import Any

from django import template

from acompana.accounts.permissions import roles_in
from acompana.programs.navigation import Menu, menu_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def program_menu(context: Any, program: Any) -> Menu | None:
    """The program's menu for the signed-in person, with the current page marked; none for a
    person without a role in the program (a candidate, a visitor of a public call's page), whose
    links would all be refused."""
    request = context["request"]
    if not roles_in(request.user, program):
        return None
    return menu_for_request(request, program)
