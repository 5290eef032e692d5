from django import template

from acompana.research.defaults import ATTRIBUTE_LABELS

register = template.Library()


@register.filter
def attribute_label(name: str) -> str:
    """A participant attribute's name in the reader's language (shipped attributes are stored
    under stable English keys; attributes a researcher or an imported project named show as
    named)."""
    label = ATTRIBUTE_LABELS.get(name)
    return str(label) if label is not None else name
