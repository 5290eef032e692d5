from django import template

from acompana.training.models import discipline_label

register = template.Library()


@register.filter(name="discipline")
def discipline(value: str) -> str:
    """``{{ assignment.discipline|discipline }}``: the translated name of a discipline code."""
    return discipline_label(value or "")
