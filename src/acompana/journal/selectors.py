"""Reading a mentee's reflective journal.

An entry is read by its author, and by the people the author shared it with, only while it is
shared: the mentors of the author's current partnerships (entries shared with the mentor), and
the current members and the mentor of the circle it is shared with, while the author is still a
member of it. Never by coordinators, specialists, trainers or researchers: for them the journal
does not exist (403 on its pages; an entry id they guess is not found).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.circles.models import Circle, Meeting, Member
from acompana.circles.selectors import circles_of_mentee
from acompana.frameworks.models import Competency
from acompana.journal.models import JournalEntry
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program
from acompana.visits.models import Visit

JOURNAL_ROLES = (Role.MENTEE,)
SHARED_ROLES = (Role.MENTOR, Role.MENTEE)


def own_mentee_profile(*, user: Any, program: Program) -> MenteeProfile:
    """The caller's mentee profile in ``program``: 404 for outsiders, 403 for members who are
    not mentees there (a journal belongs to a mentee)."""
    require_role(user, program, JOURNAL_ROLES)
    mentee = MenteeProfile.objects.filter(program=program, user=user).first()
    if mentee is None:
        raise PermissionDenied
    return mentee


def entry_list_for_author(*, user: Any, program: Program) -> QuerySet[JournalEntry]:
    """The caller's own entries, newest first (private and shared alike)."""
    mentee = own_mentee_profile(user=user, program=program)
    return JournalEntry.objects.filter(mentee=mentee).select_related(
        "strand", "visit", "shared_circle"
    )


def get_entry_for_author(*, user: Any, program: Program, pk: int) -> JournalEntry:
    """One of the caller's own entries; anyone else's is not found (404)."""
    return get_object_or_404(entry_list_for_author(user=user, program=program), pk=pk)


def _shared_with_mentor(user: Any, program: Program) -> Q:
    current = active_partnerships(program=program).filter(
        mentee=OuterRef("mentee"),
        mentor__in=MentorProfile.objects.filter(program=program, user=user).values("pk"),
    )
    return Q(shared_with_mentor=True) & Q(Exists(current))


def _shared_with_circle(user: Any, program: Program) -> Q:
    # The user's circles: those they are a current member of, and those they mentor.
    mine = Member.objects.filter(
        mentee__program=program, mentee__user=user, left_on__isnull=True
    ).values("circle_id")
    mentored = Circle.objects.filter(program=program, mentor__user=user).values("pk")
    # ... while the author is still a member of the circle.
    author_in = Member.objects.filter(
        circle=OuterRef("shared_circle"), mentee=OuterRef("mentee"), left_on__isnull=True
    )
    return (Q(shared_circle__in=mine) | Q(shared_circle__in=mentored)) & Q(Exists(author_in))


def visible_shared(*, user: Any, program: Program) -> Q:
    """Entries of other mentees shared with ``user`` now (see the module's docstring)."""
    return _shared_with_mentor(user, program) | _shared_with_circle(user, program)


def shared_with_user(*, user: Any, program: Program) -> QuerySet[JournalEntry]:
    """Entries others shared with the caller and still share, newest first: mentors and
    mentees only (403 for the other roles)."""
    require_role(user, program, SHARED_ROLES)
    return (
        JournalEntry.objects.filter(program=program)
        .filter(visible_shared(user=user, program=program))
        .exclude(mentee__user=user)
        .select_related("mentee__user", "strand", "shared_circle")
    )


def mentors_of(mentee: MenteeProfile) -> QuerySet[MentorProfile]:
    """The mentors of the mentee's current partnerships: who "my mentor" is."""
    current = active_partnerships(program=mentee.program).filter(mentee=mentee)
    return MentorProfile.objects.filter(pk__in=current.values("mentor_id")).select_related("user")


def strands_of(program: Program) -> QuerySet[Competency]:
    """The strands an entry may name: the competencies of the program's framework."""
    if program.framework_id is None:
        return Competency.objects.none()
    return Competency.objects.filter(domain__framework_id=program.framework_id).order_by(
        "domain__position", "position", "code"
    )


def visits_of(mentee: MenteeProfile) -> QuerySet[Visit]:
    """The mentee's visits an entry may be linked to, latest first (the latest 100)."""
    return (
        Visit.objects.filter(mentee=mentee).select_related("mentor__user").order_by("-scheduled_at")
    )


def circles_of(mentee: MenteeProfile) -> QuerySet[Circle]:
    """The circles the mentee may share an entry with: those they are a current member of."""
    return circles_of_mentee(program=mentee.program, mentee=mentee)


def meetings_of(mentee: MenteeProfile) -> QuerySet[Meeting]:
    """The meetings of the mentee's circles an entry may be linked to, latest first."""
    return (
        Meeting.objects.filter(circle__in=circles_of(mentee).values("pk"))
        .select_related("circle")
        .order_by("-starts_at")
    )
