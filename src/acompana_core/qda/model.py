"""The REFI-QDA exchange data model, as plain frozen dataclasses.

The classes mirror the part of the REFI-QDA 1.5 project and codebook formats that the research
module uses: users (coders, by code name), a code tree, plain-text sources with coded
selections, cases with variable values, notes (memos) and sets. Every element is identified by
a GUID in canonical form (upper-case, no braces; see ``guids.normalize_guid``).

Sequences are stored as tuples so that the objects are immutable and compare by value; lists
passed by a caller are converted on construction.

Selection offsets are Unicode code points into the source text, end-exclusive:
``source.text[selection.start:selection.end]`` is the selected passage. Python ``str``
indices are code points, so accented letters and emoji (even those outside the Basic
Multilingual Plane, such as 👍🏽) count exactly as the standard counts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

VariableValueType = str | bool | int | float | Decimal | date | datetime
"""What a variable value can hold; which one must match the variable's type."""


def _tuplify(instance: object) -> None:
    """Store every list or other iterable field as a tuple (frozen dataclasses need a bypass)."""
    for item in fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, item.name)
        if isinstance(value, list | set | frozenset | Iterator):
            object.__setattr__(instance, item.name, tuple(value))


class VariableType(StrEnum):
    """The six REFI-QDA variable types (the ``typeOfVariable`` attribute)."""

    TEXT = "Text"
    BOOLEAN = "Boolean"
    INTEGER = "Integer"
    FLOAT = "Float"
    DATE = "Date"
    DATETIME = "DateTime"


@dataclass(frozen=True, slots=True)
class User:
    """Someone who worked on the project: a coder, known by code name only.

    The caller decides which name to pass; the platform passes the coder's code name, never a
    real name, so that exported projects stay pseudonymous.
    """

    guid: str
    name: str


@dataclass(frozen=True, slots=True)
class Code:
    """A code in the code tree. Categories (code folders) have ``is_codable=False``.

    ``color`` is ``#RRGGBB`` (or ``#RGB``); ``notes`` are the GUIDs of notes attached to the
    code (written as ``NoteRef``; a ``.qdc`` codebook has no notes and leaves them out).
    """

    guid: str
    name: str
    is_codable: bool = True
    color: str | None = None
    description: str | None = None
    children: tuple[Code, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuplify(self)

    def walk(self) -> Iterator[Code]:
        """This code, then its descendants, depth first in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Selection:
    """A coded passage of a text source: code points ``start`` (inclusive) to ``end`` (exclusive).

    ``codings`` are the GUIDs of the codes applied to the passage; ``coder`` is the GUID of the
    user who made the selection and its codings; ``notes`` are the GUIDs of notes (memos)
    attached to the passage.
    """

    guid: str
    start: int
    end: int
    name: str | None = None
    codings: tuple[str, ...] = ()
    coder: str | None = None
    notes: tuple[str, ...] = ()
    description: str | None = None

    def __post_init__(self) -> None:
        _tuplify(self)


@dataclass(frozen=True, slots=True)
class VariableValue:
    """The value of one variable for a case or a source.

    The Python type follows the variable's type: ``str`` (Text), ``bool`` (Boolean), ``int``
    (Integer), ``float`` or ``Decimal`` (Float), ``date`` (Date), ``datetime`` (DateTime).
    """

    variable: str
    value: VariableValueType


@dataclass(frozen=True, slots=True)
class TextSource:
    """A plain-text source (an interview transcript, a reflection) and its coded selections.

    The text is exported as ``sources/<GUID>.txt`` in UTF-8. ``notes`` are the GUIDs of notes
    attached to the whole source; ``creating_user`` is a user GUID.
    """

    guid: str
    name: str
    text: str
    selections: tuple[Selection, ...] = ()
    notes: tuple[str, ...] = ()
    creating_user: str | None = None
    description: str | None = None
    variable_values: tuple[VariableValue, ...] = ()

    def __post_init__(self) -> None:
        _tuplify(self)

    def passage(self, selection: Selection) -> str:
        """The text a selection covers."""
        return self.text[selection.start : selection.end]


@dataclass(frozen=True, slots=True)
class Variable:
    """A named attribute of cases (or sources), such as a participant's role or cohort."""

    guid: str
    name: str
    type: VariableType = VariableType.TEXT
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A case (a participant): its variable values and the sources and selections about it."""

    guid: str
    name: str | None = None
    variable_values: tuple[VariableValue, ...] = ()
    sources: tuple[str, ...] = ()
    selections: tuple[str, ...] = ()
    description: str | None = None

    def __post_init__(self) -> None:
        _tuplify(self)


@dataclass(frozen=True, slots=True)
class Note:
    """A note (an analytic memo).

    A note is *attached* to a code, source or selection when that element lists the note's GUID
    in its ``notes``, and to the project as a whole when ``Project.note_refs`` does.
    ``targets`` are elements the note is *linked* to instead (written as REFI-QDA ``Link``
    elements from the note, the way ATLAS.ti exports memo links); this is the only way the
    standard lets a note point at a case.
    """

    guid: str
    name: str
    text: str
    targets: tuple[str, ...] = ()
    creating_user: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        _tuplify(self)


@dataclass(frozen=True, slots=True)
class Set:
    """A named group of codes, sources and notes."""

    guid: str
    name: str
    description: str | None = None
    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuplify(self)


@dataclass(frozen=True, slots=True)
class Project:
    """A whole research project, exported as a ``.qdpx`` file.

    ``creating_user`` is a user GUID; ``note_refs`` are notes about the project as a whole.
    """

    name: str
    origin: str | None = None
    creation_datetime: datetime | None = None
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    sources: tuple[TextSource, ...] = ()
    cases: tuple[Case, ...] = ()
    variables: tuple[Variable, ...] = ()
    notes: tuple[Note, ...] = ()
    sets: tuple[Set, ...] = ()
    description: str | None = None
    creating_user: str | None = None
    note_refs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuplify(self)

    def all_codes(self) -> Iterator[Code]:
        """Every code of the tree, depth first in document order."""
        for code in self.codes:
            yield from code.walk()

    def codebook(self) -> Codebook:
        """The project's code tree as a stand-alone codebook (for a ``.qdc`` file)."""
        code_sets = tuple(s for s in self.sets if not s.sources and not s.notes)
        return Codebook(codes=self.codes, sets=code_sets, origin=self.origin)


@dataclass(frozen=True, slots=True)
class Codebook:
    """A code tree on its own, exported as a ``.qdc`` file. Its sets may hold codes only."""

    codes: tuple[Code, ...]
    sets: tuple[Set, ...] = ()
    origin: str | None = None

    def __post_init__(self) -> None:
        _tuplify(self)

    def all_codes(self) -> Iterator[Code]:
        """Every code of the tree, depth first in document order."""
        for code in self.codes:
            yield from code.walk()


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something the importer skipped or changed, and why (shown to the researcher).

    ``kind`` is a short stable label (``"skipped-source"``, ``"skipped-links"``, ...) for
    grouping; ``message`` is the sentence to show.
    """

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A project read from a ``.qdpx`` file, with what was skipped or changed on the way."""

    project: Project
    warnings: tuple[ImportWarning, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CodebookImportResult:
    """A codebook read from a ``.qdc`` file, with what was skipped or changed on the way."""

    codebook: Codebook
    warnings: tuple[ImportWarning, ...] = field(default=())
