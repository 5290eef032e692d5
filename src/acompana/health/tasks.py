from django_tasks import task


@task()
def digest_task() -> int:
    """Send this week's health digests not sent yet (safe to run daily: one per week)."""
    from acompana.health.digest import digest_send

    return digest_send()


@task()
def fit_task() -> dict[str, int]:
    """Collect pairing-fit answers and send the question after first visits."""
    from acompana.health.fit import fit_tick

    return fit_tick()
