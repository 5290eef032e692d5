"""gunicorn's settings: ``gunicorn -c python:acompana.config.gunicorn acompana.config.wsgi``
(``acompana serve`` runs exactly that after checking the database connections).

Every value comes from the environment (see ``acompana.config.serving`` and docs/deployment.md).
"""

from pathlib import Path

from acompana.config.env import env_int
from acompana.config.serving import serving_from_env

_serving = serving_from_env()

wsgi_app = "acompana.config.wsgi:application"
bind = _serving.bind
workers = _serving.workers
threads = _serving.threads
worker_class = "gthread"
# A request running longer is ended (its worker restarts); reports and imports run as tasks.
timeout = env_int("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Restart a worker after this many requests (plus jitter, so that not all at once): memory that a
# large page took is given back to the system.
max_requests = env_int("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"  # the heartbeat file: never on a slow disk
accesslog = "-"
forwarded_allow_ips = "127.0.0.1,::1"
