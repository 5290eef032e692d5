"""GUIDs for REFI-QDA elements: deterministic generation and canonical form.

REFI-QDA identifies every element by a GUID. Exports derive them with ``stable_guid`` from
the platform's own identifiers (UUIDv5, name-based), so exporting the same study twice gives
the same GUIDs and a researcher can re-import an updated export over an earlier one in the
same analysis tool.
"""

from __future__ import annotations

import json
import re
import uuid

_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:acompana:refi-qda")

_GUID = re.compile(
    r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?"
)
_CANONICAL = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def stable_guid(namespace: str, *parts: str) -> str:
    """A deterministic GUID (UUIDv5, upper-case) for ``parts`` within ``namespace``.

    ``namespace`` names the kind of element (``"code"``, ``"selection"``); ``parts`` are the
    identifiers that make it unique, such as a study id and a row id. The same arguments give
    the same GUID on every run and machine, and different arguments give different GUIDs:
    the parts are encoded unambiguously, so ``("a-b", "c")`` and ``("a", "b-c")`` differ.
    """
    # JSON keeps the boundaries between parts, whatever characters the parts contain.
    name = json.dumps([namespace, *parts], ensure_ascii=False, separators=(",", ":"))
    return str(uuid.uuid5(_ROOT, name)).upper()


def normalize_guid(value: str) -> str:
    """The canonical form of a GUID: upper-case, without braces or surrounding spaces.

    Raises ``ValueError`` when ``value`` is not a GUID.
    """
    match = _GUID.fullmatch(value.strip())
    if match is None or (value.strip().startswith("{") != value.strip().endswith("}")):
        raise ValueError(f"not a GUID: {value!r}")
    return match.group(1).upper()


def is_canonical_guid(value: str) -> bool:
    """Whether ``value`` is a GUID in canonical form (upper-case, no braces)."""
    return _CANONICAL.fullmatch(value) is not None
