"""Checks a project or codebook before it is written.

The XML schema cannot see whether a ``CodeRef`` points at a real code or whether an offset
lies inside the text, so these checks come first: every GUID is canonical and unique, every
reference resolves to an element of the project, offsets fit the text and values fit their
variable's type. Each function returns the list of problems (empty when all is well).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from acompana_core.qda.guids import is_canonical_guid
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
)

_COLOR = re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})")
# Characters XML 1.0 cannot carry at all, even escaped (controls other than tab, LF, CR;
# lone surrogates; U+FFFE and U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_problem(what: str, value: str | None) -> str | None:
    """A problem when ``value`` holds a character that XML cannot carry, else ``None``."""
    if value is None:
        return None
    found = NOT_XML.search(value)
    if found is None:
        return None
    return (
        f"{what} contains the character U+{ord(found.group()):04X} at position "
        f"{found.start()}, which XML cannot carry"
    )


def value_problem(variable_type: VariableType, value: object) -> str | None:
    """A problem when ``value`` does not fit ``variable_type``, else ``None``."""
    kind = VariableType(variable_type)
    # bool is an int and datetime is a date in Python; check them apart.
    if kind is VariableType.BOOLEAN:
        ok = isinstance(value, bool)
    elif kind is VariableType.INTEGER:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is VariableType.FLOAT:
        ok = isinstance(value, float | Decimal | int) and not isinstance(value, bool)
        if ok and not (
            value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)  # type: ignore[arg-type]
        ):
            return f"{value!r} is not a finite number"
    elif kind is VariableType.DATE:
        ok = isinstance(value, date) and not isinstance(value, datetime)
    elif kind is VariableType.DATETIME:
        ok = isinstance(value, datetime)
    else:
        ok = isinstance(value, str)
    if not ok:
        return f"{value!r} is not a {kind.value} value"
    return None


class _Element(Protocol):
    """An element with its own GUID, a name and a description (a code, a source...)."""

    @property
    def guid(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...


class _Checker:
    """Collects problems while walking a project."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: Counter[str] = Counter()

    def add(self, problem: str | None) -> None:
        if problem is not None:
            self.problems.append(problem)

    def guid(self, what: str, guid: str) -> None:
        """An element's own GUID: canonical, counted for the uniqueness check."""
        if not isinstance(guid, str) or not is_canonical_guid(guid):
            self.add(f"{what}: {guid!r} is not a GUID in canonical form (use normalize_guid)")
        self.seen[guid] += 1

    def refs(self, what: str, refs: Iterable[str], known: dict[str, str], kind: str) -> None:
        """References that must resolve to one of ``known`` (GUID -> element kind)."""
        for ref in refs:
            if ref not in known:
                self.add(f"{what} refers to {ref!r}, which is not a {kind} of the project")

    def text(self, what: str, value: str | None) -> None:
        self.add(xml_problem(what, value))

    def element(self, what: str, element: _Element, text: str | None = None) -> None:
        """An element's GUID, and the characters of its name, its ``text`` (a note's) and its
        description."""
        self.guid(what, element.guid)
        self.text(f"{what} name", element.name)
        if text is not None:
            self.text(f"{what} text", text)
        self.text(f"{what} description", element.description)

    def duplicates(self) -> None:
        for guid, count in self.seen.items():
            if count > 1:
                self.add(f"the GUID {guid} is used by {count} elements")


def _code_label(code: Code) -> str:
    return f"code {code.name!r} ({code.guid})"


def _walk(codes: Iterable[Code]) -> Iterator[Code]:
    for code in codes:
        yield from code.walk()


def _check_codes(check: _Checker, codes: Iterable[Code], notes: dict[str, str] | None) -> None:
    """Codes of the tree; ``notes`` is ``None`` where code notes are not written (``.qdc``)."""
    for code in _walk(codes):
        label = _code_label(code)
        check.element(label, code)
        if code.color is not None and _COLOR.fullmatch(code.color) is None:
            check.add(f"{label}: colour {code.color!r} is not #RRGGBB")
        if notes is not None:
            check.refs(label, code.notes, notes, "note")


def _check_values(
    check: _Checker,
    what: str,
    values: Iterable[VariableValue],
    variables: dict[str, Variable],
) -> None:
    counted = Counter(value.variable for value in values)
    for variable_guid, count in counted.items():
        if count > 1:
            check.add(f"{what} has {count} values for variable {variable_guid}")
    for value in values:
        variable = variables.get(value.variable)
        if variable is None:
            check.add(f"{what} has a value for {value.variable!r}, which is not a variable")
            continue
        problem = value_problem(variable.type, value.value)
        if problem is not None:
            check.add(f"{what}, variable {variable.name!r}: {problem}")
        elif isinstance(value.value, str):
            check.text(f"{what}, variable {variable.name!r}", value.value)


def _check_selection(
    check: _Checker,
    source: TextSource,
    selection: Selection,
    codes: dict[str, Code],
    users: dict[str, str],
    notes: dict[str, str],
) -> None:
    label = f"selection {selection.guid} of source {source.name!r}"
    check.element(label, selection)
    start, end = selection.start, selection.end
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        check.add(f"{label}: start and end must be integers, not {start!r} and {end!r}")
    elif not 0 <= start <= end <= len(source.text):
        check.add(
            f"{label}: {start}..{end} is outside the text "
            f"(0..{len(source.text)} code points, start <= end)"
        )
    for code_guid, count in Counter(selection.codings).items():
        code = codes.get(code_guid)
        if code is None:
            check.add(f"{label} is coded with {code_guid!r}, which is not a code of the project")
        elif not code.is_codable:
            check.add(f"{label} is coded with {_code_label(code)}, a category that is not codable")
        if count > 1:
            check.add(f"{label} is coded {count} times with {code_guid}")
    if selection.coder is not None:
        check.refs(f"{label} coder", [selection.coder], users, "user")
    check.refs(label, selection.notes, notes, "note")


def _check_source(
    check: _Checker,
    source: TextSource,
    codes: dict[str, Code],
    users: dict[str, str],
    notes: dict[str, str],
    variables: dict[str, Variable],
) -> None:
    label = f"source {source.name!r} ({source.guid})"
    check.element(label, source)
    try:
        source.text.encode("utf-8")
    except UnicodeEncodeError as error:
        check.add(f"{label}: the text cannot be written as UTF-8 ({error.reason})")
    if source.creating_user is not None:
        check.refs(f"{label} creating user", [source.creating_user], users, "user")
    check.refs(label, source.notes, notes, "note")
    _check_values(check, label, source.variable_values, variables)
    for selection in source.selections:
        _check_selection(check, source, selection, codes, users, notes)


def _check_case(
    check: _Checker,
    case: Case,
    variables: dict[str, Variable],
    sources: dict[str, str],
    selections: dict[str, str],
) -> None:
    label = f"case {case.name!r} ({case.guid})"
    check.element(label, case)
    _check_values(check, label, case.variable_values, variables)
    check.refs(label, case.sources, sources, "text source")
    check.refs(label, case.selections, selections, "selection")


def _check_note(check: _Checker, note: Note, users: dict[str, str], linkable: set[str]) -> None:
    label = f"note {note.name!r} ({note.guid})"
    check.element(label, note, note.text)
    if note.creating_user is not None:
        check.refs(f"{label} creating user", [note.creating_user], users, "user")
    for target in note.targets:
        if target == note.guid:
            check.add(f"{label} is linked to itself")
        elif target not in linkable:
            check.add(
                f"{label} is linked to {target!r}, which is not a code, source, selection, "
                "case or note of the project"
            )


def _check_set(
    check: _Checker,
    item: Set,
    codes: dict[str, Code],
    sources: dict[str, str],
    notes: dict[str, str],
) -> None:
    label = f"set {item.name!r} ({item.guid})"
    check.element(label, item)
    check.refs(label, item.codes, {guid: "code" for guid in codes}, "code")
    check.refs(label, item.sources, sources, "text source")
    check.refs(label, item.notes, notes, "note")


def check_project(project: Project) -> list[str]:
    """Every reason why ``project`` cannot be exported (an empty list when it can).

    Checks that GUIDs are canonical and unique; that every reference (codes in codings,
    coders, notes, sources and selections of cases, variables of values, set members, note
    links) resolves to an element of the project; that codings use codable codes; that
    selections lie inside their text; that values fit their variable's type; and that all
    text can be carried by XML.
    """
    check = _Checker()
    check.text("project name", project.name)
    check.text("project origin", project.origin)
    check.text("project description", project.description)

    users = {user.guid: "user" for user in project.users}
    codes = {code.guid: code for code in project.all_codes()}
    notes = {note.guid: "note" for note in project.notes}
    variables = {variable.guid: variable for variable in project.variables}
    sources = {source.guid: "source" for source in project.sources}
    selections = {
        selection.guid: "selection" for source in project.sources for selection in source.selections
    }

    for user in project.users:
        check.guid(f"user {user.name!r}", user.guid)
        check.text(f"user {user.guid} name", user.name)
    if project.creating_user is not None:
        check.refs("project creating user", [project.creating_user], users, "user")
    check.refs("the project", project.note_refs, notes, "note")
    _check_codes(check, project.codes, notes)
    for variable in project.variables:
        label = f"variable {variable.name!r} ({variable.guid})"
        check.element(label, variable)
        try:
            VariableType(variable.type)
        except ValueError:
            check.add(f"{label}: {variable.type!r} is not a REFI-QDA variable type")
    for case in project.cases:
        _check_case(check, case, variables, sources, selections)
    for source in project.sources:
        _check_source(check, source, codes, users, notes, variables)
    linkable = set(codes) | set(sources) | set(selections) | set(notes)
    linkable |= {case.guid for case in project.cases}
    for note in project.notes:
        _check_note(check, note, users, linkable)
    for item in project.sets:
        _check_set(check, item, codes, sources, notes)
    check.duplicates()
    return check.problems


def check_codebook(codebook: Codebook) -> list[str]:
    """Every reason why ``codebook`` cannot be exported as a ``.qdc`` file (empty when it can).

    A codebook needs at least one code; its sets may only hold codes of the codebook. Notes
    attached to codes are not part of a codebook file and are not checked.
    """
    check = _Checker()
    check.text("codebook origin", codebook.origin)
    if not codebook.codes:
        check.add("a codebook needs at least one code")
    codes = {code.guid: code for code in codebook.all_codes()}
    _check_codes(check, codebook.codes, None)
    for item in codebook.sets:
        if item.sources or item.notes:
            check.add(f"set {item.name!r} ({item.guid}): a codebook set can only hold codes")
        _check_set(check, item, codes, {}, {})
    check.duplicates()
    return check.problems
