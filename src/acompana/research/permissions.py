"""Who may do what in a study.

* Coordinators of the program see and manage every study of their program, including who
  the participants are; they grant identity access and allow field-work documents.
* Researchers of the program create studies and see the studies they are members of.
* A study's content is for its members and the program's coordinators only; mentors,
  mentees, specialists and trainers see nothing of it, outsiders get 404.
* Real names (participants' identities, coders' names) are shown only to coordinators and to
  members with identity access: everyone else sees code names.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, require_member
from acompana.programs.models import Program
from acompana.research.models import Study, StudyMember

STUDY_ROLES = (Role.COORDINATOR, Role.RESEARCHER)


def is_coordinator(user: Any, program: Program) -> bool:
    return bool(user is not None and has_role(user, program, Role.COORDINATOR))


def study_member_for(user: Any, study: Study) -> StudyMember | None:
    """The user's membership of the study, or None (cached on the study for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, StudyMember | None] = study.__dict__.setdefault("_acompana_members", {})
    if user.pk not in cache:
        cache[user.pk] = StudyMember.objects.filter(study=study, user=user).first()
    return cache[user.pk]


def can_create_study(user: Any, program: Program) -> bool:
    return bool(has_role(user, program, *STUDY_ROLES))


def can_access_study(user: Any, study: Study) -> bool:
    """Read and work on the study's content: its members and the program's coordinators."""
    if is_coordinator(user, study.program):
        return True
    return has_role(user, study.program, Role.RESEARCHER) and (
        study_member_for(user, study) is not None
    )


def can_manage_study(user: Any, study: Study) -> bool:
    """Change the study itself and its members: lead members and coordinators."""
    if is_coordinator(user, study.program):
        return True
    member = study_member_for(user, study)
    return bool(member and member.is_lead and has_role(user, study.program, Role.RESEARCHER))


def can_see_identities(user: Any, study: Study) -> bool:
    """Coordinators, and members a coordinator granted identity access to."""
    if is_coordinator(user, study.program):
        return True
    member = study_member_for(user, study)
    return bool(
        member and member.identity_access and has_role(user, study.program, Role.RESEARCHER)
    )


def require_study_access(user: Any, study: Study) -> None:
    """404 for outsiders of the program, 403 for members who may not see the study."""
    require_member(user, study.program)
    if not can_access_study(user, study):
        raise PermissionDenied


def get_study_for_user(user: Any, program: Program, slug: str, write: bool = False) -> Study:
    """The study ``slug`` of ``program`` if ``user`` may work on it.

    Outsiders of the program get 404 (even for a study that exists), members without a study
    role 403, a researcher who is not a member of the study 403, an unknown slug 404.
    ``write`` asks for writing the study's content (documents, codes, coding, memos), which
    every member and coordinator may do; changing the study itself is ``can_manage_study``.
    """
    require_member(user, program)
    if not has_role(user, program, *STUDY_ROLES):
        raise PermissionDenied
    study = Study.objects.select_related("program").filter(program=program, slug=slug).first()
    if study is None:
        raise Http404
    if not can_access_study(user, study):
        raise PermissionDenied
    return study
