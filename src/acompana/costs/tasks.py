from django_tasks import task


@task()
def expense_submitted_notify_task(expense_id: int) -> int:
    """Email the program's coordinators that an expense awaits their approval."""
    from acompana.costs.notifications import notify_expense_submitted

    return notify_expense_submitted(expense_id=expense_id)


@task()
def expense_decided_notify_task(expense_id: int) -> int:
    """Email the mentor the decision on their expense."""
    from acompana.costs.notifications import notify_expense_decided

    return notify_expense_decided(expense_id=expense_id)
