"""Shipped content in two languages: the texts Acompaña seeds, shown in the reader's language.

The starting texts a program receives (rubric criteria, the Table 2 definitions, participant
attributes, readiness items, protocol steps, instruments, frameworks) are copied into ordinary
rows, in one language, and a coordinator may edit them like anything they typed. Each app's
``defaults`` module lists the same texts in both languages as ``SHIPPED_TEXTS``: (Spanish,
English) pairs.
At display time ``in_reader_language`` looks a stored text up among those pairs: a text that
is still exactly a shipped one (in either language, however long ago it was seeded) shows in
the reader's language; a text anyone typed or edited is not among them and shows as typed.
Nothing is stored twice and no row needs migrating when a translation improves. Templates use
the ``shipped`` filter (``{% load shipped %}``). See "Shipped content in two languages" in
``docs/design.md``.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils import translation
from django.utils.module_loading import module_has_submodule

Pair = tuple[str, str]
"""(Spanish, English)."""

SPANISH, ENGLISH = 0, 1


def _key(text: str) -> str:
    return " ".join(text.split())


def app_pairs() -> list[Pair]:
    """Every installed app's ``defaults.SHIPPED_TEXTS``, in app order."""
    pairs: list[Pair] = []
    for config in apps.get_app_configs():
        if config.module is None or not module_has_submodule(config.module, "defaults"):
            continue
        module = import_module(f"{config.name}.defaults")
        pairs.extend(getattr(module, "SHIPPED_TEXTS", ()))
    return pairs


@cache
def catalog() -> dict[str, Pair]:
    """Each shipped text (either language, whitespace collapsed) → its pair."""
    index: dict[str, Pair] = {}
    for pair in app_pairs():
        for text in pair:
            index.setdefault(_key(text), pair)
    return index


def reader_index(language: str | None = None) -> int:
    language = language or translation.get_language() or "es"
    return ENGLISH if language.lower().startswith("en") else SPANISH


def in_reader_language(text: object, language: str | None = None) -> str:
    """``text`` in the reader's language if it is shipped and unedited, else as it is."""
    if not isinstance(text, str) or not text:
        return "" if text is None else str(text)
    pair = catalog().get(_key(text))
    if pair is None:
        return text
    return pair[reader_index(language)] or text
