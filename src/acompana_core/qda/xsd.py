"""The bundled REFI-QDA XML schemas and validation against them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Literal

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES: dict[str, Path] = {
    "project": SCHEMA_DIR / "Project-mrt2019.xsd",
    "codebook": SCHEMA_DIR / "Codebook.xsd",
}

SchemaName = Literal["project", "codebook"]

# lxml schema objects are not documented as safe to share between threads, and parsing a
# schema takes a few milliseconds, so each thread keeps its own.
_local = threading.local()


def _schema(name: SchemaName) -> Any:
    cache: dict[str, Any] = _local.__dict__.setdefault("schemas", {})
    if name not in cache:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        cache[name] = etree.XMLSchema(etree.parse(str(SCHEMA_FILES[name]), parser))
    return cache[name]


def schema_errors(document: bytes, name: SchemaName) -> list[str]:
    """The schema violations of ``document`` against the named REFI-QDA schema.

    Returns an empty list for a valid document; a document that is not well-formed gives a
    single entry describing the syntax error.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema(name)
    if schema.validate(tree):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]
