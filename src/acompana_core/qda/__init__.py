"""REFI-QDA exchange: projects and codebooks shared with ATLAS.ti, NVivo, MAXQDA, QualCoder.

Plain Python (lxml for the XML), no Django: the research app turns its studies into the
dataclasses of ``model`` and back.

* ``model``: ``Project``, ``User``, ``Code``, ``TextSource``, ``Selection``, ``Case``,
  ``Variable``, ``VariableValue``, ``Note``, ``Set``, ``Codebook`` and the import results;
* ``guids``: ``stable_guid`` (deterministic UUIDv5) and ``normalize_guid``;
* ``writer``: ``write_qdpx``, ``write_qdc``, ``project_xml``, ``codebook_xml``;
* ``reader``: ``read_qdpx``, ``read_qdc`` (within ``Limits`` of inflated size);
* ``validation``: ``check_project``, ``check_codebook`` (run by the writer);
* ``xsd``: the bundled schemas (``schemas/``) and ``schema_errors``.

The names below are re-exported for convenience.
"""

from acompana_core.qda.errors import QdaExportError, QdaImportError
from acompana_core.qda.guids import normalize_guid, stable_guid
from acompana_core.qda.model import (
    Case,
    Code,
    Codebook,
    CodebookImportResult,
    ImportResult,
    ImportWarning,
    Note,
    Project,
    Selection,
    Set,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
)
from acompana_core.qda.reader import DEFAULT_LIMITS, Limits, read_qdc, read_qdpx
from acompana_core.qda.validation import check_codebook, check_project
from acompana_core.qda.writer import codebook_xml, project_xml, write_qdc, write_qdpx
from acompana_core.qda.xsd import CODEBOOK_NS, PROJECT_NS, schema_errors

__all__ = [
    "CODEBOOK_NS",
    "DEFAULT_LIMITS",
    "PROJECT_NS",
    "Case",
    "Code",
    "Codebook",
    "CodebookImportResult",
    "ImportResult",
    "ImportWarning",
    "Limits",
    "Note",
    "Project",
    "QdaExportError",
    "QdaImportError",
    "Selection",
    "Set",
    "TextSource",
    "User",
    "Variable",
    "VariableType",
    "VariableValue",
    "check_codebook",
    "check_project",
    "codebook_xml",
    "normalize_guid",
    "project_xml",
    "read_qdc",
    "read_qdpx",
    "schema_errors",
    "stable_guid",
    "write_qdc",
    "write_qdpx",
]
