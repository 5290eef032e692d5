"""Spanish and English are complete: every message of the catalogs is translated."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)msgstr(?:\[0\])? "(.*)"\n((?:".*"\n)*)', re.M)


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_message_is_translated(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = ENTRY.findall(text)
    assert len(entries) > 200
    untranslated = [
        first + more
        for first, more, translated, translated_more in entries
        if (first or more) and not (translated or translated_more)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in text
