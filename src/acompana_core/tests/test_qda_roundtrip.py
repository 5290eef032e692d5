"""Writing then reading gives the same project: codes, texts, offsets, cases, notes, users."""

from __future__ import annotations

import io
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from acompana_core.qda import (
    Code,
    Codebook,
    Note,
    Project,
    Selection,
    TextSource,
    User,
    read_qdc,
    read_qdpx,
    stable_guid,
    write_qdc,
)
from acompana_core.qda.writer import qdpx_bytes
from acompana_core.tests.qda_fixtures import REFLECTION, build_study, guid


def round_trip(project: Project) -> Project:
    result = read_qdpx(qdpx_bytes(project))
    assert result.warnings == ()
    return result.project


def test_a_study_survives_a_round_trip_unchanged() -> None:
    study = build_study()
    assert round_trip(study) == study


def test_a_study_read_back_exports_to_the_same_bytes() -> None:
    study = build_study()
    assert qdpx_bytes(round_trip(study)) == qdpx_bytes(study)


def test_passages_keep_their_text_at_the_same_code_point_positions() -> None:
    source = round_trip(build_study()).sources[0]
    passages = [(s.start, s.end, source.passage(s)) for s in source.selections]
    # "Reflexión 12/03 👍🏽: " is 20 code points; the emoji is two (thumb and skin tone), both
    # outside the BMP, so UTF-16 units or UTF-8 bytes would give other offsets.
    before = REFLECTION[: REFLECTION.index("Ñahui")]
    assert (len(before), len(before.encode("utf-16-le")) // 2, len(before.encode())) == (20, 22, 27)
    assert passages == [
        (20, 41, "Ñahui, acompañamiento"),
        (80, 104, "plan de mejora 👍🏽 juntas"),
        (116, 156, "mi rol fue más de escucha que de consejo"),
    ]


def test_the_code_tree_cases_variables_notes_and_users_come_back() -> None:
    study = build_study()
    project = round_trip(study)
    assert [c.name for c in project.all_codes()] == [
        "Funciones del mentor",
        "Escucha activa",
        "Consejo",
        "Andamiaje",
        "Pregunta abierta",
        "Emergentes",
        "Tensión de rol",
    ]
    assert [c.is_codable for c in project.all_codes()] == [
        False,
        True,
        True,
        False,
        True,
        False,
        True,
    ]
    assert project.cases == study.cases
    assert project.variables == study.variables
    assert project.notes == study.notes
    assert [u.name for u in project.users] == ["4D", "K3"]
    assert project.notes[1].text.endswith("👍🏽.\r\nVolver a preguntar en la ronda 2.")


def test_the_codebook_survives_a_round_trip_through_a_qdc_file() -> None:
    study = build_study()
    buffer = io.BytesIO()
    write_qdc(study.codebook(), buffer)
    result = read_qdc(buffer.getvalue())
    assert result.warnings == ()
    # A .qdc file has no notes; everything else about the codes comes back.
    without_notes = Codebook(
        codes=tuple(strip_notes(code) for code in study.codes),
        sets=(),
        origin=study.origin,
    )
    assert result.codebook == without_notes


def strip_notes(code: Code) -> Code:
    return replace(code, notes=(), children=tuple(strip_notes(c) for c in code.children))


# -- properties ---------------------------------------------------------------------------------

# Any character UTF-8 can encode (everything but lone surrogates), with
# extra weight on what breaks naive offset code: non-BMP emoji, accents and CRLF.
CHARACTERS = st.characters(exclude_categories=["Cs"])
TRICKY = st.sampled_from(["👍🏽", "👂🏽", "𝄞", "Ñ", "ñ", "é", "e\u0301", "\r\n", "\r", "\x00"])
# A text cannot start with U+FEFF: in a UTF-8 source file it reads as a byte-order mark,
# which readers (ours included, as the standard's sources have none) drop.
TEXTS = (
    st.lists(st.one_of(CHARACTERS, TRICKY), max_size=60)
    .map("".join)
    .filter(lambda text: not text.startswith("\ufeff"))
)
# Names and notes travel inside the XML, which cannot carry most control characters.
XML_TEXTS = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs"],
        exclude_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13))
        + "\ufffe\uffff",
    ),
    max_size=30,
)

CODES = (
    Code(
        stable_guid("t", "category"),
        "Categoría",
        is_codable=False,
        children=(
            Code(stable_guid("t", "a"), "a"),
            Code(stable_guid("t", "b"), "b"),
        ),
    ),
)
CODER = User(stable_guid("t", "coder"), "4D")


@st.composite
def selections(draw: st.DrawFn, text: str) -> list[Selection]:
    count = draw(st.integers(min_value=0, max_value=6))
    found = []
    for index in range(count):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=len(text)))
        codes = draw(st.lists(st.sampled_from(["a", "b"]), unique=True, max_size=2))
        found.append(
            Selection(
                guid=stable_guid("t", "selection", str(index)),
                start=start,
                end=end,
                codings=tuple(stable_guid("t", code) for code in codes),
                coder=draw(st.sampled_from([None, CODER.guid])),
            )
        )
    return found


@st.composite
def projects(draw: st.DrawFn) -> Project:
    texts = draw(st.lists(TEXTS, min_size=1, max_size=3))
    sources = []
    for index, text in enumerate(texts):
        sources.append(
            TextSource(
                guid=stable_guid("t", "source", str(index)),
                name=draw(XML_TEXTS),
                text=text,
                selections=tuple(
                    replace(s, guid=stable_guid("t", "selection", str(index), s.guid))
                    for s in draw(selections(text))
                ),
            )
        )
    return Project(name=draw(XML_TEXTS), users=(CODER,), codes=CODES, sources=tuple(sources))


@settings(max_examples=150, deadline=None)
@given(projects())
def test_random_texts_and_selections_survive_a_round_trip(project: Project) -> None:
    read = round_trip(project)
    assert read == project
    for before, after in zip(project.sources, read.sources, strict=True):
        assert after.text == before.text
        for selection in after.selections:
            assert after.passage(selection) == before.text[selection.start : selection.end]


@settings(max_examples=100, deadline=None)
@given(name=XML_TEXTS, text=XML_TEXTS, description=st.one_of(st.none(), XML_TEXTS))
def test_random_names_and_note_texts_survive_a_round_trip(
    name: str, text: str, description: str | None
) -> None:
    # Descriptions are optional: an empty one reads back as none.
    description = description or None
    note = Note(guid("memo", "p"), name, text, description=description)
    project = Project(name=name, notes=(note,), note_refs=(note.guid,), description=description)
    assert round_trip(project) == project
