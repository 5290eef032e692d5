from django_tasks import task


@task()
def study_import_task(job_id: int) -> None:
    """Import an uploaded REFI-QDA file into its study (progress is saved on the job)."""
    from acompana.research.services import study_import_run

    study_import_run(job_id=job_id)
