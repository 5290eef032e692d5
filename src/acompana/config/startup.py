"""Start-up guards: a production start without collected static files fails at once.

With DEBUG off, pages name their CSS and scripts through whitenoise's manifest (hashed file
names). Without the manifest that ``acompana collectstatic`` writes, every page would be a 500.
The server refuses to start instead (wsgi/asgi), and ``acompana check --deploy`` reports it.
"""

from typing import Any

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

MANIFEST_CHECK_ID = "acompana.E001"


def static_manifest_missing() -> str | None:
    """Why pages cannot be served (the static files manifest is missing), or None."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.manifest_storage.exists(storage.manifest_name):
        return None
    path = storage.manifest_storage.path(storage.manifest_name)
    return (
        f"The static files manifest {path} is missing, so with DEBUG=false every page would "
        "fail. Run `acompana collectstatic --noinput` before starting the server (it is part of "
        "every deployment: docs/deployment.md), or set STATIC_MANIFEST=false."
    )


def require_static_manifest() -> None:
    """Refuse to start serving pages without the static files manifest."""
    problem = static_manifest_missing()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = static_manifest_missing()
    if not problem:
        return []
    return [
        checks.Error(
            problem,
            hint="acompana collectstatic --noinput",
            id=MANIFEST_CHECK_ID,
        )
    ]
