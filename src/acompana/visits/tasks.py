from django_tasks import task


@task()
def reminders_task() -> dict[str, int]:
    """Send the reminders that are due (visits tomorrow, empty dialogues, overdue commitments).

    Scheduled every 15 minutes by cron or a scheduler (``acompana send_reminders --enqueue``
    queues this task; without ``--enqueue`` the command sends them itself).
    """
    from acompana.visits.reminders import reminders_send

    return reminders_send()
