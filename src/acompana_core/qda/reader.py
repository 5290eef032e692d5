"""Reading REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``) written by other tools.

Lenient with what real tools write: any single ``*.qde`` file in the archive, a ``sources`` or
``Sources`` folder (file names matched without regard to case), GUIDs in braces or lower
case, ATLAS.ti's ``Parent::Child`` code names, empty optional containers, text inline or in
a file, and sources other than plain text (skipped, with a warning naming them).

Strict with broken files: not a ZIP archive, no (or more than one) ``.qde`` file, XML that is
not well-formed, the wrong root element or namespace, a text file that is missing or not
UTF-8, selection offsets outside the text, or codings of unknown codes raise
``QdaImportError`` and nothing is returned.

Everything skipped or changed on the way is reported in the result's ``warnings``, as the
standard asks importers to do (REFI-QDA 1.5, section 7).
"""

from __future__ import annotations

import io
import math
import os
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import IO, Any

from lxml import etree

from acompana_core.qda.errors import QdaImportError
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
    VariableValueType,
)
from acompana_core.qda.validation import NOT_XML, check_project, xml_problem
from acompana_core.qda.xsd import CODEBOOK_NS, PROJECT_NS

Readable = str | os.PathLike[str] | bytes | IO[bytes]

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an import may inflate. Sizes are of the real, uncompressed bytes, counted as
    they are inflated: the sizes an archive declares are never trusted (a crafted entry may
    declare a kilobyte and inflate to gigabytes).

    * ``max_source_bytes``: one text source (a file in ``sources/`` or inline text);
    * ``max_total_bytes``: everything read from the archive together;
    * ``max_project_bytes``: the project's ``.qde`` file, or a ``.qdc`` codebook.
    """

    max_source_bytes: int = 20 * MiB
    max_total_bytes: int = 200 * MiB
    max_project_bytes: int = 50 * MiB


DEFAULT_LIMITS = Limits()
_CHUNK = 64 * 1024

_NON_TEXT_SOURCES = {
    "PictureSource": "picture",
    "PDFSource": "PDF",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_VALUE_TAGS = {
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
}
_UTF8_BOM = b"\xef\xbb\xbf"
_COLOR = re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})")


def _parser() -> Any:
    # No DTDs, entities or network: the file comes from outside.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


def _parse_xml(data: bytes, what: str) -> Any:
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise QdaImportError(f"{what} is not well-formed XML: {error}") from None


def _check_root(root: Any, namespace: str, tag: str, what: str, kind: str) -> None:
    name = etree.QName(root)
    if name.namespace != namespace or name.localname != tag:
        found = f"<{name.localname}>" + (
            f" in namespace {name.namespace!r}" if name.namespace else " without a namespace"
        )
        raise QdaImportError(
            f"{what} is not a REFI-QDA {kind}: its root element is {found}; expected "
            f'<{tag} xmlns="{namespace}">'
        )


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _decode_text(data: bytes, what: str) -> str:
    """Text file contents: UTF-8 as the standard requires; a byte-order mark is dropped."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Some Windows tools write UTF-16 with a byte-order mark; the BOM makes it unambiguous.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QdaImportError(
            f"{what} is not UTF-8 text (invalid byte at offset {error.start})"
        ) from None


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"true", "1"}:
        return True
    if value in {"false", "0"}:
        return False
    raise ValueError(f"{raw!r} is not true or false")


def _parse_float(raw: str) -> float:
    value = float(raw.strip())
    if not math.isfinite(value):
        raise ValueError(f"{raw!r} is not a finite number")
    return value


def _parse_datetime(raw: str) -> datetime:
    return datetime.fromisoformat(raw.strip())


def _parse_date(raw: str) -> date:
    value = raw.strip()
    # xsd:date may carry a time zone (2025-03-12Z, 2025-03-12+02:00); a date has no use for it.
    return date.fromisoformat(value[:10])


def _parse_value(kind: VariableType, raw: str) -> VariableValueType:
    parsers: dict[VariableType, Callable[[str], VariableValueType]] = {
        VariableType.TEXT: lambda text: text,
        VariableType.BOOLEAN: _parse_bool,
        VariableType.INTEGER: lambda text: int(text.strip()),
        VariableType.FLOAT: _parse_float,
        VariableType.DATE: _parse_date,
        VariableType.DATETIME: _parse_datetime,
    }
    return parsers[kind](raw)


@dataclass
class _Context:
    """What the readers share: warnings and the mapping of identifiers to GUIDs."""

    namespace: str
    warnings: list[ImportWarning] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def warn(self, kind: str, message: str) -> None:
        self.warnings.append(ImportWarning(kind, message))

    def count(self, kind: str) -> None:
        """Count a repetitive event, reported once at the end (``report_counts``)."""
        self.counts[kind] += 1

    def children(self, element: Any, *tags: str) -> Iterator[Any]:
        """Child elements in the document's namespace, optionally only those named ``tags``."""
        for child in element:
            name = etree.QName(child)
            if name.namespace != self.namespace:
                continue
            if not tags or name.localname in tags:
                yield child

    def child(self, element: Any, tag: str) -> Any | None:
        return next(self.children(element, tag), None)

    def child_text(self, element: Any, tag: str) -> str | None:
        found = self.child(element, tag)
        return None if found is None else _text(found)

    def description(self, element: Any) -> str | None:
        """The ``Description`` child; tools write ``<Description />`` to mean none."""
        return self.child_text(element, "Description") or None

    def guid(self, raw: str | None, what: str) -> str:
        """A GUID in canonical form. Identifiers that are not GUIDs get a stable stand-in."""
        guid = self.optional_guid(raw, what)
        if guid is None:
            raise QdaImportError(f"{what} has no GUID")
        return guid

    def optional_guid(self, raw: str | None, what: str) -> str | None:
        """Like ``guid``, but ``None`` when the attribute is missing or empty."""
        if raw is None or not raw.strip():
            return None
        try:
            return normalize_guid(raw)
        except ValueError:
            pass
        if raw not in self.renamed:
            # The same identifier always maps to the same GUID, so references still resolve.
            self.renamed[raw] = stable_guid("refi-qda:imported-id", raw)
            self.warn(
                "renamed-guid",
                f"{what}: the identifier {raw!r} is not a GUID; it was replaced by "
                f"{self.renamed[raw]}",
            )
        return self.renamed[raw]

    def ref(self, element: Any, what: str, attribute: str = "targetGUID") -> str:
        return self.guid(element.get(attribute), what)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _code_name_path(name: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in name.split("::"))
    return parts if len(parts) > 1 and all(parts) else (name,)


@dataclass
class _Node:
    code: Code
    children: list[_Node] = field(default_factory=list)

    def build(self) -> Code:
        return replace(self.code, children=tuple(child.build() for child in self.children))


def _split_atlas_names(codes: list[Code], context: _Context) -> list[Code]:
    """Turn ATLAS.ti's flat ``Parent::Child`` code names into a tree.

    Only when the file gives no hierarchy of its own. A parent that is not itself a code
    becomes a category (not codable) with a stable GUID derived from its name.
    """
    if any(code.children for code in codes):
        return codes
    paths = [_code_name_path(code.name) for code in codes]
    if all(len(path) == 1 for path in paths):
        return codes
    nodes: dict[tuple[str, ...], _Node] = {}
    own = [_Node(replace(code, name=path[-1])) for code, path in zip(codes, paths, strict=True)]
    # Parents may come after their children in the file ("Coke::diet Coke" before "Coke").
    for path, node in zip(paths, own, strict=True):
        nodes.setdefault(path, node)
    roots: list[_Node] = []
    created: list[str] = []

    def parent_of(path: tuple[str, ...]) -> _Node:
        if path not in nodes:
            category = Code(
                guid=stable_guid("refi-qda:code-group", *path),
                name=path[-1],
                is_codable=False,
            )
            nodes[path] = _Node(category)
            created.append("::".join(path))
            attach(path, nodes[path])
        return nodes[path]

    def attach(path: tuple[str, ...], node: _Node) -> None:
        if len(path) == 1:
            roots.append(node)
        else:
            parent_of(path[:-1]).children.append(node)

    for path, node in zip(paths, own, strict=True):
        attach(path, node)
    split = sum(1 for path in paths if len(path) > 1)
    context.warn(
        "code-tree",
        f"code names of the form 'Parent::Child' were turned into a code tree "
        f"({_count(split, 'code')})",
    )
    if created:
        context.warn(
            "code-tree",
            "categories created for parents that were not codes: " + ", ".join(created),
        )
    return [root.build() for root in roots]


class _ProjectReader:
    """Reads the ``Project`` element of a ``.qde`` file, with the archive for text files."""

    def __init__(self, context: _Context, files: _Archive | None) -> None:
        self.c = context
        self.files = files
        self.codes: dict[str, Code] = {}
        self.users: set[str] = set()
        self.cases: set[str] = set()
        self.variables: dict[str, Variable] = {}
        self.sources: dict[str, TextSource] = {}
        self.selections: dict[str, Selection] = {}
        self.skipped: dict[str, str] = {}
        self.notes: set[str] = set()
        self.codings_of_categories: set[str] = set()
        self.unknown_users: set[str] = set()

    # -- users, codes, variables --------------------------------------------------------

    def read_users(self, element: Any) -> list[User]:
        users = []
        for item in self.c.children(element, "User"):
            guid = self.c.guid(item.get("guid"), "a user")
            users.append(User(guid=guid, name=item.get("name") or item.get("id") or ""))
            self.users.add(guid)
        return users

    def read_code(self, element: Any, *, with_notes: bool) -> Code:
        name = element.get("name")
        guid = self.c.guid(element.get("guid"), f"code {name!r}")
        if name is None:
            raise QdaImportError(f"code {guid} has no name")
        raw_codable = element.get("isCodable")
        try:
            codable = True if raw_codable is None else _parse_bool(raw_codable)
        except ValueError:
            codable = True
            self.c.warn("changed-code", f"code {name!r}: isCodable={raw_codable!r} read as true")
        color = element.get("color")
        if color is not None:
            color = color.strip()
            if _COLOR.fullmatch(color) is None:
                self.c.warn("changed-code", f"code {name!r}: colour {color!r} was dropped")
                color = None
        notes: tuple[str, ...] = ()
        if with_notes:
            notes = tuple(
                self.c.ref(ref, f"a note reference of code {name!r}")
                for ref in self.c.children(element, "NoteRef")
            )
        return Code(
            guid=guid,
            name=name,
            is_codable=codable,
            color=color,
            description=self.c.description(element),
            children=tuple(
                self.read_code(child, with_notes=with_notes)
                for child in self.c.children(element, "Code")
            ),
            notes=notes,
        )

    def read_variables(self, element: Any) -> list[Variable]:
        variables = []
        for item in self.c.children(element, "Variable"):
            name = item.get("name") or ""
            guid = self.c.guid(item.get("guid"), f"variable {name!r}")
            raw_type = (item.get("typeOfVariable") or "").strip()
            try:
                kind = VariableType(raw_type)
            except ValueError:
                kind = VariableType.TEXT
                self.c.warn(
                    "changed-variable",
                    f"variable {name!r}: type {raw_type!r} is not a REFI-QDA type; read as Text",
                )
            variable = Variable(
                guid=guid,
                name=name,
                type=kind,
                description=self.c.description(item),
            )
            variables.append(variable)
            self.variables[guid] = variable
        return variables

    def read_values(self, element: Any, what: str) -> tuple[VariableValue, ...]:
        values: list[VariableValue] = []
        seen: set[str] = set()
        for item in self.c.children(element, "VariableValue"):
            ref = self.c.child(item, "VariableRef")
            if ref is None:
                self.c.warn("skipped-value", f"{what}: a variable value without VariableRef")
                continue
            variable = self.variables.get(self.c.ref(ref, f"{what}: a variable reference"))
            if variable is None:
                self.c.warn(
                    "skipped-value",
                    f"{what}: a value of the unknown variable {ref.get('targetGUID')!r}",
                )
                continue
            holder = next(
                (v for v in self.c.children(item) if etree.QName(v).localname in _VALUE_TAGS),
                None,
            )
            if holder is None or variable.guid in seen:
                # An empty choice means "no value"; a second value for the same variable
                # cannot be represented.
                if holder is not None:
                    self.c.warn("skipped-value", f"{what}: a second value of {variable.name!r}")
                continue
            raw = _text(holder)
            try:
                value = _parse_value(variable.type, raw)
            except ValueError:
                self.c.warn(
                    "skipped-value",
                    f"{what}: {raw!r} is not a valid {variable.type.value} value for "
                    f"{variable.name!r}",
                )
                continue
            seen.add(variable.guid)
            values.append(VariableValue(variable.guid, value))
        return tuple(values)

    # -- sources ------------------------------------------------------------------------

    def read_sources(self, element: Any) -> list[TextSource]:
        sources = []
        for item in self.c.children(element):
            tag = etree.QName(item).localname
            name = item.get("name") or ""
            if tag in _NON_TEXT_SOURCES:
                guid = self.c.guid(item.get("guid"), f"source {name!r}")
                self.skipped[guid] = name
                self.c.warn(
                    "skipped-source",
                    f"skipped the {_NON_TEXT_SOURCES[tag]} source {name!r}: only plain-text "
                    "sources are imported",
                )
            elif tag == "TextSource":
                source = self.read_text_source(item)
                if source is not None:
                    sources.append(source)
                    self.sources[source.guid] = source
        return sources

    def read_text_source(self, element: Any) -> TextSource | None:
        name = element.get("name") or ""
        guid = self.c.guid(element.get("guid"), f"source {name!r}")
        label = f"source {name!r}"
        text = self.source_text(element, label)
        if text is None:
            self.skipped[guid] = name
            return None
        if element.get("richTextPath"):
            self.c.count("rich-text")
        if self.c.child(element, "Coding") is not None:
            self.c.count("source-coding")
        selections = tuple(
            self.read_selection(item, text, label)
            for item in self.c.children(element, "PlainTextSelection")
        )
        return TextSource(
            guid=guid,
            name=name,
            text=text,
            selections=selections,
            notes=self.note_refs(element, label),
            creating_user=self.user_ref(element.get("creatingUser"), label),
            description=self.c.description(element),
            variable_values=self.read_values(element, label),
        )

    def source_text(self, element: Any, label: str) -> str | None:
        """The plain text of a source or note; ``None`` (with a warning) if it is not here."""
        path = element.get("plainTextPath")
        inline = self.c.child(element, "PlainTextContent")
        if path:
            scheme, _, rest = path.partition("://")
            if not rest:
                scheme, rest = "internal", path
            if scheme.lower() == "internal" and self.files is not None:
                return _decode_text(self.files.source(rest, label), f"the text of {label}")
            if inline is None:
                self.c.warn(
                    "skipped-source",
                    f"skipped {label}: its text is outside the archive ({path})",
                )
                return None
        if inline is not None:
            text = _text(inline)
            most = self.files.limits.max_source_bytes if self.files else None
            if most is not None and len(text) * 4 > most and len(text.encode()) > most:
                raise QdaImportError(
                    f"the text of {label} is too large to import: more than {_size(most)}"
                )
            return text
        self.c.warn("skipped-source", f"skipped {label}: it has no plain-text version")
        return None

    def read_selection(self, element: Any, text: str, source_label: str) -> Selection:
        name = element.get("name")
        guid = self.c.guid(element.get("guid"), f"a selection of {source_label}")
        label = f"selection {name!r} ({guid}) of {source_label}"
        try:
            start = int(element.get("startPosition", "").strip())
            end = int(element.get("endPosition", "").strip())
        except ValueError:
            raise QdaImportError(
                f"{label}: startPosition and endPosition must be whole numbers"
            ) from None
        if not 0 <= start <= end <= len(text):
            raise QdaImportError(
                f"{label}: positions {start}..{end} are outside the text, which has "
                f"{len(text)} characters"
            )
        codings: list[str] = []
        coders: list[str] = []
        notes = list(self.note_refs(element, label))
        notes_on_codings = False
        for coding in self.c.children(element, "Coding"):
            ref = self.c.child(coding, "CodeRef")
            if ref is None:
                raise QdaImportError(f"{label}: a coding has no CodeRef")
            code_guid = self.c.ref(ref, f"{label}: a code reference")
            code = self.codes.get(code_guid)
            if code is None:
                raise QdaImportError(
                    f"{label} is coded with {ref.get('targetGUID')!r}, which is not a code "
                    "in the codebook"
                )
            if not code.is_codable:
                self.codings_of_categories.add(code_guid)
            if code_guid not in codings:
                codings.append(code_guid)
            coder = self.user_ref(coding.get("creatingUser"), label)
            if coder is not None and coder not in coders:
                coders.append(coder)
            coding_notes = list(self.note_refs(coding, label))
            if coding_notes:
                notes_on_codings = True
                notes.extend(n for n in coding_notes if n not in notes)
        if notes_on_codings:
            self.c.count("coding-note")
        selector = self.user_ref(element.get("creatingUser"), label)
        coder = selector or (coders[0] if coders else None)
        if len({coder, *coders}) > 1:
            self.c.count("several-coders")
        selection = Selection(
            guid=guid,
            start=start,
            end=end,
            name=name,
            codings=tuple(codings),
            coder=coder,
            notes=tuple(notes),
            description=self.c.description(element),
        )
        self.selections[guid] = selection
        return selection

    def user_ref(self, raw: str | None, what: str) -> str | None:
        guid = self.c.optional_guid(raw, f"{what}: a user reference")
        if guid is not None and guid not in self.users:
            # Tools that leave out the user list refer to the same users everywhere: say it once.
            if guid not in self.unknown_users:
                self.unknown_users.add(guid)
                self.c.warn(
                    "skipped-reference",
                    f"{what}: references to the unknown user {raw!r} were dropped",
                )
            return None
        return guid

    def note_refs(self, element: Any, what: str) -> tuple[str, ...]:
        """Note references, resolved once all notes are known (see ``resolve_notes``)."""
        return tuple(
            self.c.ref(ref, f"{what}: a note reference")
            for ref in self.c.children(element, "NoteRef")
        )

    # -- notes, links, sets, cases ------------------------------------------------------

    def read_notes(self, element: Any) -> list[Note]:
        notes = []
        for item in self.c.children(element, "Note"):
            name = item.get("name") or ""
            guid = self.c.guid(item.get("guid"), f"note {name!r}")
            label = f"note {name!r}"
            text = self.source_text_of_note(item, label)
            if xml_problem(label, text) is not None:
                # Notes travel inside the XML on export, which cannot carry these characters.
                text = NOT_XML.sub("", text)
                self.c.warn("changed-note", f"{label}: control characters were removed")
            if any(True for _ in self.c.children(item, "PlainTextSelection", "Coding")):
                self.c.warn("skipped-coding", f"{label}: selections and codings inside a note")
            notes.append(
                Note(
                    guid=guid,
                    name=name,
                    text=text,
                    creating_user=self.user_ref(item.get("creatingUser"), label),
                    description=self.c.description(item),
                )
            )
            self.notes.add(guid)
        return notes

    def source_text_of_note(self, element: Any, label: str) -> str:
        # A note without text is still a note (a titled memo), unlike a source.
        if element.get("plainTextPath") or self.c.child(element, "PlainTextContent") is not None:
            text = self.source_text(element, label)
            if text is not None:
                return text
        return ""

    def read_links(self, element: Any, notes: list[Note]) -> list[Note]:
        """Links from or to a note become the note's ``targets``; other links are skipped."""
        by_guid = {note.guid: note for note in notes}
        targets: dict[str, list[str]] = {note.guid: list(note.targets) for note in notes}
        linkable = set(self.codes) | set(self.sources) | set(self.selections) | set(by_guid)
        linkable |= self.cases
        skipped = 0
        for link in self.c.children(element, "Link"):
            origin = self.c.optional_guid(link.get("originGUID"), "a link")
            target = self.c.optional_guid(link.get("targetGUID"), "a link")
            if origin in by_guid and target in linkable and target != origin:
                note_guid, other = origin, target
            elif target in by_guid and origin in linkable and origin != target:
                note_guid, other = target, origin
            else:
                skipped += 1
                continue
            if other not in targets[note_guid]:
                targets[note_guid].append(other)
        if skipped:
            self.c.warn(
                "skipped-links",
                f"skipped {_count(skipped, 'link')}: only links between a note and an imported "
                "element are kept",
            )
        return [replace(note, targets=tuple(targets[note.guid])) for note in notes]

    def read_sets(self, element: Any) -> list[Set]:
        sets = []
        for item in self.c.children(element, "Set"):
            name = item.get("name") or ""
            guid = self.c.guid(item.get("guid"), f"set {name!r}")
            label = f"set {name!r}"
            sets.append(
                Set(
                    guid=guid,
                    name=name,
                    description=self.c.description(item),
                    codes=self.members(item, "MemberCode", set(self.codes), label),
                    sources=self.members(item, "MemberSource", set(self.sources), label),
                    notes=self.members(item, "MemberNote", self.notes, label),
                )
            )
        return sets

    def members(self, element: Any, tag: str, known: set[str], what: str) -> tuple[str, ...]:
        found: list[str] = []
        for ref in self.c.children(element, tag):
            # Codebook files name the attribute "guid"; project files "targetGUID".
            raw = ref.get("targetGUID") or ref.get("guid")
            guid = self.c.guid(raw, f"{what}: a member")
            if guid in known:
                if guid not in found:
                    found.append(guid)
            else:
                self.dropped_reference(what, raw, guid)
        return tuple(found)

    def dropped_reference(self, what: str, raw: str | None, guid: str) -> None:
        if guid in self.skipped:
            reason = f"the skipped source {self.skipped[guid]!r}"
        else:
            reason = f"{raw!r}, which is not in the project"
        self.c.warn("skipped-reference", f"{what}: dropped a reference to {reason}")

    def read_cases(self, element: Any) -> list[_CaseRow]:
        cases = []
        for item in self.c.children(element, "Case"):
            name = item.get("name")
            guid = self.c.guid(item.get("guid"), f"case {name!r}")
            label = f"case {name!r}"
            self.cases.add(guid)
            if any(True for _ in self.c.children(item, "CodeRef")):
                self.c.count("case-code")
            cases.append(
                _CaseRow(
                    case=Case(
                        guid=guid,
                        name=name,
                        variable_values=self.read_values(item, label),
                        description=self.c.description(item),
                    ),
                    sources=[self.c.ref(r, label) for r in self.c.children(item, "SourceRef")],
                    selections=[
                        self.c.ref(r, label) for r in self.c.children(item, "SelectionRef")
                    ],
                    label=label,
                )
            )
        return cases

    def finish_case(self, row: _CaseRow) -> Case:
        sources = self.keep(row.sources, set(self.sources), row.label)
        selections = self.keep(row.selections, set(self.selections), row.label)
        return replace(row.case, sources=sources, selections=selections)

    def keep(self, guids: Iterable[str], known: set[str], what: str) -> tuple[str, ...]:
        kept: list[str] = []
        for guid in guids:
            if guid in known:
                if guid not in kept:
                    kept.append(guid)
            else:
                self.dropped_reference(what, guid, guid)
        return tuple(kept)

    # -- putting it together ------------------------------------------------------------

    def read(self, root: Any) -> Project:
        c = self.c
        users = self.optional(root, "Users", self.read_users)
        codes: list[Code] = []
        codebook = c.child(root, "CodeBook")
        codes_element = None if codebook is None else c.child(codebook, "Codes")
        if codes_element is not None:
            codes = [
                self.read_code(item, with_notes=True) for item in c.children(codes_element, "Code")
            ]
        codes = _split_atlas_names(codes, c)
        self.codes = {code.guid: code for top in codes for code in top.walk()}
        variables = self.optional(root, "Variables", self.read_variables)
        case_rows = self.optional(root, "Cases", self.read_cases)
        sources = self.optional(root, "Sources", self.read_sources)
        notes = self.optional(root, "Notes", self.read_notes)
        links = c.child(root, "Links")
        if links is not None:
            notes = self.read_links(links, notes)
        sets = self.optional(root, "Sets", self.read_sets)
        if c.child(root, "Graphs") is not None:
            graphs = sum(1 for _ in c.children(c.child(root, "Graphs"), "Graph"))
            if graphs:
                c.warn("skipped-graphs", f"skipped {_count(graphs, 'graph')} (network views)")
        codes = self.codable_where_coded(codes)
        project_label = "the project"
        project = Project(
            name=root.get("name") or "",
            origin=root.get("origin"),
            creation_datetime=self.project_datetime(root.get("creationDateTime")),
            users=tuple(users),
            codes=tuple(codes),
            sources=tuple(self.resolve_notes_of_source(s) for s in sources),
            cases=tuple(self.finish_case(row) for row in case_rows),
            variables=tuple(variables),
            notes=tuple(notes),
            sets=tuple(sets),
            description=c.description(root),
            creating_user=self.user_ref(root.get("creatingUserGUID"), project_label),
            note_refs=self.keep(self.note_refs(root, project_label), self.notes, project_label),
        )
        project = replace(
            project, codes=tuple(self.resolve_notes_of_code(code) for code in project.codes)
        )
        self.report_counts()
        return project

    def optional(self, root: Any, tag: str, read: Callable[[Any], list[Any]]) -> list[Any]:
        element = self.c.child(root, tag)
        return [] if element is None else read(element)

    def project_datetime(self, raw: str | None) -> datetime | None:
        if raw is None:
            return None
        try:
            return _parse_datetime(raw)
        except ValueError:
            self.c.warn("skipped-value", f"the project's creation date {raw!r} was not read")
            return None

    def resolve_notes_of_source(self, source: TextSource) -> TextSource:
        label = f"source {source.name!r}"
        return replace(
            source,
            notes=self.keep(source.notes, self.notes, label),
            selections=tuple(
                replace(
                    s,
                    notes=self.keep(s.notes, self.notes, f"selection {s.name!r} of {label}"),
                )
                for s in source.selections
            ),
        )

    def resolve_notes_of_code(self, code: Code) -> Code:
        return replace(
            code,
            notes=self.keep(code.notes, self.notes, f"code {code.name!r}"),
            children=tuple(self.resolve_notes_of_code(child) for child in code.children),
        )

    def codable_where_coded(self, codes: list[Code]) -> list[Code]:
        """Categories that the file uses in codings become codable, so no coding is lost."""
        if not self.codings_of_categories:
            return codes

        def fix(code: Code) -> Code:
            codable = code.is_codable or code.guid in self.codings_of_categories
            return replace(code, is_codable=codable, children=tuple(map(fix, code.children)))

        names = [self.codes[g].name for g in sorted(self.codings_of_categories)]
        self.c.warn(
            "changed-code",
            "codes marked as not codable but used in codings were made codable: "
            + ", ".join(repr(n) for n in names),
        )
        return [fix(code) for code in codes]

    def report_counts(self) -> None:
        messages = {
            "rich-text": "sources with a formatted (DOCX) version: {n}; only the plain text was "
            "imported",
            "source-coding": "sources with codings of the whole source: {n}; those codings were "
            "skipped (only codings of selections are imported)",
            "coding-note": "selections with notes on their codings: {n}; the notes were attached "
            "to the selections",
            "several-coders": "selections coded by several users: {n}; each keeps one coder (the "
            "selection's creator, or else its first coding's)",
            "case-code": "cases with code references: {n}; those references were skipped",
        }
        for kind, template in messages.items():
            if self.c.counts[kind]:
                self.c.warn(kind, template.format(n=self.c.counts[kind]))


@dataclass
class _CaseRow:
    case: Case
    sources: list[str]
    selections: list[str]
    label: str


class _Archive:
    """The entries of a ``.qdpx`` archive, found without regard to the case of names, read
    within the ``limits`` (the bytes are counted as they are inflated)."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.read_total = 0
        self.entries = {
            info.filename: info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not posixpath.basename(info.filename).startswith("._")
        }
        self.by_lower = {name.lower(): name for name in self.entries}
        self.base = ""

    def project_entry(self) -> str:
        found = sorted(name for name in self.entries if name.lower().endswith(".qde"))
        if not found:
            raise QdaImportError("the archive holds no project file (.qde): it is not a .qdpx")
        if len(found) > 1:
            raise QdaImportError(
                f"the archive holds {len(found)} project files ({', '.join(found)}); a .qdpx "
                "file holds exactly one"
            )
        # Sources sit next to the project file, even when an archiving tool added a folder.
        self.base = posixpath.dirname(found[0])
        return found[0]

    def read(self, name: str, *, limit: int) -> bytes:
        """The inflated bytes of ``name``, refused as soon as they pass ``limit`` or the whole
        import passes the total limit: at most one chunk more than the limit is in memory."""
        info = self.entries[name]
        total_left = self.limits.max_total_bytes - self.read_total
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise QdaImportError(
                            f"{name} is too large to import: more than {_size(limit)} uncompressed"
                        )
                    if size > total_left:
                        raise QdaImportError(
                            f"the project is too large to import: its files hold more than "
                            f"{_size(self.limits.max_total_bytes)} uncompressed"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise QdaImportError(f"{name} cannot be read from the archive: {error}") from None
        self.read_total += size
        return b"".join(chunks)

    def source(self, path: str, what: str) -> bytes:
        """The bytes of ``internal://path``: ``sources/`` or ``Sources/``, any case."""
        relative = path.lstrip("/")
        candidates = [posixpath.join(self.base, folder, relative) for folder in ("sources", "")]
        for candidate in candidates:
            name = self.by_lower.get(candidate.lower())
            if name is not None:
                return self.read(name, limit=self.limits.max_source_bytes)
        # A flat archive with a differently named folder: match the file name alone.
        wanted = posixpath.basename(relative).lower()
        matches = [n for n in self.entries if posixpath.basename(n).lower() == wanted]
        if len(matches) == 1:
            return self.read(matches[0], limit=self.limits.max_source_bytes)
        raise QdaImportError(f"{what} refers to internal://{relative}, which is not in the archive")


def _size(n: int) -> str:
    return f"{n / MiB:g} MiB" if n >= MiB else f"{n} bytes"


def read_qdpx(source: Readable, *, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a ``.qdpx`` project from a path, its bytes or a binary file object.

    Returns the project and the warnings about what was skipped or changed. Raises
    ``QdaImportError`` (and returns nothing) when the file is broken: not a ZIP archive, no
    or several ``.qde`` files, XML that is not well-formed, a root other than
    ``<Project xmlns="urn:QDA-XML:project:1.0">``, a missing or non-UTF-8 text file,
    selection offsets outside the text, codings of unknown codes or duplicate GUIDs, or files
    that inflate past ``limits``.
    """
    try:
        opened = io.BytesIO(source) if isinstance(source, bytes) else source
        archive = zipfile.ZipFile(opened)
    except zipfile.BadZipFile:
        raise QdaImportError(
            "the file is not a REFI-QDA project: it is not a ZIP archive (.qdpx)"
        ) from None
    with archive:
        files = _Archive(archive, limits)
        name = files.project_entry()
        root = _parse_xml(files.read(name, limit=limits.max_project_bytes), name)
        _check_root(root, PROJECT_NS, "Project", name, "project")
        context = _Context(PROJECT_NS)
        project = _ProjectReader(context, files).read(root)
    problems = check_project(project)
    if problems:
        raise QdaImportError(f"{name} is inconsistent: " + "; ".join(problems[:10]))
    return ImportResult(project=project, warnings=tuple(context.warnings))


def read_qdc(source: Readable, *, limits: Limits = DEFAULT_LIMITS) -> CodebookImportResult:
    """Read a ``.qdc`` codebook from a path, its bytes or a binary file object.

    Raises ``QdaImportError`` when the XML is not well-formed, its root is not
    ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0">``, it holds no codes or it is larger than
    ``limits.max_project_bytes``.
    """
    most = limits.max_project_bytes
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            data = handle.read(most + 1)
    else:
        data = source.read(most + 1)
    if len(data) > most:
        raise QdaImportError(f"the codebook is too large to import: more than {_size(most)}")
    root = _parse_xml(data, "the codebook")
    _check_root(root, CODEBOOK_NS, "CodeBook", "the codebook", "codebook")
    context = _Context(CODEBOOK_NS)
    reader = _ProjectReader(context, None)
    codes_element = context.child(root, "Codes")
    codes = (
        []
        if codes_element is None
        else [
            reader.read_code(item, with_notes=False)
            for item in context.children(codes_element, "Code")
        ]
    )
    codes = _split_atlas_names(codes, context)
    if not codes:
        raise QdaImportError("the codebook holds no codes")
    reader.codes = {code.guid: code for top in codes for code in top.walk()}
    sets_element = context.child(root, "Sets")
    sets = [] if sets_element is None else reader.read_sets(sets_element)
    codebook = Codebook(codes=tuple(codes), sets=tuple(sets), origin=root.get("origin"))
    seen = Counter(code.guid for code in codebook.all_codes())
    duplicated = sorted(guid for guid, count in seen.items() if count > 1)
    if duplicated:
        raise QdaImportError(f"the codebook uses these GUIDs for several codes: {duplicated}")
    return CodebookImportResult(codebook=codebook, warnings=tuple(context.warnings))
