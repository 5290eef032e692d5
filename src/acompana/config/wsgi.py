import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
application = get_wsgi_application()

# With DEBUG off and no collected static files every page would be a 500: refuse to start.
from acompana.config.startup import require_static_manifest  # noqa: E402

require_static_manifest()
