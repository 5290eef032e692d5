from django import template

from acompana.common.shipped import in_reader_language

register = template.Library()


@register.filter
def attribute_label(name: str) -> str:
    """A participant attribute's name in the reader's language (shipped attributes are stored
    under stable English keys; attributes a researcher or an imported project named show as
    named)."""
    return in_reader_language(name)
