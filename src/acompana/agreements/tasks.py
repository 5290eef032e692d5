from django_tasks import task


@task()
def agreement_acknowledgement_notify_task(version_id: int) -> int:
    """Email the mentor, the mentee and the coordinators that a version awaits them."""
    from acompana.agreements.notifications import notify_acknowledgement_needed

    return notify_acknowledgement_needed(version_id=version_id)
