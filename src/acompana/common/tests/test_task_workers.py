"""Several task workers on one PostgreSQL database: each task is taken by exactly one of them
(django-tasks-db claims with SELECT … FOR UPDATE SKIP LOCKED)."""

import datetime
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from acompana.visits.tasks import reminders_task

WORKERS, TASKS = 3, 60


@pytest.mark.django_db(transaction=True)
def test_three_workers_on_postgresql_never_take_a_task_twice(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED claims are PostgreSQL's; SQLite has one writer at a time")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Ready a few seconds from now, when every worker is up and polling: they race for them.
    ready = timezone.now() + datetime.timedelta(seconds=8)
    for _ in range(TASKS):
        reminders_task.using(run_after=ready).enqueue()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "locmem://",
        "HTTPS": "false",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "acompana", "db_worker", "--interval", "0.05",
             "--no-startup-delay", "--worker-id", f"worker-{n}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(WORKERS)
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
            assert time.monotonic() < deadline, "the workers did not finish the tasks"
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    takers = list(DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert len(takers) == TASKS
    assert all(len(ids) == 1 for ids in takers)  # claimed once, run once
