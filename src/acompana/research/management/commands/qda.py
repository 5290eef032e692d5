"""``acompana qda``: exchange studies with QDA tools in the REFI-QDA format.

    acompana qda export --study SLUG --out FILE.qdpx [--program SLUG]
    acompana qda export-codebook --study SLUG --out FILE.qdc [--program SLUG]
    acompana qda import FILE --study SLUG [--program SLUG] [--map-coder-to-user CODER=EMAIL]

The commands act as the system (no actor in the audit log). Import creates the study when it
does not exist; without ``--program`` it goes to the study's program, or to the only program
when there is one (several programs need ``--program``). It reads the whole file within the
import limits (``QDA_MAX_*``) before writing anything, so a broken or too large file writes
nothing. The file's coders are imported as coders without an account; ``--map-coder-to-user``
names the one coder of the file who is the person with that email, a researcher of the study,
who then imports as themselves (their codings become theirs). FILE may also be an unpacked
project: a folder holding a ``.qde`` file and its ``sources/``. Messages are in English
unless ``--lang es``.
"""

import io
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from acompana.accounts.models import User
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


def _messages(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc) or "Permission denied."
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
            "--program",
            help="program slug (default: the study's program, or the only program there is)",
        )
        load.add_argument(
            "--map-coder-to-user",
            metavar="CODER=EMAIL",
            help="the coder of the file who is this researcher of the study (imports as them)",
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

    def program_for_new_study(self, slug: str | None) -> Program:
        if slug:
            return self.program(slug)
        programs = list(Program.objects.order_by("slug")[:2])
        if len(programs) == 1:
            return programs[0]
        if not programs:
            raise CommandError("There is no program to create the study in.")
        raise CommandError(
            "The study does not exist and there are several programs; say which with --program."
        )

    def coder_mapping(self, raw: str | None) -> tuple[str, User | None]:
        if not raw:
            return "", None
        coder, sep, email = raw.rpartition("=")
        if not sep or not coder.strip() or not email.strip():
            raise CommandError("--map-coder-to-user takes CODER=EMAIL, e.g. INV1=ana@example.org.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with email {email.strip()!r}.")
        return coder.strip(), user

    def import_file(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        my_coder, user = self.coder_mapping(options.get("map_coder_to_user"))
        try:
            source: bytes | Path = _packed(path) if path.is_dir() else path
            if not path.exists():
                raise FileNotFoundError(2, "No such file or directory")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        slug = options["study"]
        study = self.find_study(slug, options.get("program"))
        created = study is None
        try:
            read = services.import_file_read(source=source, filename=path.name)
            if study is None:
                program = self.program_for_new_study(options.get("program"))
                title = slug.replace("-", " ").replace("_", " ").strip().capitalize()
                study = services.study_create(
                    program=program, actor=user, title=title or slug, slug=slug
                )
            try:
                warnings = services.study_import(
                    study=study, actor=user, read=read, filename=path.name, my_coder=my_coder
                )
            except ValidationError:
                if created:  # refused before anything was written: no empty study is left
                    study.delete()
                raise
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(_messages(exc)) from None
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        for warning in warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(
            f"Imported {path.name} into {'new ' if created else ''}study "
            f"{study.slug} of {study.program.slug}: {study.codes.count()} codes, "
            f"{study.documents.count()} documents, {study.participants.count()} participants."
        )
