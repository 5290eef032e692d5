"""Imports from the research pages run as background tasks: the uploaded file is stored
privately, a ``StudyImport`` job records its status, progress and messages (the page shows
them), and the task writes the file into the study in short transactions."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import Study, StudyImport
from acompana.research.services.qda_import import study_import

log = logging.getLogger(__name__)


def study_import_queue(
    *, study: Study, actor: Any, upload: UploadedFile, my_coder: str = ""
) -> StudyImport:
    """Store an uploaded ``.qdpx``/``.qdc`` file and queue its import into ``study``.

    ``my_coder`` names the coder of the file who is the importing researcher (see
    ``study_import``). A file larger than ``QDA_MAX_UPLOAD_BYTES`` is refused at once.
    """
    most = settings.QDA_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > most:
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).")
            % {"size": floatformat(most / 1024 / 1024, -1)}
        )
    from acompana.research.tasks import study_import_task

    with transaction.atomic():
        job = StudyImport(
            study=study,
            created_by=actor,
            filename=(upload.name or "import")[:200],
            my_coder=my_coder.strip()[:200],
        )
        job.upload.save("upload", upload, save=False)
        job.save()
        audit.log(
            "research.study.import_queued",
            actor=actor,
            target=study,
            data={"job": job.pk, "file": job.filename},
        )
        transaction.on_commit(lambda: study_import_task.enqueue(job.pk))
    return job


def _save_progress(job_id: int, percent: int) -> None:
    StudyImport.objects.filter(pk=job_id).update(progress=min(max(percent, 0), 100))


def study_import_run(*, job_id: int) -> StudyImport:
    """Run a queued import (the task's body). A job that already started is left alone; the
    uploaded file is deleted when the import ends, whether it succeeded or not."""
    with transaction.atomic():
        job = (
            StudyImport.objects.select_for_update(of=("self",))
            .select_related("study__program", "created_by")
            .get(pk=job_id)
        )
        if job.status != StudyImport.Status.QUEUED:
            return job
        job.status = StudyImport.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    try:
        with job.upload.open("rb") as handle:
            data = handle.read()
        job.warnings = study_import(
            study=job.study,
            actor=job.created_by,
            data=data,
            filename=job.filename,
            my_coder=job.my_coder,
            progress=lambda percent: _save_progress(job.pk, percent),
        )
        job.status = StudyImport.Status.DONE
        job.progress = 100
    except ValidationError as exc:
        job.status = StudyImport.Status.FAILED
        job.error = " ".join(exc.messages)
    except Exception:
        log.exception("research import %s failed", job.pk)
        job.status = StudyImport.Status.FAILED
        job.error = _(
            "The import stopped because of an error. Importing the same file again completes "
            "what was written (rows are matched by their GUIDs)."
        )
    finally:
        if job.upload:
            job.upload.delete(save=False)
        job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "status",
                "progress",
                "warnings",
                "error",
                "upload",
                "finished_at",
                "updated_at",
            ]
        )
    return job
