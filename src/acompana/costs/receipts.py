"""Receipt uploads: the same size and content checks as selection evidence, for the types a
receipt comes in (a scan or photo: PDF, JPEG or PNG; no word-processor documents)."""

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from acompana.selection.forms import validate_evidence

RECEIPT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")


def validate_receipt(upload: UploadedFile) -> None:
    """At most 5 MB, and a PDF, JPEG or PNG by its extension AND its first bytes."""
    name = upload.name or ""
    if os.path.splitext(name)[1].lower() not in RECEIPT_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”: only PDF, JPEG or PNG receipts are accepted.") % {"name": name},
            code="type",
        )
    validate_evidence(upload)
