"""Writing .qdpx and .qdc files: schema validity, layout, references, stability, refusals."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from acompana_core.qda import (
    CODEBOOK_NS,
    PROJECT_NS,
    Codebook,
    Note,
    Project,
    QdaExportError,
    Set,
    Variable,
    VariableType,
    VariableValue,
    codebook_xml,
    project_xml,
    write_qdc,
    write_qdpx,
)
from acompana_core.qda.writer import format_value, qdpx_bytes
from acompana_core.qda.xsd import SCHEMA_FILES
from acompana_core.tests.qda_fixtures import build_study, guid

P = f"{{{PROJECT_NS}}}"


def schema(name: str) -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILES[name])))


def archive_of(project: Project) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(qdpx_bytes(project)))


def test_the_project_document_validates_against_the_project_schema() -> None:
    document = etree.fromstring(project_xml(build_study()))
    project_schema = schema("project")
    assert project_schema.validate(document), project_schema.error_log


def test_the_codebook_document_validates_against_the_codebook_schema() -> None:
    document = etree.fromstring(codebook_xml(build_study().codebook()))
    codebook_schema = schema("codebook")
    assert codebook_schema.validate(document), codebook_schema.error_log
    assert etree.QName(document).namespace == CODEBOOK_NS


def test_the_bundled_schemas_declare_the_refi_qda_namespaces() -> None:
    for name, namespace in (("project", PROJECT_NS), ("codebook", CODEBOOK_NS)):
        root = etree.parse(str(SCHEMA_FILES[name])).getroot()
        assert root.get("targetNamespace") == namespace


def test_the_document_is_utf8_with_a_double_quoted_declaration() -> None:
    document = project_xml(build_study())
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Project ')
    assert "Reflexión 12/03".encode() not in document  # texts live in the source files
    # Non-ASCII characters are written as UTF-8, not as character references.
    assert 'name="Ñahui, acompañamiento"'.encode() in document
    assert 'name="plan de mejora 👍🏽 juntas"'.encode() in document


def test_the_archive_holds_the_project_and_one_utf8_text_file_per_source() -> None:
    study = build_study()
    with archive_of(study) as archive:
        names = archive.namelist()
        assert names == ["project.qde"] + [f"sources/{s.guid}.txt" for s in study.sources]
        for source in study.sources:
            data = archive.read(f"sources/{source.guid}.txt")
            assert not data.startswith(b"\xef\xbb\xbf")
            assert data.decode("utf-8") == source.text
        root = etree.fromstring(archive.read("project.qde"))
    paths = [e.get("plainTextPath") for e in root.iter(f"{P}TextSource")]
    assert paths == [f"internal://{s.guid}.txt" for s in study.sources]


def test_top_level_elements_come_in_the_order_the_schema_requires() -> None:
    root = etree.fromstring(project_xml(build_study()))
    order = [etree.QName(child).localname for child in root]
    assert order == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
        "Description",
        "NoteRef",
    ]


REFERENCE_ATTRIBUTES = ("targetGUID", "creatingUser", "creatingUserGUID", "originGUID")


def test_every_reference_in_the_written_project_resolves_to_an_element() -> None:
    study = build_study()
    with archive_of(study) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        entries = set(archive.namelist())
    defined: dict[str, str] = {}
    for element in root.iter():
        if element.get("guid"):
            assert element.get("guid") not in defined, "GUIDs are unique"
            defined[element.get("guid")] = etree.QName(element).localname
    expected_kind = {
        "CodeRef": {"Code"},
        "NoteRef": {"Note"},
        "SourceRef": {"TextSource"},
        "SelectionRef": {"PlainTextSelection"},
        "VariableRef": {"Variable"},
        "MemberCode": {"Code"},
        "MemberSource": {"TextSource"},
        "MemberNote": {"Note"},
    }
    checked = 0
    for element in root.iter():
        tag = etree.QName(element).localname
        for attribute in REFERENCE_ATTRIBUTES:
            target = element.get(attribute)
            if target is None:
                continue
            assert target in defined, f"{tag}@{attribute}={target} resolves"
            checked += 1
            if attribute in ("creatingUser", "creatingUserGUID"):
                assert defined[target] == "User"
            elif tag in expected_kind:
                assert defined[target] in expected_kind[tag]
        if element.get("plainTextPath"):
            assert "sources/" + element.get("plainTextPath").removeprefix("internal://") in entries
    assert checked > 40


def test_exporting_the_same_study_twice_gives_the_same_guids_and_bytes() -> None:
    first, second = qdpx_bytes(build_study()), qdpx_bytes(build_study())
    assert first == second
    guids = [
        e.get("guid") for e in etree.fromstring(project_xml(build_study())).iter() if e.get("guid")
    ]
    assert guids == [
        e.get("guid") for e in etree.fromstring(project_xml(build_study())).iter() if e.get("guid")
    ]
    assert guid("code", "escucha") in guids


def test_codings_get_guids_derived_from_their_selection_and_code() -> None:
    study = build_study()
    root = etree.fromstring(project_xml(study))
    codings = [e.get("guid") for e in root.iter(f"{P}Coding")]
    assert len(codings) == len(set(codings)) == 7
    renamed = replace(study, name="Otro nombre")
    assert [e.get("guid") for e in etree.fromstring(project_xml(renamed)).iter(f"{P}Coding")] == (
        codings
    )


def test_notes_linked_to_cases_are_written_as_links_from_the_note() -> None:
    root = etree.fromstring(project_xml(build_study()))
    links = [(e.get("originGUID"), e.get("targetGUID")) for e in root.iter(f"{P}Link")]
    memo = guid("memo", "2")
    assert links == [(memo, guid("participant", "3F")), (memo, guid("transcript", "2"))]


def test_an_empty_project_is_a_valid_document_without_empty_containers() -> None:
    root = etree.fromstring(project_xml(Project(name="Vacío")))
    assert list(root) == []
    assert schema("project").validate(root)


def test_float_values_are_written_without_an_exponent() -> None:
    assert format_value(VariableType.FLOAT, 1e-07) == "0.0000001"
    assert format_value(VariableType.FLOAT, 2.5) == "2.5"
    assert format_value(VariableType.FLOAT, Decimal("1E+3")) == "1000"
    assert format_value(VariableType.BOOLEAN, False) == "false"


def test_write_qdc_writes_to_a_path_and_to_a_file_object(tmp_path: Path) -> None:
    codebook = build_study().codebook()
    write_qdc(codebook, tmp_path / "codebook.qdc")
    buffer = io.BytesIO()
    write_qdc(codebook, buffer)
    assert (tmp_path / "codebook.qdc").read_bytes() == buffer.getvalue() == codebook_xml(codebook)


def test_write_qdpx_writes_to_a_path(tmp_path: Path) -> None:
    write_qdpx(build_study(), tmp_path / "estudio.qdpx")
    assert (tmp_path / "estudio.qdpx").read_bytes() == qdpx_bytes(build_study())


# -- refusals ---------------------------------------------------------------------------------


def with_first_selection(project: Project, **changes: Any) -> Project:
    source = project.sources[0]
    selections = (replace(source.selections[0], **changes), *source.selections[1:])
    return replace(project, sources=(replace(source, selections=selections), *project.sources[1:]))


def with_first_case_values(project: Project, *values: VariableValue) -> Project:
    case = replace(project.cases[0], variable_values=values)
    return replace(project, cases=(case, *project.cases[1:]))


STUDY = build_study()
COHORTE = guid("variable", "cohorte")
FLOAT = Variable(guid("variable", "f"), "f", VariableType.FLOAT)

BROKEN: dict[str, tuple[Project, str]] = {
    "unknown code": (
        with_first_selection(STUDY, codings=(guid("code", "nope"),)),
        "which is not a code of the project",
    ),
    "category used as a code": (
        with_first_selection(STUDY, codings=(guid("category", "emergentes"),)),
        "a category that is not codable",
    ),
    "end beyond the text": (
        with_first_selection(STUDY, start=10, end=len(STUDY.sources[0].text) + 1),
        "is outside the text",
    ),
    "start after end": (with_first_selection(STUDY, start=9, end=3), "is outside the text"),
    "negative start": (with_first_selection(STUDY, start=-1), "is outside the text"),
    "unknown coder": (with_first_selection(STUDY, coder=guid("coder", "ZZ")), "not a user"),
    "unknown note": (with_first_selection(STUDY, notes=(guid("memo", "9"),)), "not a note"),
    "lower-case GUID": (
        with_first_selection(STUDY, guid=guid("segment", "1").lower()),
        "canonical form",
    ),
    "wrong value type": (
        with_first_case_values(STUDY, VariableValue(COHORTE, True)),
        "True is not a Integer value",
    ),
    "unknown variable": (
        with_first_case_values(STUDY, VariableValue(guid("variable", "x"), "a")),
        "which is not a variable",
    ),
    "two values of one variable": (
        with_first_case_values(STUDY, VariableValue(COHORTE, 1), VariableValue(COHORTE, 2)),
        "has 2 values for variable",
    ),
    "infinite float": (
        with_first_case_values(
            replace(STUDY, variables=(*STUDY.variables, FLOAT)),
            VariableValue(FLOAT.guid, float("inf")),
        ),
        "inf is not a finite number",
    ),
    "duplicate GUID": (
        replace(STUDY, notes=(*STUDY.notes, replace(STUDY.notes[0], name="copia"))),
        "is used by 2 elements",
    ),
    "bad colour": (
        replace(STUDY, codes=(replace(STUDY.codes[0], color="red"), *STUDY.codes[1:])),
        "is not #RRGGBB",
    ),
    "control character": (
        replace(STUDY, notes=(replace(STUDY.notes[0], text="a\x00b"), *STUDY.notes[1:])),
        "U+0000",
    ),
    "note linked to nothing": (
        replace(STUDY, notes=(Note(guid("memo", "1"), "m", "t", targets=(guid("x", "1"),)),)),
        "is linked to",
    ),
    "case with an unknown source": (
        replace(STUDY, cases=(replace(STUDY.cases[0], sources=(guid("transcript", "9"),)),)),
        "not a text source",
    ),
    "set with an unknown code": (
        replace(STUDY, sets=(Set(guid("set", "2"), "s", codes=(guid("code", "nope"),)),)),
        "not a code",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_invalid_project_is_refused_with_a_message_naming_the_problem(
    case: str, tmp_path: Path
) -> None:
    project, message = BROKEN[case]
    target = tmp_path / "estudio.qdpx"
    with pytest.raises(QdaExportError, match=re.escape(message)) as error:
        write_qdpx(project, target)
    assert error.value.problems
    assert not target.exists(), "nothing is written when the project is refused"


def test_an_empty_codebook_is_refused() -> None:
    with pytest.raises(QdaExportError, match="at least one code"):
        codebook_xml(Codebook(codes=()))


def test_a_codebook_set_holding_sources_is_refused() -> None:
    study = build_study()
    with pytest.raises(QdaExportError, match="can only hold codes"):
        codebook_xml(Codebook(codes=study.codes, sets=study.sets))
