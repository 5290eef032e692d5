"""Who may run and add training sessions, for the page, the API and the services alike.

* Coordinators and trainers of the program add sessions to its plans.
* A coordinator names who runs the session: any trainer or coordinator of the same program,
  or nobody yet. A trainer adds only the sessions they run themselves.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role, require_role
from acompana.programs.models import Program

MANAGERS = (Role.COORDINATOR, Role.TRAINER)


def program_trainers(program: Program) -> QuerySet[User]:
    """The people who may run a session of ``program``: its trainers and coordinators."""
    return (
        User.objects.filter(memberships__program=program, memberships__role__in=MANAGERS)
        .distinct()
        .order_by("email")
    )


def may_run_sessions(user: Any, program: Program) -> bool:
    return has_role(user, program, *MANAGERS)


def session_trainer_for(*, user: Any, program: Program, trainer_id: int | None) -> User | None:
    """Who runs a session that ``user`` adds to a plan of ``program``.

    403 unless the user is a coordinator or trainer of the program (404 for outsiders). A
    coordinator's choice must be a trainer or coordinator of this program (or nobody); a
    trainer may name only themselves, and runs the session whether they name themselves or not.
    """
    roles = require_role(user, program, MANAGERS)
    if Role.COORDINATOR not in roles:
        if trainer_id not in (None, user.pk):
            raise ValidationError(
                {"trainer": [_("Trainers add the sessions they run themselves.")]}
            )
        return user
    if trainer_id is None:
        return None
    trainer = program_trainers(program).filter(pk=trainer_id).first()
    if trainer is None:
        raise ValidationError(
            {"trainer": [_("The trainer must be a trainer or coordinator of the program.")]}
        )
    return trainer
