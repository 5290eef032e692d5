from django_tasks import task


@task()
def match_run_task(run_id: int) -> None:
    """Run the matching engine for a queued run (progress is saved on the run as it goes)."""
    from acompana.matching.services import match_run_execute

    match_run_execute(run_id=run_id)


@task()
def match_publish_notify_task(run_id: int) -> None:
    """Email every mentor and mentee of a published run about their new partnership."""
    from acompana.matching.notifications import notify_published

    notify_published(run_id=run_id)
