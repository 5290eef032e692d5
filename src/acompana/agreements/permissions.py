"""Who may do what with agreements (DESIGN.md §1), for pages and API alike.

* Coordinators: everything in their program: templates, issuing, renegotiating, closing,
  partnership changes, goals, and acknowledging as program leadership.
* A mentor: the agreements of their own pairs (read, acknowledge as mentor, add goals, record
  progress). A mentee: only their own agreement and goals (read, acknowledge as mentee, add
  goals, record progress).
* Specialists, trainers and researchers: no access (403). Specialists accompany mentors in the
  field, but a pair's agreement and goals are between the pair and the program leadership;
  least privilege keeps them out. Outsiders get 404.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member
from acompana.agreements.models import Agreement, Party
from acompana.people.models import Partnership
from acompana.programs.models import Program

READERS = frozenset({Role.COORDINATOR, Role.MENTOR, Role.MENTEE})


@dataclass(frozen=True)
class AgreementAccess:
    """What one user may do with one agreement."""

    coordinator: bool
    mentor: bool  # the pair's mentor
    mentee: bool  # the pair's mentee

    @property
    def parties(self) -> list[str]:
        """The parties the user may acknowledge for."""
        flags = [
            (self.mentor, Party.MENTOR),
            (self.mentee, Party.MENTEE),
            (self.coordinator, Party.COORDINATOR),
        ]
        return [str(party) for allowed, party in flags if allowed]

    @property
    def read(self) -> bool:
        """Open the agreement: the program's coordinators and the pair themselves."""
        return self.coordinator or self.mentor or self.mentee

    @property
    def manage(self) -> bool:
        """Issue versions, close, change the partnership."""
        return self.coordinator

    @property
    def add_goals(self) -> bool:
        return self.coordinator or self.mentor or self.mentee

    @property
    def record_progress(self) -> bool:
        return self.mentor or self.mentee


def require_reader(user: Any, program: Program) -> frozenset[str]:
    """The user's roles; 404 for outsiders, 403 for roles that never see agreements."""
    roles = require_member(user, program)
    if not roles & READERS:
        raise PermissionDenied
    return roles


def require_coordinator(user: Any, program: Program) -> None:
    if Role.COORDINATOR not in require_member(user, program):
        raise PermissionDenied


def partnership_access(
    *, user: Any, partnership: Partnership, roles: frozenset[str]
) -> AgreementAccess:
    """What the user may do with the agreement of ``partnership`` (whether it exists or not):
    pages, the API and the partnership history all ask this one function."""
    return AgreementAccess(
        coordinator=Role.COORDINATOR in roles,
        mentor=Role.MENTOR in roles and partnership.mentor.user_id == user.pk,
        mentee=Role.MENTEE in roles and partnership.mentee.user_id == user.pk,
    )


def agreement_access(*, user: Any, agreement: Agreement, roles: frozenset[str]) -> AgreementAccess:
    return partnership_access(user=user, partnership=agreement.partnership, roles=roles)
