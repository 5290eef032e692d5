import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
application = get_asgi_application()

# With DEBUG off and no collected static files every page would be a 500: refuse to start.
from acompana.config.startup import require_static_manifest  # noqa: E402

require_static_manifest()
