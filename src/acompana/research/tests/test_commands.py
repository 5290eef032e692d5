# ruff: noqa: F811  (pytest fixtures imported from test_services_setup)
"""``acompana qda export | export-codebook | import``."""

import pytest
from django.core.management import CommandError, call_command

from acompana.common.models import AuditEntry
from acompana.programs.tests.factories import ProgramFactory
from acompana.research import services
from acompana.research.models import Code, Study
from acompana.research.tests.test_services_setup import coded, study, transcript  # noqa: F401
from acompana_core.qda import read_qdc, read_qdpx
from acompana_core.tests.qda_fixtures import FIXTURES, zip_folder

pytestmark = pytest.mark.django_db


def test_export_writes_the_study_as_a_qdpx_file(study, coded, tmp_path):
    out = tmp_path / "formacion.qdpx"
    call_command("qda", "export", "--study", "formacion", "--out", str(out))
    project = read_qdpx(out.read_bytes()).project
    assert project.name == study.title
    assert len(project.sources) == 1
    entry = AuditEntry.objects.get(action="research.study.export_qdpx")
    assert entry.actor is None


def test_export_codebook_writes_a_qdc_file(study, tmp_path):
    out = tmp_path / "formacion.qdc"
    call_command("qda", "export-codebook", "--study", "formacion", "--out", str(out))
    assert len(list(read_qdc(out.read_bytes()).codebook.all_codes())) == 16


def test_a_slug_in_two_programs_needs_the_program(study, world, tmp_path):
    other = ProgramFactory(slug="otro-programa")
    services.study_create(program=other, actor=None, title="Otro", slug="formacion")
    out = tmp_path / "x.qdpx"
    with pytest.raises(CommandError, match="--program"):
        call_command("qda", "export", "--study", "formacion", "--out", str(out))
    call_command(
        "qda", "export", "--study", "formacion", "--program", "otro-programa", "--out", str(out)
    )
    assert read_qdpx(out.read_bytes()).project.name == "Otro"


def test_an_unknown_study_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No study"):
        call_command("qda", "export", "--study", "nada", "--out", str(tmp_path / "x.qdpx"))


def test_import_creates_the_study_in_the_given_program(world, tmp_path):
    path = tmp_path / "qualcoder.qdpx"
    path.write_bytes(zip_folder(FIXTURES / "qualcoder"))
    call_command("qda", "import", str(path), "--study", "nuevo", "--program", "test-program")
    study = Study.objects.get(slug="nuevo", program=world.program)
    assert study.documents.count() == 2
    # no researcher account comes with the study: only the file's coders, without accounts
    assert not study.members.filter(user__isnull=False).exists()
    assert study.members.exists()


def test_import_creates_the_study_in_the_demo_program_by_default(db, tmp_path):
    ProgramFactory(slug="mentoria-directivos")
    path = FIXTURES / "minimal-example" / "codebook.qdc"
    call_command("qda", "import", str(path), "--study", "libro")
    study = Study.objects.get(slug="libro")
    assert study.program.slug == "mentoria-directivos"
    assert study.codes.exists()


def test_import_into_an_existing_study_merges(study, coded, tmp_path):
    out = tmp_path / "formacion.qdpx"
    call_command("qda", "export", "--study", "formacion", "--out", str(out))
    codes = Code.objects.filter(study=study).count()
    call_command("qda", "import", str(out), "--study", "formacion")
    assert Code.objects.filter(study=study).count() == codes


def test_a_broken_file_is_an_error_and_creates_no_study(world, tmp_path):
    path = tmp_path / "roto.qdpx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("qda", "import", str(path), "--study", "roto", "--program", "test-program")
    assert not Study.objects.filter(slug="roto").exists()


def test_a_missing_file_is_an_error(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("qda", "import", str(tmp_path / "no.qdpx"), "--study", "x")


def test_an_unpacked_project_folder_is_imported_like_its_archive(world, tmp_path):
    call_command(
        "qda",
        "import",
        str(FIXTURES / "qualcoder"),
        "--study",
        "carpeta",
        "--program",
        "test-program",
    )
    assert Study.objects.get(slug="carpeta").documents.count() == 2


def test_messages_are_in_english_unless_spanish_is_asked_for(world, tmp_path):
    broken = tmp_path / "roto.qdpx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("qda", "import", str(broken), "--study", "x", "--program", "test-program")
    with pytest.raises(CommandError, match="no se cambió nada"):
        call_command(
            "qda",
            "import",
            str(broken),
            "--study",
            "x",
            "--program",
            "test-program",
            "--lang",
            "es",
        )
    assert not Study.objects.filter(slug="x").exists()
