from django import template

from acompana.accounts.permissions import roles_in

register = template.Library()


@register.simple_tag(takes_context=True)
def program_roles(context, program):
    """The signed-in user's roles in ``program`` (to show only the links they may follow)."""
    return roles_in(context["request"].user, program)
