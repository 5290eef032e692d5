"""Writing REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``).

The project goes into ``project.qde`` (UTF-8 XML in the ``urn:QDA-XML:project:1.0``
namespace, elements in the order the schema requires) and each text source into
``sources/<GUID>.txt`` (UTF-8 without byte-order mark), referred to as
``plainTextPath="internal://<GUID>.txt"``. Notes are written inline (``PlainTextContent``).

Before anything is written the model is checked (``validation.check_project``) and the
generated XML is validated against the bundled schema, so an invalid file never leaves the
writer. Output is deterministic: the same project gives the same bytes, down to the ZIP
timestamps.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from lxml import etree

from acompana_core.qda.errors import QdaExportError
from acompana_core.qda.guids import stable_guid
from acompana_core.qda.model import (
    Case,
    Code,
    Codebook,
    Note,
    Project,
    Selection,
    Set,
    TextSource,
    Variable,
    VariableType,
    VariableValue,
    VariableValueType,
)
from acompana_core.qda.validation import check_codebook, check_project
from acompana_core.qda.xsd import CODEBOOK_NS, PROJECT_NS, SchemaName, schema_errors

PathOrFile = str | os.PathLike[str] | IO[bytes]

PROJECT_ENTRY = "project.qde"
SOURCES_FOLDER = "sources"

# A fixed timestamp makes two exports of the same project byte-identical (1980-01-01 is the
# earliest date a ZIP entry can carry).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_VALUE_ELEMENT = {
    VariableType.TEXT: "TextValue",
    VariableType.BOOLEAN: "BooleanValue",
    VariableType.INTEGER: "IntegerValue",
    VariableType.FLOAT: "FloatValue",
    VariableType.DATE: "DateValue",
    VariableType.DATETIME: "DateTimeValue",
}


def source_file_name(source: TextSource) -> str:
    """The name of a source's text file inside the ``sources`` folder: ``<GUID>.txt``."""
    return f"{source.guid}.txt"


def coding_guid(selection: Selection, code_guid: str) -> str:
    """The GUID of the coding that applies ``code_guid`` to ``selection`` (stable)."""
    return stable_guid("refi-qda:coding", selection.guid, code_guid)


def link_guid(note: Note, target: str) -> str:
    """The GUID of the link from ``note`` to ``target`` (stable)."""
    return stable_guid("refi-qda:note-link", note.guid, target)


def format_value(variable_type: VariableType, value: VariableValueType) -> str:
    """A variable value as the schema's lexical form (``true``, ``2025``, ``3.5``, ISO dates)."""
    kind = VariableType(variable_type)
    if kind is VariableType.BOOLEAN:
        return "true" if value else "false"
    if kind is VariableType.FLOAT:
        # xsd:decimal has no exponent: 1e-07 must be written 0.0000001.
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        return format(number, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class _Builder:
    """Builds elements in one namespace, skipping empty optional attributes."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def root(self, tag: str, **attributes: str | None) -> Any:
        element = etree.Element(f"{{{self.namespace}}}{tag}", nsmap={None: self.namespace})
        self._set(element, attributes)
        return element

    def sub(self, parent: Any, tag: str, text: str | None = None, **attributes: str | None) -> Any:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{tag}")
        self._set(element, attributes)
        if text is not None:
            element.text = text
        return element

    def optional(self, parent: Any, tag: str, text: str | None) -> None:
        if text is not None:
            self.sub(parent, tag, text)

    def refs(self, parent: Any, tag: str, guids: Iterable[str]) -> None:
        for guid in guids:
            self.sub(parent, tag, targetGUID=guid)

    @staticmethod
    def _set(element: Any, attributes: dict[str, str | None]) -> None:
        for name, value in attributes.items():
            if value is not None:
                element.set(name, value)


def _datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _code(b: _Builder, parent: Any, code: Code, *, notes: bool) -> None:
    """A code and its children; a codebook (``.qdc``) carries no notes (``notes=False``)."""
    element = b.sub(
        parent,
        "Code",
        guid=code.guid,
        name=code.name,
        isCodable=_bool(code.is_codable),
        color=code.color,
    )
    b.optional(element, "Description", code.description)
    if notes:
        b.refs(element, "NoteRef", code.notes)
    for child in code.children:
        _code(b, element, child, notes=notes)


def _values(
    b: _Builder, parent: Any, values: Iterable[VariableValue], variables: dict[str, Variable]
) -> None:
    for value in values:
        kind = VariableType(variables[value.variable].type)
        element = b.sub(parent, "VariableValue")
        b.sub(element, "VariableRef", targetGUID=value.variable)
        b.sub(element, _VALUE_ELEMENT[kind], format_value(kind, value.value))


def _case(b: _Builder, parent: Any, case: Case, variables: dict[str, Variable]) -> None:
    element = b.sub(parent, "Case", guid=case.guid, name=case.name)
    b.optional(element, "Description", case.description)
    _values(b, element, case.variable_values, variables)
    b.refs(element, "SourceRef", case.sources)
    b.refs(element, "SelectionRef", case.selections)


def _selection(b: _Builder, parent: Any, selection: Selection) -> None:
    element = b.sub(
        parent,
        "PlainTextSelection",
        guid=selection.guid,
        name=selection.name,
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=selection.coder,
    )
    b.optional(element, "Description", selection.description)
    for code_guid in selection.codings:
        coding = b.sub(
            element,
            "Coding",
            guid=coding_guid(selection, code_guid),
            creatingUser=selection.coder,
        )
        b.sub(coding, "CodeRef", targetGUID=code_guid)
    b.refs(element, "NoteRef", selection.notes)


def _source(b: _Builder, parent: Any, source: TextSource, variables: dict[str, Variable]) -> None:
    element = b.sub(
        parent,
        "TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=f"internal://{source_file_name(source)}",
        creatingUser=source.creating_user,
    )
    b.optional(element, "Description", source.description)
    for selection in source.selections:
        _selection(b, element, selection)
    b.refs(element, "NoteRef", source.notes)
    _values(b, element, source.variable_values, variables)


def _note(b: _Builder, parent: Any, note: Note) -> None:
    element = b.sub(parent, "Note", guid=note.guid, name=note.name, creatingUser=note.creating_user)
    b.optional(element, "Description", note.description)
    b.sub(element, "PlainTextContent", note.text)


def _set(b: _Builder, parent: Any, item: Set) -> None:
    element = b.sub(parent, "Set", guid=item.guid, name=item.name)
    b.optional(element, "Description", item.description)
    b.refs(element, "MemberCode", item.codes)
    b.refs(element, "MemberSource", item.sources)
    b.refs(element, "MemberNote", item.notes)


def _serialize(root: Any, schema: SchemaName) -> bytes:
    # The declaration is written by hand: lxml's uses single quotes, which some tools reject.
    body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    document = b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
    errors = schema_errors(document, schema)
    if errors:
        # The model checks should make this impossible; failing loudly beats a file that
        # another tool silently misreads.
        raise QdaExportError(
            [f"the generated XML does not match the REFI-QDA {schema} schema: {e}" for e in errors]
        )
    return document


def project_xml(project: Project) -> bytes:
    """The ``project.qde`` document for ``project``: UTF-8 XML, validated against the schema.

    Raises ``QdaExportError`` listing every problem when the project has dangling references,
    offsets outside a text, values of the wrong type or non-canonical GUIDs.
    """
    problems = check_project(project)
    if problems:
        raise QdaExportError(problems)
    b = _Builder(PROJECT_NS)
    root = b.root(
        "Project",
        name=project.name,
        origin=project.origin,
        creatingUserGUID=project.creating_user,
        creationDateTime=_datetime(project.creation_datetime),
    )
    # Containers must hold at least one element, so empty ones are left out.
    if project.users:
        users = b.sub(root, "Users")
        for user in project.users:
            b.sub(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = b.sub(b.sub(root, "CodeBook"), "Codes")
        for code in project.codes:
            _code(b, codes, code, notes=True)
    variables = {variable.guid: variable for variable in project.variables}
    if project.variables:
        container = b.sub(root, "Variables")
        for variable in project.variables:
            element = b.sub(
                container,
                "Variable",
                guid=variable.guid,
                name=variable.name,
                typeOfVariable=VariableType(variable.type).value,
            )
            b.optional(element, "Description", variable.description)
    if project.cases:
        cases = b.sub(root, "Cases")
        for case in project.cases:
            _case(b, cases, case, variables)
    if project.sources:
        sources = b.sub(root, "Sources")
        for source in project.sources:
            _source(b, sources, source, variables)
    if project.notes:
        notes = b.sub(root, "Notes")
        for note in project.notes:
            _note(b, notes, note)
    links = [(note, target) for note in project.notes for target in note.targets]
    if links:
        container = b.sub(root, "Links")
        for note, target in links:
            b.sub(
                container,
                "Link",
                guid=link_guid(note, target),
                direction="OneWay",
                originGUID=note.guid,
                targetGUID=target,
            )
    if project.sets:
        sets = b.sub(root, "Sets")
        for item in project.sets:
            _set(b, sets, item)
    b.optional(root, "Description", project.description)
    b.refs(root, "NoteRef", project.note_refs)
    return _serialize(root, "project")


def codebook_xml(codebook: Codebook) -> bytes:
    """The ``.qdc`` document for ``codebook``: UTF-8 XML, validated against the schema.

    Code notes are not part of the codebook format and are left out. Raises
    ``QdaExportError`` when the codebook is empty or has invalid GUIDs, colours or sets.
    """
    problems = check_codebook(codebook)
    if problems:
        raise QdaExportError(problems)
    b = _Builder(CODEBOOK_NS)
    root = b.root("CodeBook", origin=codebook.origin)
    codes = b.sub(root, "Codes")
    for code in codebook.codes:
        _code(b, codes, code, notes=False)
    if codebook.sets:
        sets = b.sub(root, "Sets")
        for item in codebook.sets:
            element = b.sub(sets, "Set", guid=item.guid, name=item.name)
            b.optional(element, "Description", item.description)
            # The codebook schema names the member's attribute "guid", not "targetGUID".
            for code_guid in item.codes:
                b.sub(element, "MemberCode", guid=code_guid)
    return _serialize(root, "codebook")


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def qdpx_bytes(project: Project) -> bytes:
    """The whole ``.qdpx`` archive for ``project``, in memory (see ``write_qdpx``)."""
    buffer = io.BytesIO()
    write_qdpx(project, buffer)
    return buffer.getvalue()


def write_qdpx(project: Project, target: PathOrFile) -> None:
    """Write ``project`` as a ``.qdpx`` archive to a path or a binary file object.

    The archive holds ``project.qde`` and ``sources/<GUID>.txt`` for every text source.
    Everything is built and validated in memory first, so on ``QdaExportError`` nothing is
    written.
    """
    document = project_xml(project)
    texts = [(source_file_name(s), s.text.encode("utf-8")) for s in project.sources]
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(_zip_entry(PROJECT_ENTRY), document)
        for name, data in texts:
            archive.writestr(_zip_entry(f"{SOURCES_FOLDER}/{name}"), data)


def write_qdc(codebook: Codebook, target: PathOrFile) -> None:
    """Write ``codebook`` as a ``.qdc`` file to a path or a binary file object.

    The document is built and validated first, so on ``QdaExportError`` nothing is written.
    """
    document = codebook_xml(codebook)
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as handle:
            handle.write(document)
    else:
        target.write(document)
