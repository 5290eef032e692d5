from django_tasks import task


@task()
def forming_run_task(run_id: int) -> None:
    """Form the circles of a queued run (progress is saved on the run as it goes)."""
    from acompana.circles.forming import forming_run_execute

    forming_run_execute(run_id=run_id)
