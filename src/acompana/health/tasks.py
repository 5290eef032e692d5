from django_tasks import task


@task()
def digest_task() -> int:
    """Send this week's health digests not sent yet (safe to run daily: one per week)."""
    from acompana.health.digest import digest_send

    return digest_send()
