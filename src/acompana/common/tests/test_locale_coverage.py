"""Every message the code and the templates mark for translation has its Spanish entry.

The catalog test (test_locales) checks that each entry of the catalog is translated; this one
checks that no marked message is missing from the catalog (a page would show it in English to
a Spanish reader), by extracting the messages as ``makemessages`` does (xgettext, which
compilemessages' gettext tools bring along) and comparing them with the catalog's."""

import re
import shutil
import subprocess
from pathlib import Path

from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]
FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')
CONTINUATION = re.compile(r'^"(.*)"$')


def messages(po_text: str) -> set[tuple[str, str]]:
    """(context, message) of each live entry of a .po or .pot text, the header left out."""
    found = set()
    for block in po_text.split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if match := FIELD.match(line):
                key = match.group(1)
                fields[key] = match.group(2)
            elif (match := CONTINUATION.match(line)) and key:
                fields[key] += match.group(1)
        if fields.get("msgid"):
            found.add((fields.get("msgctxt", ""), fields["msgid"]))
    return found


def marked_messages(tmp_path: Path) -> set[tuple[str, str]]:
    sources = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    for template in [*PACKAGE.rglob("templates/**/*.html"), *PACKAGE.rglob("templates/**/*.txt")]:
        copy = tmp_path / (str(template.relative_to(PACKAGE)).replace("/", "__") + ".py")
        copy.write_text(templatize(template.read_text(encoding="utf-8"), origin=str(template)))
        sources.append(copy)
    listing = tmp_path / "files"
    listing.write_text("\n".join(str(p) for p in sources))
    pot = tmp_path / "all.pot"
    subprocess.run(
        [
            shutil.which("xgettext") or "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--no-wrap",
            *(f"--keyword={k}" for k in KEYWORDS),
            "--output",
            str(pot),
            "--files-from",
            str(listing),
        ],
        check=True,
        capture_output=True,
    )
    return messages(pot.read_text(encoding="utf-8"))


def test_every_marked_message_has_its_spanish_entry(tmp_path):
    catalog = messages(CATALOG.read_text(encoding="utf-8"))

    missing = sorted(marked_messages(tmp_path) - catalog)

    assert missing == []
