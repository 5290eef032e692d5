"""What every research page starts with: the program, the study (permission-checked) and
what the signed-in person may do in it."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from acompana.common.ids import id_or_404
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.research.models import Study, StudyMember
from acompana.research.permissions import (
    can_manage_study,
    can_see_identities,
    get_study_for_user,
    is_coordinator,
    study_member_for,
)


@dataclass
class Place:
    program: Program
    study: Study
    member: StudyMember | None
    coordinator: bool
    manager: bool
    identities: bool

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "program": self.program,
            "study": self.study,
            "member": self.member,
            "is_coordinator": self.coordinator,
            "can_manage": self.manager,
            "can_see_identities": self.identities,
            **extra,
        }


def place(request: HttpRequest, slug: str, study: str) -> Place:
    """The study for this request: 404 for outsiders, 403 without a role in it. Writing a
    study's content is open to everyone who may read it (members and coordinators)."""
    program = get_program_for_user(user=request.user, slug=slug)
    found = get_study_for_user(request.user, program, study, write=request.method == "POST")
    return Place(
        program=program,
        study=found,
        member=study_member_for(request.user, found),
        coordinator=is_coordinator(request.user, program),
        manager=can_manage_study(request.user, found),
        identities=can_see_identities(request.user, found),
    )


def posted_pk(request: HttpRequest, name: str) -> int:
    """The id posted as ``name``; a missing or malformed one is a 404, not a 500."""
    return id_or_404(request.POST.get(name, ""))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
