"""REFI-QDA files read and checked before anything is written: within the import limits of
the settings (``QDA_MAX_*``), and the one coder of the file the importing researcher names as
themselves."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acompana.research.models import Study, StudyMember
from acompana.research.services._common import _member
from acompana_core import qda


def limits() -> qda.Limits:
    """The import limits of the settings (``QDA_MAX_*``, see the README)."""
    return qda.Limits(
        max_source_bytes=settings.QDA_MAX_SOURCE_BYTES,
        max_total_bytes=settings.QDA_MAX_TOTAL_BYTES,
        max_project_bytes=settings.QDA_MAX_PROJECT_BYTES,
    )


def _is_codebook(head: bytes, filename: str) -> bool:
    name = filename.lower()
    if name.endswith(".qdc"):
        return True
    if name.endswith(".qdpx"):
        return False
    return not head.startswith(b"PK")


@dataclass
class ImportFile:
    """A REFI-QDA file read and checked, before anything is written."""

    filename: str
    codebook_only: bool
    project: qda.Project | None
    roots: tuple[qda.Code, ...]
    sets: tuple[qda.Set, ...]
    warnings: list[str] = field(default_factory=list)

    @property
    def coders(self) -> list[str]:
        return [user.name for user in self.project.users] if self.project else []


def import_file_read(*, source: bytes | Path, filename: str) -> ImportFile:
    """Read a ``.qdpx`` project or ``.qdc`` codebook (bytes or a path) within the import limits.

    A broken or too large file raises ``ValidationError`` with the reason.
    """
    if isinstance(source, bytes):
        head = source[:2]
    else:
        with open(source, "rb") as handle:
            head = handle.read(2)
    codebook_only = _is_codebook(head, filename)
    try:
        if codebook_only:
            book = qda.read_qdc(source, limits=limits())
            return ImportFile(
                filename=filename,
                codebook_only=True,
                project=None,
                roots=book.codebook.codes,
                sets=book.codebook.sets,
                warnings=[str(w) for w in book.warnings],
            )
        result = qda.read_qdpx(source, limits=limits())
    except qda.QdaImportError as exc:
        raise ValidationError(
            _("%(file)s could not be imported, nothing was changed: %(reason)s")
            % {"file": filename or _("The file"), "reason": exc}
        ) from exc
    project = result.project
    return ImportFile(
        filename=filename,
        codebook_only=False,
        project=project,
        roots=project.codes,
        sets=project.sets,
        warnings=[str(w) for w in result.warnings],
    )


def import_coder_of_actor(
    *, study: Study, actor: Any, read: ImportFile, name: str
) -> tuple[str, StudyMember]:
    """The coder of the file (its GUID) the importing researcher named as themselves, with
    their own membership; refused when the file has no (or several) such coders or the actor
    is not a member with an account."""
    wanted = name.strip().casefold()
    users = read.project.users if read.project else ()
    found = [u for u in users if u.name.strip().casefold() == wanted or u.guid.casefold() == wanted]
    if len(found) != 1:
        names = ", ".join(sorted(u.name for u in users)) or "—"
        message = (
            _("The file has no coder named %(name)s; its coders are: %(names)s.")
            if not found
            else _("The file has several coders named %(name)s; its coders are: %(names)s.")
        )
        raise ValidationError(message % {"name": name.strip(), "names": names})
    member = _member(actor, study)
    if member is None or member.user_id is None:
        raise ValidationError(
            _("Only a researcher of the study can take a coder of the file as themselves.")
        )
    return found[0].guid, member
