# ruff: noqa: F811  (pytest fixtures imported from test_services_setup)
"""Imports are bounded (size, memory, time holding the write lock) and cannot forge coders."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.programs.tests.factories import ProgramFactory
from acompana.research import services
from acompana.research.models import Document, Segment, Study, StudyImport, StudyMember
from acompana.research.tests.test_services_setup import (  # noqa: F401
    code_named,
    coded,
    study,
    transcript,
)
from acompana_core import qda

pytestmark = pytest.mark.django_db

TEXT = "Entrevistadora: ¿Qué significó la inducción? INV2: Mucho. " * 4


def project(
    *,
    users: tuple[qda.User, ...],
    sources: int = 1,
    text: str = TEXT,
    coder: str | None = None,
) -> bytes:
    """A project whose sources are coded (two selections each) by ``coder`` (a user GUID)."""
    code = qda.Code(guid=qda.stable_guid("h", "code"), name="Inducción")
    coder = coder or (users[0].guid if users else None)
    items = []
    for n in range(sources):
        items.append(
            qda.TextSource(
                guid=qda.stable_guid("h", "source", str(n)),
                name=f"Entrevista {n}",
                text=text,
                selections=tuple(
                    qda.Selection(
                        guid=qda.stable_guid("h", "selection", str(n), str(k)),
                        start=k * 10,
                        end=k * 10 + 8,
                        codings=(code.guid,),
                        coder=coder,
                    )
                    for k in range(2)
                ),
            )
        )
    buffer = io.BytesIO()
    qda.write_qdpx(
        qda.Project(name="Archivo", users=users, codes=(code,), sources=tuple(items)), buffer
    )
    return buffer.getvalue()


@pytest.fixture
def second(world, study) -> StudyMember:
    """A second researcher of the study, code name INV2."""
    user = UserFactory(email="inv2@example.org")
    MembershipFactory(user=user, program=world.program, role=Role.RESEARCHER)
    return services.study_member_add(
        study=study, actor=world.researcher, user=user, code_name="INV2"
    )


def coders_of(study: Study) -> set[StudyMember]:
    return {s.coder for s in Segment.objects.filter(document__study=study).select_related("coder")}


# --- Coder forgery ----------------------------------------------------------------------------


def test_a_file_coder_named_like_another_member_never_gets_that_members_account(
    world, study, second
):
    # named like INV2, and even with INV2's GUID (GUIDs travel in exports)
    forged = qda.User(guid=second.guid, name="INV2")
    warnings = services.study_import(
        study=study,
        actor=world.researcher,
        data=project(users=(forged,)),
        filename="x.qdpx",
    )
    (coder,) = coders_of(study)
    assert coder.user is None
    assert coder.pk != second.pk and coder.guid != second.guid
    assert coder.code_name == "INV2 2"
    assert not Segment.objects.filter(coder=second).exists()
    assert any("INV2" in w and "never taken as a member's account" in w for w in warnings)


def test_a_file_coder_named_like_the_importer_is_not_the_importer_either(world, study):
    services.study_import(
        study=study,
        actor=world.researcher,
        data=project(users=(qda.User(guid=qda.stable_guid("h", "u"), name="R1"),)),
        filename="x.qdpx",
    )
    (coder,) = coders_of(study)
    assert coder.user is None and coder.code_name == "R1 2"


def test_the_importing_researcher_may_take_one_coder_of_the_file_as_themselves(
    world, study, second
):
    ana = qda.User(guid=qda.stable_guid("h", "ana"), name="Ana")
    other = qda.User(guid=qda.stable_guid("h", "inv2"), name="INV2")
    data = project(users=(ana, other), sources=2)
    services.study_import(
        study=study, actor=world.researcher, data=data, filename="x.qdpx", my_coder="ana"
    )
    (coder,) = coders_of(study)
    assert coder.user == world.researcher
    assert not StudyMember.objects.filter(study=study, code_name="Ana").exists()


def test_taking_a_coder_that_is_not_in_the_file_is_refused_before_anything_is_written(world, study):
    ana = qda.User(guid=qda.stable_guid("h", "ana"), name="Ana")
    with pytest.raises(ValidationError, match="no coder named Beto; its coders are: Ana"):
        services.study_import(
            study=study,
            actor=world.researcher,
            data=project(users=(ana,)),
            filename="x.qdpx",
            my_coder="Beto",
        )
    assert not study.documents.exists()


def test_only_a_researcher_of_the_study_can_take_a_coder_of_the_file(world, study):
    ana = qda.User(guid=qda.stable_guid("h", "ana"), name="Ana")
    with pytest.raises(ValidationError, match="Only a researcher of the study"):
        services.study_import(
            study=study,
            actor=world.coordinator,
            data=project(users=(ana,)),
            filename="x.qdpx",
            my_coder="Ana",
        )


def test_importing_an_export_again_leaves_each_segment_with_the_member_who_coded_it(
    world, study, coded
):
    before = {s.guid: s.coder_id for s in Segment.objects.filter(document__study=study)}
    archive = services.study_export_qdpx(study=study, actor=None)
    services.study_import(study=study, actor=None, data=archive, filename="x.qdpx")
    after = {s.guid: s.coder_id for s in Segment.objects.filter(document__study=study)}
    assert after == before


# --- Limits -----------------------------------------------------------------------------------


def test_a_source_over_the_configured_limit_is_refused_and_nothing_is_written(
    world, study, settings
):
    settings.QDA_MAX_SOURCE_BYTES = len(TEXT.encode()) - 1
    data = project(users=())
    with pytest.raises(ValidationError, match="too large to import"):
        services.study_import(study=study, actor=None, data=data, filename="x.qdpx")
    assert not study.documents.exists()
    settings.QDA_MAX_SOURCE_BYTES = len(TEXT.encode())
    services.study_import(study=study, actor=None, data=data, filename="x.qdpx")
    assert study.documents.count() == 1


def test_sources_over_the_configured_total_are_refused(world, study, settings):
    settings.QDA_MAX_TOTAL_BYTES = 4 * len(TEXT.encode())  # the four texts, not the .qde too
    with pytest.raises(ValidationError, match="the project is too large to import"):
        services.study_import(
            study=study, actor=None, data=project(users=(), sources=4), filename="x.qdpx"
        )
    assert not study.documents.exists()


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml.encode("utf-8"))
    return buffer.getvalue()


def upload_docx(study: Study, world, data: bytes) -> Document:
    return services.document_upload(
        study=study,
        actor=world.researcher,
        upload=SimpleUploadedFile("entrevista.docx", data),
        kind="transcript",
    )


def test_a_docx_whose_text_expands_past_the_limit_is_refused(world, study, settings):
    settings.DOCX_MAX_TEXT_BYTES = 10_000
    small = docx(["¿Qué significó la inducción?"] * 100)  # about 3 KB of text
    large = docx(["¿Qué significó la inducción?"] * 1000)  # about 30 KB, from a 1 KB file
    assert len(large) < 2_000
    assert upload_docx(study, world, small).text.startswith("¿Qué")
    with pytest.raises(ValidationError, match="too much text"):
        upload_docx(study, world, large)


def test_a_docx_whose_xml_inflates_past_the_limit_is_refused(world, study, settings):
    settings.DOCX_MAX_XML_BYTES = 50_000
    with pytest.raises(ValidationError, match="too much text"):
        upload_docx(study, world, docx(["a" * 1000] * 100))


# --- Short transactions -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_long_import_is_written_in_short_transactions_with_its_progress(world, settings):
    study = services.study_create(program=world.program, actor=None, title="Larga", slug="larga")
    settings.QDA_IMPORT_BATCH_BYTES = len(TEXT)  # one source per transaction
    settings.QDA_IMPORT_BATCH_ROWS = 2
    seen: list[tuple[int, bool]] = []

    def progress(percent: int) -> None:
        seen.append((percent, connection.in_atomic_block))

    user = qda.User(guid=qda.stable_guid("h", "u"), name="Coder")
    services.study_import(
        study=study,
        actor=None,
        data=project(users=(user,), sources=5),
        filename="x.qdpx",
        progress=progress,
    )
    assert study.documents.count() == 5
    assert Segment.objects.filter(document__study=study).count() == 10
    # progress is reported between transactions, never inside one: nothing is held meanwhile
    assert len(seen) >= 7
    assert not any(inside for _, inside in seen)
    percents = [percent for percent, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100


# --- The page: a background task with a job that shows progress and messages -----------------


def page(name: str, study: Study, *args: object) -> str:
    return reverse(f"research:{name}", args=[study.program.slug, study.slug, *args])


def test_the_import_page_queues_the_file_and_the_job_page_follows_it(
    world, study, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("researcher")
    ana = qda.User(guid=qda.stable_guid("h", "ana"), name="Ana")
    upload = SimpleUploadedFile("archivo.qdpx", project(users=(ana,)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(page("import_start", study), {"upload": upload, "my_coder": "Ana"})
    job = StudyImport.objects.get(study=study)
    assert response.status_code == 302
    assert response["Location"] == page("import_job", study, job.pk)
    assert (job.status, job.created_by, job.my_coder) == ("queued", world.researcher, "Ana")
    assert not study.documents.exists()  # nothing imported during the request
    waiting = client.get(page("import_job", study, job.pk)).content.decode()
    assert 'http-equiv="refresh"' in waiting
    stored = job.upload.name
    assert job.upload.storage.exists(stored)
    for callback in callbacks:  # the worker picks the task up
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert not job.upload and not job.upload.storage.exists(stored)
    assert study.documents.count() == 1
    assert coders_of(study) == {StudyMember.objects.get(study=study, user=world.researcher)}
    done = client.get(page("import_job", study, job.pk)).content.decode()
    assert 'http-equiv="refresh"' not in done and "Imported" in done
    assert "archivo.qdpx" in client.get(page("import", study)).content.decode()


def test_a_broken_file_fails_its_job_with_the_reason_and_keeps_no_file(
    world, study, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("researcher")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page("import_start", study),
            {"upload": SimpleUploadedFile("roto.qdpx", b"PK not really")},
        )
    job = StudyImport.objects.get(study=study)
    assert job.status == "failed" and "not a ZIP archive" in job.error
    assert not job.upload
    assert "not a ZIP archive" in client.get(page("import_job", study, job.pk)).content.decode()


def test_a_file_larger_than_the_upload_limit_is_refused_at_once(world, study, as_persona, settings):
    settings.QDA_MAX_UPLOAD_BYTES = 100
    response = as_persona("researcher").post(
        page("import_start", study), {"upload": SimpleUploadedFile("x.qdpx", b"PK" + b"0" * 200)}
    )
    assert response.status_code == 200
    assert not StudyImport.objects.exists()


@pytest.mark.parametrize("persona,status", [("mentor", 403), ("outsider", 404)])
def test_imports_are_denied_to_people_outside_the_study(world, study, as_persona, persona, status):
    job = StudyImport.objects.create(study=study, filename="x.qdpx")
    client = as_persona(persona)
    upload = SimpleUploadedFile("x.qdpx", b"PK")
    assert client.post(page("import_start", study), {"upload": upload}).status_code == status
    assert client.get(page("import_job", study, job.pk)).status_code == status
    assert StudyImport.objects.count() == 1


# --- The command ------------------------------------------------------------------------------


def write(tmp_path, data: bytes):
    path = tmp_path / "archivo.qdpx"
    path.write_bytes(data)
    return path


def test_the_command_puts_a_new_study_in_the_only_program(world, tmp_path):
    call_command("qda", "import", str(write(tmp_path, project(users=()))), "--study", "nueva")
    assert Study.objects.get(slug="nueva").program == world.program


def test_the_command_asks_for_the_program_when_there_are_several(world, tmp_path):
    ProgramFactory(slug="otro")
    with pytest.raises(CommandError, match="several programs; say which with --program"):
        call_command("qda", "import", str(write(tmp_path, project(users=()))), "--study", "nueva")
    assert not Study.objects.filter(slug="nueva").exists()


def test_the_command_imports_into_an_existing_study_of_its_program(world, study, tmp_path):
    ProgramFactory(slug="otro")
    call_command("qda", "import", str(write(tmp_path, project(users=()))), "--study", "formacion")
    assert study.documents.count() == 1


def test_the_command_maps_one_coder_to_the_researcher_named_by_email(world, study, tmp_path):
    ana = qda.User(guid=qda.stable_guid("h", "ana"), name="Ana")
    path = write(tmp_path, project(users=(ana,)))
    call_command(
        "qda",
        "import",
        str(path),
        "--study",
        "formacion",
        "--map-coder-to-user",
        "Ana=researcher@example.org",
    )
    assert coders_of(study) == {StudyMember.objects.get(study=study, user=world.researcher)}


def test_the_command_applies_the_same_limits(world, study, tmp_path, settings):
    settings.QDA_MAX_SOURCE_BYTES = 10
    with pytest.raises(CommandError, match="too large to import"):
        call_command(
            "qda", "import", str(write(tmp_path, project(users=()))), "--study", "formacion"
        )
    assert not study.documents.exists()


def test_a_code_of_the_file_reaches_the_codebook(world, study):
    services.study_import(study=study, actor=None, data=project(users=()), filename="x.qdpx")
    assert code_named(study, "Inducción").segments.count() == 2
