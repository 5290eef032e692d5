from django_tasks import task


@task()
def match_run_task(run_id: int) -> None:
    """Run the matching engine for a queued run (progress is saved on the run as it goes)."""
    from acompana.matching.services import match_run_execute

    match_run_execute(run_id=run_id)


@task()
def match_run_publish_task(run_id: int) -> None:
    """Publish a run queued for publication: its pairs become partnerships (or buddy pairs) and
    their people are emailed, in batches, with the progress saved on the run."""
    from acompana.matching.services import match_run_publish_execute

    match_run_publish_execute(run_id=run_id)
