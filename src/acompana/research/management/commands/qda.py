"""``acompana qda``: exchange studies with QDA tools in the REFI-QDA format.

    acompana qda export --study SLUG --out FILE.qdpx [--program SLUG]
    acompana qda export-codebook --study SLUG --out FILE.qdc [--program SLUG]
    acompana qda import FILE --study SLUG [--program SLUG]

The commands act as the system (no actor in the audit log). Import creates the study (in the
demo program unless ``--program`` says otherwise) when it does not exist, and writes nothing
when the file is broken. FILE may also be an unpacked project: a folder holding a ``.qde``
file and its ``sources/``. Messages are in English unless ``--lang es``.
"""

import io
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from acompana.demo.data import PROGRAM_SLUG as DEMO_PROGRAM
from acompana.programs.models import Program
from acompana.research import services
from acompana.research.models import Study


def _packed(folder: Path) -> bytes:
    """An unpacked project folder (``project.qde`` and ``sources/``) as a .qdpx archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in sorted(folder.rglob("*")):
            if item.is_file():
                archive.write(item, item.relative_to(folder).as_posix())
    return buffer.getvalue()


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Export a study as REFI-QDA (.qdpx, .qdc) or import a .qdpx or .qdc into a study."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = actions.add_parser("export", help="write the study as a .qdpx project")
        codebook = actions.add_parser("export-codebook", help="write the codebook as a .qdc")
        for sub in (export, codebook):
            sub.add_argument("--study", required=True, help="study slug")
            sub.add_argument("--out", required=True, type=Path, help="file to write")
            sub.add_argument("--program", help="program slug, when two programs have the slug")
        load = actions.add_parser("import", help="import a .qdpx or .qdc file into a study")
        load.add_argument("file", type=Path, help=".qdpx, .qdc, or a folder with a .qde")
        load.add_argument("--study", required=True, help="study slug (created if missing)")
        load.add_argument(
            "--program", help=f"program slug (default for a new study: {DEMO_PROGRAM})"
        )
        for sub in (export, codebook, load):
            sub.add_argument("--lang", default="en", help="language of messages (en or es)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        with translation.override(options["lang"]):
            if action == "import":
                self.import_file(options)
            else:
                self.export(options, codebook=action == "export-codebook")

    def program(self, slug: str) -> Program:
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise CommandError(f"No program with slug {slug!r}.")
        return program

    def find_study(self, slug: str, program_slug: str | None) -> Study | None:
        studies = Study.objects.filter(slug=slug).select_related("program")
        if program_slug:
            return studies.filter(program=self.program(program_slug)).first()
        found = list(studies)
        if len(found) > 1:
            programs = ", ".join(sorted(s.program.slug for s in found))
            raise CommandError(
                f"Several programs have a study {slug!r} ({programs}); say which with --program."
            )
        return found[0] if found else None

    def export(self, options: dict[str, Any], *, codebook: bool) -> None:
        study = self.find_study(options["study"], options.get("program"))
        if study is None:
            raise CommandError(f"No study with slug {options['study']!r}.")
        out: Path = options["out"]
        try:
            if codebook:
                data = services.study_export_qdc(study=study, actor=None)
            else:
                data = services.study_export_qdpx(study=study, actor=None)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}") from None
        what = "codebook" if codebook else "project"
        self.stdout.write(f"Exported the {what} of {study.slug} to {out} ({len(data)} bytes).")

    def import_file(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = _packed(path) if path.is_dir() else path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        slug = options["study"]
        study = self.find_study(slug, options.get("program"))
        created = study is None
        try:
            with transaction.atomic():
                if study is None:
                    program = self.program(options.get("program") or DEMO_PROGRAM)
                    title = slug.replace("-", " ").replace("_", " ").strip().capitalize()
                    study = services.study_create(
                        program=program, actor=None, title=title or slug, slug=slug
                    )
                warnings = services.study_import(
                    study=study, actor=None, data=data, filename=path.name
                )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        for warning in warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(
            f"Imported {path.name} into {'new ' if created else ''}study "
            f"{study.slug} of {study.program.slug}: {study.codes.count()} codes, "
            f"{study.documents.count()} documents, {study.participants.count()} participants."
        )
