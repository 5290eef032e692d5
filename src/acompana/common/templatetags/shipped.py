from django import template

from acompana.common.shipped import in_reader_language

register = template.Library()


@register.filter
def shipped(text: object) -> str:
    """A shipped, unedited text in the reader's language; anything typed shows as typed."""
    return in_reader_language(text)
