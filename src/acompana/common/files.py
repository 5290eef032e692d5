"""Private uploads: random storage names, and downloads only through permission-checking views.

Nothing under MEDIA_ROOT is public (no URL serves it): evidence files and receipts are handed
out by the views that checked who asks. ``private_file_response`` streams the file from
Django, or, with ``PRIVATE_FILES_SERVER`` set, lets the proxy send it after the check
(nginx: ``X-Accel-Redirect`` to an ``internal`` location; Apache: ``X-Sendfile``).
"""

import mimetypes
import os
import re
import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}$")
SERVERS = {"", "django", "nginx", "apache"}


def original_filename(name: str | None, *, default: str = "file") -> str:
    """The name a person gave their file, without any folder, at most 255 characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return (base or default)[-255:]


def random_storage_name(prefix: str, filename: str) -> str:
    """``<prefix>/<year>/<32 random hex digits><.ext>``: nothing in it names the person or
    can be guessed from another upload; the original extension is kept when it is plain."""
    match = _EXTENSION.search(original_filename(filename).lower())
    extension = match.group(0) if match else ""
    return f"{prefix}/{timezone.localdate().year}/{uuid.uuid4().hex}{extension}"


@deconstructible
class RandomName:
    """An ``upload_to`` giving every upload under ``prefix`` a random name."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        return random_storage_name(self.prefix, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def private_files_server() -> str:
    server = (getattr(settings, "PRIVATE_FILES_SERVER", "") or "").strip().lower()
    if server not in SERVERS:
        raise ImproperlyConfigured(
            f"PRIVATE_FILES_SERVER must be empty, 'nginx' or 'apache', not {server!r}."
        )
    return "" if server == "django" else server


def private_file_response(
    request: HttpRequest, fieldfile: FieldFile, filename: str
) -> HttpResponseBase:
    """A download of ``fieldfile`` named ``filename``, for a caller the view has checked.

    Streamed by Django unless ``PRIVATE_FILES_SERVER`` hands the sending to the proxy: an
    empty response with ``X-Accel-Redirect: <PRIVATE_FILES_INTERNAL_PREFIX><name>`` (nginx)
    or ``X-Sendfile: <path>`` (Apache). Files in object storage are always streamed.
    """
    if not fieldfile or not fieldfile.name:
        raise Http404
    server = private_files_server()
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    disposition = content_disposition_header(True, filename) or "attachment"
    path = _local_path(fieldfile)
    if server and path is not None:
        if not os.path.exists(path):
            raise Http404
        response = HttpResponse(content_type=content_type)
        if server == "nginx":
            prefix = "/" + settings.PRIVATE_FILES_INTERNAL_PREFIX.strip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(fieldfile.name.lstrip("/"))
        else:
            response["X-Sendfile"] = path
        response["Content-Disposition"] = disposition
        return response
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename)


def _local_path(fieldfile: FieldFile) -> str | None:
    try:
        return str(fieldfile.path)
    except NotImplementedError:  # object storage: no local path for the proxy to read
        return None
