# ruff: noqa: F811  (pytest fixtures imported from test_services_setup)
"""A study exchanged with QDA tools in REFI-QDA: export, import, round trips, merges."""

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from acompana.research import services
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    Segment,
    Study,
    StudyMember,
    Variable,
)
from acompana.research.tests.test_services_setup import (  # noqa: F401
    REAL_NAMES,
    TRANSCRIPT,
    coded,
    study,
    transcript,
)
from acompana_core.qda import read_qdpx, schema_errors
from acompana_core.tests.qda_fixtures import FIXTURES, zip_entries, zip_folder

pytestmark = pytest.mark.django_db
SHARED = Path("/work/shared/refi-qda")


def new_study(world, slug: str = "copia") -> Study:
    return services.study_create(
        program=world.program, actor=world.researcher, title="Copia", slug=slug
    )


def snapshot(study: Study) -> dict:
    """Everything a round trip must keep, by name rather than by id."""

    def path(code: Code | None) -> str:
        parts = []
        while code is not None:
            parts.append(code.name)
            code = code.parent
        return "/".join(reversed(parts))

    def target(memo: Memo) -> str:
        if memo.segment_id:
            return f"segment {memo.segment.document.name} {memo.segment.start}"
        if memo.document_id:
            return f"document {memo.document.name}"
        if memo.code_id:
            return f"code {memo.code.name}"
        if memo.participant_id:
            return f"participant {memo.participant.code_name}"
        return "study"

    return {
        "codes": sorted(
            (path(c), c.is_codable, c.origin, c.color, c.definition, c.order)
            for c in Code.objects.filter(study=study)
        ),
        "documents": sorted(
            (d.name, d.text, d.kind, d.participant.code_name if d.participant else None)
            for d in Document.objects.filter(study=study)
        ),
        "segments": sorted(
            (
                s.document.name,
                s.start,
                s.end,
                s.passage,
                s.coder.code_name if s.coder else None,
                tuple(sorted(c.name for c in s.codes.all())),
            )
            for s in Segment.objects.filter(document__study=study)
        ),
        "participants": sorted(
            (p.code_name, sorted(p.attributes.items()))
            for p in Participant.objects.filter(study=study)
        ),
        "variables": sorted(Variable.objects.filter(study=study).values_list("name", "type")),
        "memos": sorted(
            (m.title, m.text, target(m), m.author.code_name if m.author else None)
            for m in Memo.objects.filter(study=study)
        ),
    }


def without_users(sources) -> list:
    return [
        replace(
            source,
            creating_user=None,
            selections=tuple(replace(s, coder=None) for s in source.selections),
        )
        for source in sources
    ]


def entries(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


# --- Export -----------------------------------------------------------------------------------


def test_the_export_validates_and_holds_the_texts_as_utf8_without_bom(study, world, coded):
    archive = services.study_export_qdpx(study=study, actor=world.researcher)
    files = entries(archive)
    assert schema_errors(files["project.qde"], "project") == []
    text = files[f"sources/{coded.guid}.txt"]
    assert not text.startswith(b"\xef\xbb\xbf")
    assert text.decode("utf-8") == TRANSCRIPT
    project = read_qdpx(archive).project
    source = project.sources[0]
    assert "En 2021 fue virtual 👍🏽 sí" in [source.passage(s) for s in source.selections]
    assert [u.name for u in project.users] == ["R1"]
    assert {c.name for c in project.cases} == {"7G", world.other_mentor_profile.code}


def test_no_real_name_is_anywhere_in_the_exported_files(study, world, coded):
    services.study_identity_access_set(
        member=StudyMember.objects.get(study=study), actor=world.coordinator, granted=True
    )
    for data in (
        services.study_export_qdpx(study=study, actor=world.researcher),
        services.study_export_qdc(study=study, actor=world.researcher),
    ):
        blobs = entries(data).values() if data.startswith(b"PK") else [data]
        for blob in blobs:
            text = blob.decode("utf-8")
            for name in [*REAL_NAMES, world.researcher.last_name, world.researcher.email]:
                assert name not in text


def test_exporting_twice_gives_the_same_bytes(study, world, coded):
    first = services.study_export_qdpx(study=study, actor=None)
    assert services.study_export_qdpx(study=study, actor=None) == first


def test_the_codebook_export_validates(study, world):
    data = services.study_export_qdc(study=study, actor=None)
    assert schema_errors(data, "codebook") == []


# --- Round trips ------------------------------------------------------------------------------


def test_a_project_round_trip_keeps_codebook_documents_segments_cases_and_memos(
    study, world, coded
):
    archive = services.study_export_qdpx(study=study, actor=world.researcher)
    copy = new_study(world)
    # the researcher who coded the study (R1) takes the file's coder R1 as themselves
    warnings = services.study_import(
        study=copy, actor=world.researcher, data=archive, filename="formacion.qdpx", my_coder="R1"
    )
    assert warnings == []
    assert snapshot(copy) == snapshot(study)
    # the GUIDs of the file are kept, so the copy exports the same project
    again = read_qdpx(services.study_export_qdpx(study=copy, actor=None)).project
    original = read_qdpx(archive).project
    assert [c.guid for c in again.all_codes()] == [c.guid for c in original.all_codes()]
    # (the coder is the copy's own member R1, so only its GUID differs)
    assert without_users(again.sources) == without_users(original.sources)
    assert again.cases == original.cases
    assert [replace(n, creating_user=None) for n in again.notes] == [
        replace(n, creating_user=None) for n in original.notes
    ]
    assert [(s.name, s.codes, s.sources) for s in again.sets] == [
        (s.name, s.codes, s.sources) for s in original.sets
    ]


def test_a_codebook_round_trip_keeps_the_tree_and_the_origin_of_codes(study, world):
    data = services.study_export_qdc(study=study, actor=None)
    copy = new_study(world)
    services.study_import(study=copy, actor=None, data=data, filename="formacion.qdc")
    assert snapshot(copy)["codes"] == snapshot(study)["codes"]
    assert Code.objects.filter(study=copy, origin="emergent").count() == 7


def test_importing_an_export_into_its_own_study_updates_rather_than_duplicates(study, world, coded):
    archive = services.study_export_qdpx(study=study, actor=None)
    before = snapshot(study)
    code = Code.objects.get(study=study, name="Asesoría pedagógica")
    code.name = "Renombrado"
    code.save()
    services.study_import(study=study, actor=None, data=archive, filename="x.qdpx")
    assert snapshot(study) == before


def test_coders_unknown_to_the_study_become_members_without_an_account(study, world, coded):
    archive = services.study_export_qdpx(study=study, actor=None)
    copy = services.study_create(program=world.program, actor=None, title="Sin", slug="sin")
    warnings = services.study_import(study=copy, actor=None, data=archive, filename="x.qdpx")
    assert any("R1" in w for w in warnings)
    coder = StudyMember.objects.get(study=copy, code_name="R1")
    assert coder.user is None and not coder.identity_access
    segments = Segment.objects.filter(document__study=copy)
    assert segments.count() == 3
    assert set(segments.values_list("coder", flat=True)) == {coder.pk}
    # importing again matches the coder by GUID instead of adding another
    services.study_import(study=copy, actor=None, data=archive, filename="x.qdpx")
    assert StudyMember.objects.filter(study=copy).count() == 1


# --- Files of other tools ---------------------------------------------------------------------


FOLDERS = ["minimal-example", "atlas-ti", "nvivo", "qualcoder", "ornio-hand-authored"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_projects_shaped_like_other_tools_exports_are_imported(world, folder):
    target = new_study(world, slug=folder)
    warnings = services.study_import(
        study=target, actor=None, data=zip_folder(FIXTURES / folder), filename=f"{folder}.qdpx"
    )
    project = read_qdpx(zip_folder(FIXTURES / folder)).project
    assert target.codes.count() == len(list(project.all_codes()))
    assert target.documents.count() == len(project.sources)
    segments = Segment.objects.filter(document__study=target)
    assert segments.count() == sum(len(s.selections) for s in project.sources)
    for source in project.sources:
        document = Document.objects.get(study=target, guid=source.guid)
        for selection in source.selections:
            segment = segments.get(guid=selection.guid)
            assert (
                segment.passage
                == source.passage(selection)
                == (document.text[selection.start : selection.end])
            )
    assert target.participants.count() == len(project.cases)
    assert Memo.objects.filter(study=target).count() == len(project.notes)
    if folder == "atlas-ti":
        assert warnings  # pictures, PDF and video sources skipped, Parent::Child names...


@pytest.mark.parametrize("name", ["codebook.qdc"])
def test_codebooks_of_other_tools_are_imported(world, name):
    for folder in ["minimal-example", "spec-example"]:
        target = new_study(world, slug=f"cb-{folder}")
        services.study_import(
            study=target,
            actor=None,
            data=(FIXTURES / folder / name).read_bytes(),
            filename=name,
        )
        assert target.codes.exists()


@pytest.mark.skipif(not SHARED.exists(), reason="the shared REFI-QDA material is not here")
def test_the_shared_reference_files_are_imported(world):
    files = [
        SHARED / "minimal-example" / "example.qdpx",
        SHARED / "minimal-example" / "codebook.qdc",
    ]
    for index, path in enumerate(files):
        target = new_study(world, slug=f"shared-{index}")
        services.study_import(study=target, actor=None, data=path.read_bytes(), filename=path.name)
        assert target.codes.exists()
    sample = new_study(world, slug="ornio")
    services.study_import(
        study=sample,
        actor=None,
        data=zip_folder(SHARED / "samples" / "ornio-hand-authored"),
        filename="sample.qdpx",
    )
    assert sample.documents.exists()


# --- Broken files -----------------------------------------------------------------------------


def broken_files(archive: bytes) -> list[tuple[str, bytes]]:
    files = entries(archive)
    qde = files["project.qde"].decode("utf-8")
    out_of_range = dict(files)
    out_of_range["project.qde"] = qde.replace('endPosition="', 'endPosition="9999', 1).encode()
    missing_text = {k: v for k, v in files.items() if not k.startswith("sources/")}
    return [
        ("not-a-zip.qdpx", b"this is not a zip archive"),
        ("empty.qdpx", zip_entries({"readme.txt": b"x"})),
        ("bad-xml.qdpx", zip_entries({"project.qde": b"<Project"})),
        ("out-of-range.qdpx", zip_entries(out_of_range)),
        ("missing-text.qdpx", zip_entries(missing_text)),
        ("bad.qdc", b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code/></Codes>"),
    ]


def test_broken_files_are_refused_with_a_clear_message_and_nothing_written(study, world, coded):
    archive = services.study_export_qdpx(study=study, actor=None)
    target = new_study(world, slug="destino")
    for filename, data in broken_files(archive):
        with pytest.raises(ValidationError) as refused:
            services.study_import(study=target, actor=None, data=data, filename=filename)
        message = " ".join(refused.value.messages)
        assert filename in message and "nothing was changed" in message
        assert not target.codes.exists()
        assert not target.documents.exists()
        assert not target.participants.exists()


# --- Import at scale --------------------------------------------------------------------------


def generated_project(segments: int, *, text: str = "ab" * 200, notes: bool = True) -> bytes:
    """A project of two documents, two cases, two codes and ``segments`` selections, each
    with a note when ``notes``."""
    from acompana_core import qda

    guid = qda.stable_guid
    codes = (
        qda.Code(guid=guid("code", "a"), name="A"),
        qda.Code(guid=guid("code", "b"), name="B"),
    )
    user = qda.User(guid=guid("user", "u"), name="Coder")
    sources, all_notes = [], []
    for d in range(2):
        selections = []
        for n in range(d, segments, 2):
            note = guid("note", str(n))
            if notes:
                all_notes.append(qda.Note(guid=note, name=f"Memo {n}", text=f"About {n}"))
            selections.append(
                qda.Selection(
                    guid=guid("selection", str(n)),
                    start=n % 100,
                    end=n % 100 + 7,
                    codings=tuple(c.guid for c in codes[: 1 + n % 2]),
                    coder=user.guid,
                    notes=(note,) if notes else (),
                )
            )
        sources.append(
            qda.TextSource(
                guid=guid("source", str(d)),
                name=f"Doc {d}",
                text=text,
                selections=tuple(selections),
                creating_user=user.guid,
            )
        )
    cases = tuple(
        qda.Case(guid=guid("case", str(d)), name=f"P{d}", sources=(sources[d].guid,))
        for d in range(2)
    )
    project = qda.Project(
        name="Generated",
        users=(user,),
        codes=codes,
        sources=tuple(sources),
        cases=cases,
        notes=tuple(all_notes),
    )
    buffer = io.BytesIO()
    qda.write_qdpx(project, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("segments", [4, 400])
def test_importing_a_project_takes_as_many_queries_whatever_its_number_of_segments(
    world, segments, django_assert_max_num_queries
):
    # The rows are read once and written in batches (a few hundred rows a query on SQLite):
    # about 20 queries for 4 segments, 26 for 400 (it was four queries a segment), plus two
    # for each of the import's short transactions (savepoints within a test).
    data = generated_project(segments)
    copy = new_study(world)
    with django_assert_max_num_queries(40):
        services.study_import(study=copy, actor=None, data=data, filename="x.qdpx")
    assert Segment.objects.filter(document__study=copy).count() == segments
    assert Memo.objects.filter(study=copy, segment__isnull=False).count() == segments
    # importing it again updates every row, still in as many queries
    with django_assert_max_num_queries(40):
        services.study_import(study=copy, actor=None, data=data, filename="x.qdpx")
    assert Segment.objects.filter(document__study=copy).count() == segments
    assert Memo.objects.filter(study=copy).count() == segments


def test_a_merge_moves_recodes_and_removes_segments_as_the_file_says(world):
    from acompana_core import qda

    copy = new_study(world)
    first = generated_project(6, notes=False)
    services.study_import(study=copy, actor=None, data=first, filename="x.qdpx")
    segments = {s.guid: s for s in Segment.objects.filter(document__study=copy)}
    project = read_qdpx(first).project
    a, b = (c.guid for c in project.codes)
    doc0, doc1 = project.sources
    moved, recoded, dropped = doc1.selections[0], doc0.selections[0], doc0.selections[1]
    new_text = "ba" * 200
    changed = replace(
        project,
        sources=(
            replace(
                doc0,
                text=new_text,
                selections=(replace(recoded, codings=(b,)), *doc0.selections[2:], moved),
            ),
            replace(doc1, selections=doc1.selections[1:]),
        ),
    )
    buffer = io.BytesIO()
    qda.write_qdpx(changed, buffer)
    warnings = services.study_import(
        study=copy, actor=None, data=buffer.getvalue(), filename="x.qdpx"
    )
    assert warnings == [
        "The text of Doc 0 changed: 1 coded segments that were not in the file were removed."
    ]
    after = {s.guid: s for s in Segment.objects.filter(document__study=copy)}
    assert set(after) == set(segments) - {dropped.guid}
    assert after[recoded.guid].pk == segments[recoded.guid].pk
    assert [c.guid for c in after[recoded.guid].codes.all()] == [b]
    assert after[moved.guid].pk == segments[moved.guid].pk
    assert after[moved.guid].document.name == "Doc 0"
    assert after[moved.guid].passage == new_text[moved.start : moved.end]
    assert after[moved.guid].updated_at > segments[moved.guid].updated_at
    untouched = doc0.selections[2]
    assert sorted(c.guid for c in after[untouched.guid].codes.all()) == sorted(untouched.codings)
    assert a in untouched.codings


def test_the_codebook_is_the_projects_code_tree_read_from_the_codes_alone(
    study, world, coded, django_assert_max_num_queries
):
    from acompana.research.services.qda_export import study_codebook, study_project
    from acompana_core import qda

    code = Code.objects.filter(study=study, is_codable=True).first()
    services.memo_write(study=study, actor=world.researcher, title="Def", text="x", code=code)
    project = study_project(study)
    assert any(c.notes for c in project.all_codes())
    with django_assert_max_num_queries(3):
        codebook = study_codebook(study)
    assert codebook == project.codebook()
    before, after = io.BytesIO(), io.BytesIO()
    qda.write_qdc(project.codebook(), before)
    qda.write_qdc(codebook, after)
    assert after.getvalue() == before.getvalue()
    assert services.study_export_qdc(study=study, actor=None) == before.getvalue()
