"""Reading .qdpx and .qdc files from other tools: samples, tool quirks, broken files."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from acompana_core.qda import (
    Code,
    ImportResult,
    Project,
    QdaImportError,
    VariableType,
    project_xml,
    read_qdc,
    read_qdpx,
)
from acompana_core.qda.writer import qdpx_bytes
from acompana_core.tests.qda_fixtures import FIXTURES, folder_entries, zip_entries, zip_folder

SHARED = Path("/work/shared/refi-qda")
MINIMAL = FIXTURES / "minimal-example"
MINIMAL_TEXT = "sources/B46B4FEE-B3E0-5DDE-81EC-176856C3AFE4.txt"
ESCUCHA = "D054E780-EDB2-5475-A986-CD49294191C8"
MEMO = "D2B05611-E762-5BF5-9360-6B3325716191"


def read_folder(name: str) -> ImportResult:
    return read_qdpx(zip_folder(FIXTURES / name))


def code_named(project: Project, name: str) -> Code:
    return next(code for code in project.all_codes() if code.name == name)


def tree(codes: tuple[Code, ...]) -> list[object]:
    return [(c.name, c.is_codable, tree(c.children)) if c.children else c.name for c in codes]


def passages(project: Project) -> list[str]:
    return [s.passage(sel) for s in project.sources for sel in s.selections]


def warnings_of(result: ImportResult, kind: str) -> list[str]:
    return [w.message for w in result.warnings if w.kind == kind]


# -- the reference samples ----------------------------------------------------------------------


def check_minimal_example(result: ImportResult) -> None:
    project = result.project
    assert result.warnings == ()
    assert project.name == "Mentoring reflections (example)"
    assert tree(project.codes) == [
        ("A priori: funciones del mentor", False, ["Escucha activa", "Consejo"]),
        ("Emergentes", False, ["Tensión de rol"]),
    ]
    (source,) = project.sources
    (selection,) = source.selections
    assert (selection.start, selection.end) == (80, 120)
    assert source.passage(selection) == "mi rol fue más de escucha que de consejo"
    assert selection.codings == (ESCUCHA,)
    assert selection.notes == (MEMO,)
    assert [u.name for u in project.users] == ["4D"]
    assert selection.coder == project.users[0].guid
    (case,) = project.cases
    values = {v.variable: v.value for v in case.variable_values}
    by_name = {v.name: v.guid for v in project.variables}
    assert values == {by_name["Rol"]: "mentor", by_name["Cohorte"]: 2025}
    assert case.sources == (source.guid,)
    assert project.notes[0].text.startswith("Posible tensión entre escuchar y aconsejar")
    assert project.creation_datetime == datetime(2025, 3, 12, 10, 0, tzinfo=UTC)


def test_the_minimal_example_archive_is_read_without_warnings() -> None:
    check_minimal_example(read_qdpx(MINIMAL / "example.qdpx"))


def test_the_minimal_example_reads_the_same_from_a_path_bytes_or_a_file_object() -> None:
    data = (MINIMAL / "example.qdpx").read_bytes()
    from_path = read_qdpx(MINIMAL / "example.qdpx")
    assert read_qdpx(data) == from_path
    assert read_qdpx(io.BytesIO(data)) == from_path
    assert read_qdpx(str(MINIMAL / "example.qdpx")) == from_path


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference folder is not present")
def test_the_shared_minimal_example_reads_like_its_fixture_copy() -> None:
    shared = read_qdpx(SHARED / "minimal-example" / "example.qdpx")
    check_minimal_example(shared)
    assert shared == read_qdpx(MINIMAL / "example.qdpx")


def test_the_minimal_example_codebook_is_read() -> None:
    result = read_qdc(MINIMAL / "codebook.qdc")
    assert result.warnings == ()
    assert result.codebook.origin == "example-mentoring-platform 0.1"
    assert result.codebook.codes == read_qdpx(MINIMAL / "example.qdpx").project.codes


def check_hand_authored(result: ImportResult) -> None:
    project = result.project
    assert tree(project.codes) == [
        ("Topics", False, [("Health", True, ["Diet"]), "Wellbeing"]),
    ]
    (source,) = project.sources
    assert source.name == "Interview 1.txt"
    assert passages(project) == ["Diet and health", "health are clo"]
    (case,) = project.cases
    assert case.description == "A pseudonymised interview participant."
    assert [v.value for v in case.variable_values] == [34, True]
    assert case.selections == ("50000000-0000-0000-0000-000000000001",)
    (note,) = project.notes
    # The Link from the memo to the first selection makes the selection a target of the note.
    assert note.targets == ("50000000-0000-0000-0000-000000000001",)
    assert project.note_refs == (note.guid,)
    assert project.sets[0].codes == ("20000000-0000-0000-0000-000000000003",)
    skipped = warnings_of(result, "skipped-source")
    assert skipped == [
        "skipped the picture source 'photo.jpg': only plain-text sources are imported",
        "skipped the PDF source 'doc.pdf': only plain-text sources are imported",
        "skipped the audio source 'interview.m4a': only plain-text sources are imported",
        "skipped the video source 'clip.mp4': only plain-text sources are imported",
    ]
    assert warnings_of(result, "skipped-graphs") == ["skipped 1 graph (network views)"]
    assert warnings_of(result, "case-code") == [
        "cases with code references: 1; those references were skipped"
    ]


def test_a_project_using_every_element_is_read_with_warnings_for_what_is_skipped() -> None:
    result = read_folder("ornio-hand-authored")
    check_hand_authored(result)
    # What was imported can be exported again as a valid project.
    project_xml(result.project)


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference folder is not present")
def test_the_shared_hand_authored_sample_reads_like_its_fixture_copy() -> None:
    shared = read_qdpx(zip_folder(SHARED / "samples" / "ornio-hand-authored"))
    check_hand_authored(shared)
    assert shared == read_folder("ornio-hand-authored")


def test_the_specification_codebook_example_is_read_with_normalized_guids() -> None:
    result = read_qdc(FIXTURES / "spec-example" / "codebook.qdc")
    codes = result.codebook.codes
    assert [c.name for c in codes] == [
        "Topics",
        "Economy",
        "Health care",
        "Values",
        "Conservatives",
        "Liberals",
    ]
    assert codes[0].guid == "5215CC69-B628-4E02-AFB9-9BEEAEE55808"
    assert codes[3].guid == "9FA9BCB7-5B59-47A9-8C3E-F65CFFDC7520"
    assert [c.is_codable for c in codes] == [False, True, True, False, True, True]
    assert codes[1].color == "#ffff00"
    assert codes[1].description == "Anything about jobs or taxes or business"
    assert result.warnings == ()


# -- ATLAS.ti -----------------------------------------------------------------------------------


def test_atlas_parent_child_code_names_become_a_code_tree() -> None:
    result = read_folder("atlas-ti")
    assert tree(result.project.codes) == [
        ("Acompañamiento", True, ["escucha", "orientación"]),
        ("Emociones", False, ["confianza"]),
        "observación de clases",
    ]
    # "Acompañamiento" was a code of its own and keeps its GUID, colour and description.
    parent = result.project.codes[0]
    assert parent.guid == "2BDB7323-F7B9-4C65-A66C-02D264D67C93"
    assert parent.description == "Cómo la mentora acompaña a la directora"
    assert warnings_of(result, "code-tree") == [
        "code names of the form 'Parent::Child' were turned into a code tree (3 codes)",
        "categories created for parents that were not codes: Emociones",
    ]


def test_atlas_parents_created_for_the_tree_get_the_same_guid_on_every_import() -> None:
    first = read_folder("atlas-ti").project.codes[1]
    assert first == read_folder("atlas-ti").project.codes[1]
    assert first.guid != "F308BCBF-6274-470B-9EFA-AB4484481DDE"


def test_atlas_guids_in_braces_and_lower_case_are_normalized() -> None:
    project = read_folder("atlas-ti").project
    escucha = code_named(project, "escucha")
    assert escucha.guid == "6428E0D8-362E-46F6-8651-ECD25F4F6789"
    assert project.sources[0].selections[0].codings == (escucha.guid,)
    assert project.sources[1].guid == "98E8BF1E-8222-4FAB-8274-8C407A69627F"
    assert project.users[1].guid == "09B66C19-16F8-4879-B8B1-B0AB2F086D4E"
    assert project.sources[0].selections[0].coder == project.users[1].guid


def test_atlas_custom_qde_name_and_sources_folder_with_upper_case_names_are_found() -> None:
    names = zipfile.ZipFile(io.BytesIO(zip_folder(FIXTURES / "atlas-ti"))).namelist()
    assert "Acompanamiento directivo.qde" in names
    assert any(name.startswith("Sources/") and name.endswith(".TXT") for name in names)
    project = read_folder("atlas-ti").project
    assert passages(project) == [
        "la mentora sólo escuchaba",
        "me ayudó a ordenar el plan de mejora",
        "Me sentí acompañada 👍🏽",
        "con más confianza",
        "propuso observar clases juntas",
    ]
    assert project.sources[0].selections[0].description == "¿escucha como andamiaje?"


def test_atlas_sources_that_are_not_plain_text_are_skipped_with_warnings_naming_them() -> None:
    result = read_folder("atlas-ti")
    assert [s.name for s in result.project.sources] == [
        "Entrevista 7K.docx",
        "Notas de campo 3F.txt",
    ]
    assert warnings_of(result, "skipped-source") == [
        "skipped the picture source 'Pizarra de la reunión.jpg': only plain-text sources are "
        "imported",
        "skipped the PDF source 'Plan de mejora 2025.pdf': only plain-text sources are imported",
        "skipped the video source 'Visita 2.mp4': only plain-text sources are imported",
    ]
    assert warnings_of(result, "skipped-reference") == [
        "set 'Visita 2': dropped a reference to the skipped source 'Plan de mejora 2025.pdf'"
    ]
    assert result.project.sets[0].sources == tuple(s.guid for s in result.project.sources)
    assert warnings_of(result, "rich-text") == [
        "sources with a formatted (DOCX) version: 1; only the plain text was imported"
    ]
    assert warnings_of(result, "source-coding") == [
        "sources with codings of the whole source: 1; those codings were skipped (only codings "
        "of selections are imported)"
    ]
    assert warnings_of(result, "skipped-graphs") == ["skipped 1 graph (network views)"]


def test_atlas_memo_linked_to_a_quotation_becomes_a_note_target() -> None:
    result = read_folder("atlas-ti")
    (note,) = result.project.notes
    assert note.name == "Memo: la escucha como andamiaje"
    assert note.targets == (result.project.sources[0].selections[0].guid,)
    assert warnings_of(result, "skipped-links") == [
        "skipped 1 link: only links between a note and an imported element are kept"
    ]


def test_an_imported_atlas_project_exports_again_as_a_valid_project() -> None:
    project = read_folder("atlas-ti").project
    again = read_qdpx(qdpx_bytes(project))
    assert again.warnings == ()
    assert again.project == project


# -- NVivo --------------------------------------------------------------------------------------


def test_nvivo_text_with_a_byte_order_mark_and_crlf_keeps_its_offsets() -> None:
    result = read_folder("nvivo")
    (source,) = result.project.sources
    assert source.text.startswith("Entrevista \u2013 Mentora 3F\r\n")
    assert passages(result.project) == [
        "planificamos juntas",
        "la reflexión semanal nos ordena. 👍🏽",
        "siento tensión entre aconsejar y dejar decidir",
    ]
    assert result.warnings == ()


def test_nvivo_case_values_of_all_six_variable_types_are_read() -> None:
    project = read_folder("nvivo").project
    types = {v.guid: v.type for v in project.variables}
    values = {types[v.variable]: v.value for v in project.cases[0].variable_values}
    assert values == {
        VariableType.TEXT: "mentora",
        VariableType.INTEGER: 12,
        VariableType.FLOAT: 0.5,
        VariableType.DATE: date(2023, 3, 1),
        VariableType.BOOLEAN: True,
        VariableType.DATETIME: datetime(2025, 5, 6, 14, 30, tzinfo=UTC),
    }


def test_nvivo_memo_text_in_a_file_and_coder_given_on_codings_are_read() -> None:
    project = read_folder("nvivo").project
    (note,) = project.notes
    assert note.text == (
        "Memo de la entrevista:\r\nla planificación conjunta aparece antes que la tensión.\r\n"
    )
    assert project.sources[0].notes == (note.guid,)
    (coder,) = project.users
    assert {s.coder for s in project.sources[0].selections} == {coder.guid}
    # Empty <Description /> elements mean "no description".
    assert project.cases[0].description is None
    assert project.codes[0].description is None


# -- QualCoder ----------------------------------------------------------------------------------


def test_qualcoder_empty_containers_and_inline_text_are_accepted() -> None:
    result = read_folder("qualcoder")
    project = result.project
    assert result.warnings == ()
    assert project.sets == ()
    assert [s.name for s in project.sources] == ["reflexion_4D.txt", "diario_4D"]
    assert (
        project.sources[1].text == "Diario: hoy la directora pidió 👍🏽 más tiempo para observar."
    )
    assert project.description == "Reflexiones de mentoras, ronda 2"


def test_qualcoder_accented_and_emoji_text_keeps_its_selections() -> None:
    project = read_folder("qualcoder").project
    assert passages(project) == [
        "Ñahui",
        "la mentora 👍🏽 escuchó primero",
        "dio un consejo concreto",
        "tensión de rol 😅 al decidir",
        "más tiempo para observar",
    ]
    selections = project.sources[0].selections
    assert [(s.start, s.end) for s in selections[:2]] == [(0, 5), (23, 52)]


def test_qualcoder_categories_coders_notes_and_values_are_read() -> None:
    project = read_folder("qualcoder").project
    assert tree(project.codes) == [
        ("Acompañamiento", False, ["escucha activa", "consejo"]),
        ("Emergentes", False, ["tensión de rol"]),
    ]
    coders = {u.guid: u.name for u in project.users}
    assert [coders[s.coder] for s in project.sources[0].selections if s.coder] == [
        "R1",
        "R1",
        "default",
        "default",
    ]
    memo, journal = project.notes
    assert project.sources[0].selections[1].notes == (memo.guid,)
    assert project.note_refs == (journal.guid,)
    ronda = next(v for v in project.variables if v.name == "Ronda")
    assert project.sources[0].variable_values[0].variable == ronda.guid
    assert project.sources[0].variable_values[0].value == 2


# -- leniency -----------------------------------------------------------------------------------


def minimal_entries() -> dict[str, bytes]:
    entries = folder_entries(MINIMAL)
    return {n: d for n, d in entries.items() if n in ("project.qde", MINIMAL_TEXT)}


def altered(old: str, new: str) -> dict[str, bytes]:
    entries = minimal_entries()
    text = entries["project.qde"].decode()
    assert old in text
    entries["project.qde"] = text.replace(old, new).encode()
    return entries


def test_a_project_in_a_folder_inside_the_archive_is_found() -> None:
    entries = {f"Export/{name}": data for name, data in minimal_entries().items()}
    check_minimal_example(read_qdpx(zip_entries(entries)))


def test_a_coded_category_becomes_codable_with_a_warning() -> None:
    category = "E47140AC-F802-5CDA-8E7C-CCD6D8DEBAFD"
    result = read_qdpx(
        zip_entries(
            altered(f'<CodeRef targetGUID="{ESCUCHA}"/>', f'<CodeRef targetGUID="{category}"/>')
        )
    )
    assert code_named(result.project, "A priori: funciones del mentor").is_codable
    assert warnings_of(result, "changed-code") == [
        "codes marked as not codable but used in codings were made codable: "
        "'A priori: funciones del mentor'"
    ]


def test_identifiers_that_are_not_guids_are_replaced_consistently() -> None:
    entries = minimal_entries()
    entries["project.qde"] = entries["project.qde"].replace(ESCUCHA.encode(), b"c001")
    result = read_qdpx(zip_entries(entries))
    escucha = code_named(result.project, "Escucha activa")
    assert result.project.sources[0].selections[0].codings == (escucha.guid,)
    assert [w.kind for w in result.warnings] == ["renamed-guid"]
    assert "'c001' is not a GUID" in result.warnings[0].message


def test_a_text_file_with_a_utf16_byte_order_mark_is_decoded() -> None:
    entries = minimal_entries()
    entries[MINIMAL_TEXT] = entries[MINIMAL_TEXT].decode().encode("utf-16")
    check_minimal_example(read_qdpx(zip_entries(entries)))


def test_references_to_unknown_notes_and_users_are_dropped_with_warnings() -> None:
    other = "00000000-0000-0000-0000-0000000000AA"
    entries = altered(f'<NoteRef targetGUID="{MEMO}"/>', f'<NoteRef targetGUID="{other}"/>')
    result = read_qdpx(zip_entries(entries))
    assert result.project.sources[0].selections[0].notes == ()
    assert warnings_of(result, "skipped-reference") == [
        "selection 'mi rol fue más de escucha que de consejo' of source 'Reflexión 2025-03-12 "
        f"(4D)': dropped a reference to '{other}', which is not in the project"
    ]


G = "00000000-0000-0000-0000-{:012d}".format


def small_project(body: str, **files: str) -> bytes:
    """An archive with a small project whose codebook has one code, G(1)."""
    document = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        f'<CodeBook><Codes><Code guid="{G(1)}" name="c" isCodable="true"/></Codes></CodeBook>'
        f"{body}</Project>"
    )
    entries = {"project.qde": document.encode()}
    entries.update({f"sources/{name}": text.encode() for name, text in files.items()})
    return zip_entries(entries)


def test_text_sources_without_a_readable_plain_text_are_skipped_with_warnings() -> None:
    result = read_qdpx(
        small_project(
            "<Sources>"
            f'<TextSource guid="{G(2)}" name="solo docx" richTextPath="internal://{G(3)}.docx"/>'
            f'<TextSource guid="{G(4)}" name="externa" plainTextPath="absolute:///C:/t.txt"/>'
            "</Sources>"
        )
    )
    assert result.project.sources == ()
    assert warnings_of(result, "skipped-source") == [
        "skipped source 'solo docx': it has no plain-text version",
        "skipped source 'externa': its text is outside the archive (absolute:///C:/t.txt)",
    ]


def test_unknown_users_are_reported_once_and_several_coders_are_reported() -> None:
    coding = '<Coding guid="{}" creatingUser="{}"><CodeRef targetGUID="' + G(1) + '"/></Coding>'
    result = read_qdpx(
        small_project(
            f'<Users><User guid="{G(8)}" name="A"/><User guid="{G(9)}" name="B"/></Users>'
            f'<Sources><TextSource guid="{G(2)}" name="t" plainTextPath="internal://t.txt">'
            f'<PlainTextSelection guid="{G(3)}" startPosition="0" endPosition="4">'
            + coding.format(G(4), G(8))
            + coding.format(G(5), G(9))
            + "</PlainTextSelection>"
            f'<PlainTextSelection guid="{G(6)}" startPosition="5" endPosition="9" '
            f'creatingUser="{G(7)}"/>'
            f'<PlainTextSelection guid="{G(10)}" startPosition="0" endPosition="9" '
            f'creatingUser="{G(7)}"/>'
            "</TextSource></Sources>",
            **{"t.txt": "hola mundo"},
        )
    )
    first, second, third = result.project.sources[0].selections
    assert (first.coder, second.coder, third.coder) == (G(8), None, None)
    assert warnings_of(result, "skipped-reference") == [
        f"selection None ({G(6)}) of source 't': references to the unknown user '{G(7)}' were "
        "dropped"
    ]
    assert warnings_of(result, "several-coders") == [
        "selections coded by several users: 1; each keeps one coder (the selection's creator, "
        "or else its first coding's)"
    ]


def test_values_that_do_not_fit_their_variable_are_skipped_with_warnings() -> None:
    def value(variable: str, element: str, text: str) -> str:
        return (
            f'<VariableValue><VariableRef targetGUID="{variable}"/>'
            f"<{element}>{text}</{element}></VariableValue>"
        )

    result = read_qdpx(
        small_project(
            f'<Variables><Variable guid="{G(2)}" name="n" typeOfVariable="Float"/>'
            f'<Variable guid="{G(3)}" name="e" typeOfVariable="Integer"/>'
            f'<Variable guid="{G(4)}" name="x" typeOfVariable="Number"/></Variables>'
            f'<Cases><Case guid="{G(5)}" name="4D">'
            + value(G(2), "FloatValue", "NaN")
            + value(G(3), "TextValue", "12")
            + value(G(4), "TextValue", "libre")
            + value(G(9), "TextValue", "?")
            + "</Case></Cases>"
        )
    )
    (case,) = result.project.cases
    # A value is read by its variable's type, whatever element holds it.
    assert [v.value for v in case.variable_values] == [12, "libre"]
    assert [w.message for w in result.warnings] == [
        "variable 'x': type 'Number' is not a REFI-QDA type; read as Text",
        "case '4D': 'NaN' is not a valid Float value for 'n'",
        f"case '4D': a value of the unknown variable '{G(9)}'",
    ]


def test_control_characters_in_a_note_file_are_removed_with_a_warning() -> None:
    result = read_qdpx(
        small_project(
            f'<Notes><Note guid="{G(2)}" name="m" plainTextPath="internal://m.txt"/></Notes>',
            **{"m.txt": "memo\x00 con\x0b control"},
        )
    )
    assert result.project.notes[0].text == "memo con control"
    assert warnings_of(result, "changed-note") == ["note 'm': control characters were removed"]


# -- broken files -------------------------------------------------------------------------------


def refused(data: bytes) -> str:
    with pytest.raises(QdaImportError) as error:
        read_qdpx(data)
    return str(error.value)


def test_a_file_that_is_not_a_zip_archive_is_refused() -> None:
    assert refused(b"<Project/>") == (
        "the file is not a REFI-QDA project: it is not a ZIP archive (.qdpx)"
    )


def test_an_archive_without_a_project_file_is_refused() -> None:
    message = refused(zip_entries({MINIMAL_TEXT: b"hola"}))
    assert message == "the archive holds no project file (.qde): it is not a .qdpx"


def test_an_archive_with_two_project_files_is_refused() -> None:
    entries = minimal_entries()
    entries["copia.qde"] = entries["project.qde"]
    assert refused(zip_entries(entries)) == (
        "the archive holds 2 project files (copia.qde, project.qde); a .qdpx file holds exactly one"
    )


def test_malformed_xml_is_refused() -> None:
    entries = minimal_entries()
    entries["project.qde"] = entries["project.qde"][:-40]
    assert refused(zip_entries(entries)).startswith("project.qde is not well-formed XML: ")


def test_a_project_in_another_namespace_is_refused() -> None:
    entries = altered('xmlns="urn:QDA-XML:project:1.0"', 'xmlns="urn:QDA-XML:project:0:10"')
    assert refused(zip_entries(entries)) == (
        "project.qde is not a REFI-QDA project: its root element is <Project> in namespace "
        "'urn:QDA-XML:project:0:10'; expected <Project xmlns=\"urn:QDA-XML:project:1.0\">"
    )


def test_a_codebook_in_place_of_the_project_is_refused() -> None:
    entries = minimal_entries()
    entries["project.qde"] = (MINIMAL / "codebook.qdc").read_bytes()
    assert "its root element is <CodeBook> in namespace 'urn:QDA-XML:codebook:1.0'" in refused(
        zip_entries(entries)
    )


def test_selection_offsets_outside_the_text_are_refused() -> None:
    message = refused(zip_entries(altered('endPosition="120"', 'endPosition="500"')))
    assert message == (
        "selection 'mi rol fue más de escucha que de consejo' "
        "(5924BCD9-38C6-54CF-8440-C8763B4DEA66) of source 'Reflexión 2025-03-12 (4D)': "
        "positions 80..500 are outside the text, which has 122 characters"
    )


def test_reversed_selection_offsets_are_refused() -> None:
    entries = altered(
        'startPosition="80" endPosition="120"', 'startPosition="120" endPosition="80"'
    )
    assert "positions 120..80 are outside the text" in refused(zip_entries(entries))


def test_offsets_that_are_not_numbers_are_refused() -> None:
    entries = altered('startPosition="80"', 'startPosition="eighty"')
    assert "startPosition and endPosition must be whole numbers" in refused(zip_entries(entries))


def test_a_coding_of_an_unknown_code_is_refused() -> None:
    unknown = "11111111-2222-3333-4444-555555555555"
    entries = altered(f'<CodeRef targetGUID="{ESCUCHA}"/>', f'<CodeRef targetGUID="{unknown}"/>')
    assert refused(zip_entries(entries)) == (
        "selection 'mi rol fue más de escucha que de consejo' "
        "(5924BCD9-38C6-54CF-8440-C8763B4DEA66) of source 'Reflexión 2025-03-12 (4D)' is coded "
        f"with '{unknown}', which is not a code in the codebook"
    )


def test_a_missing_text_file_is_refused() -> None:
    entries = minimal_entries()
    del entries[MINIMAL_TEXT]
    assert refused(zip_entries(entries)) == (
        "source 'Reflexión 2025-03-12 (4D)' refers to "
        "internal://B46B4FEE-B3E0-5DDE-81EC-176856C3AFE4.txt, which is not in the archive"
    )


def test_a_text_file_that_is_not_utf8_is_refused() -> None:
    entries = minimal_entries()
    entries[MINIMAL_TEXT] = entries[MINIMAL_TEXT].decode().encode("latin-1")
    assert refused(zip_entries(entries)) == (
        "the text of source 'Reflexión 2025-03-12 (4D)' is not UTF-8 text "
        "(invalid byte at offset 7)"
    )


def test_a_guid_used_by_two_elements_is_refused() -> None:
    entries = minimal_entries()
    entries["project.qde"] = entries["project.qde"].replace(MEMO.encode(), ESCUCHA.encode())
    assert refused(zip_entries(entries)) == (
        f"project.qde is inconsistent: the GUID {ESCUCHA} is used by 2 elements"
    )


def test_external_entities_are_not_expanded() -> None:
    entries = altered(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
    )
    entries["project.qde"] = entries["project.qde"].replace(
        b"<Description>A priori category", b"<Description>&secret;A priori category"
    )
    project = read_qdpx(zip_entries(entries)).project
    # The reference stays as written; the file it names is never read.
    assert project.codes[0].description == "&secret;A priori category (from the literature)"


def test_read_qdc_refuses_a_project_document_and_malformed_xml() -> None:
    with pytest.raises(QdaImportError, match="its root element is <Project>"):
        read_qdc((MINIMAL / "project.qde").read_bytes())
    with pytest.raises(QdaImportError, match="the codebook is not well-formed XML"):
        read_qdc(b"<CodeBook")
    with pytest.raises(QdaImportError, match="the codebook holds no codes"):
        read_qdc(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
