from typing import Any

from django import template

from acompana.programs.navigation import Menu, menu_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def program_menu(context: Any, program: Any) -> Menu:
    """The program's menu for the signed-in person, with the current page marked."""
    return menu_for_request(context["request"], program)
