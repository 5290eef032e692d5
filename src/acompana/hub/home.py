"""What each role finds on the home page of each of their programs (gathers every app)."""

from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.agreements.selectors import partnerships_without_agreement
from acompana.common.counting import capped_count
from acompana.costs.selectors import expenses_awaiting_count
from acompana.people.models import MenteeProfile, MentorProfile, SpecialistAssignment
from acompana.people.selectors import active_partnerships, mentees_waiting, own_rows
from acompana.programs.models import School
from acompana.programs.selectors import ProgramRoles
from acompana.research.models import Document, Segment, Study
from acompana.selection.selectors import applications_of_candidate, calls_open_for_candidate
from acompana.surveys.selectors import open_invitations
from acompana.training.models import TrainingSession
from acompana.training.selectors import mentors_not_ready
from acompana.visits.models import Commitment, Visit


def home_panels(*, user: Any, program_roles: ProgramRoles) -> dict[str, Any]:
    program, roles = program_roles.program, set(program_roles.roles)
    panel: dict[str, Any] = {"program": program, "roles": program_roles}
    if Role.COORDINATOR in roles:
        panel["not_ready"] = mentors_not_ready(program, limit=20)
        panel["without_agreement"] = pairs_without_agreement(program=program)
        panel["counts"] = {
            "mentors": MentorProfile.objects.filter(program=program).count(),
            "mentees": MenteeProfile.objects.filter(program=program).count(),
            "schools": School.objects.filter(program=program).count(),
            "cohorts": program.cohorts.count(),
            # capped: a national program has tens of thousands waiting ("more than 1,000")
            "waiting": capped_count(
                mentees_waiting(MenteeProfile.objects.filter(program=program)), HOME_CAP
            ),
        }
        panel["expenses_awaiting"] = expenses_awaiting_count(program=program)
    partnerships = active_partnerships(program=program)
    if Role.MENTOR in roles:
        panel["my_mentees"] = list(
            partnerships.filter(own_rows(user=user, program=program, roles=[Role.MENTOR]))
            .select_related("mentee__user", "mentee__school")
            .order_by("mentee__code")
        )
    if Role.MENTEE in roles:
        panel["my_mentors"] = list(
            partnerships.filter(
                own_rows(user=user, program=program, roles=[Role.MENTEE])
            ).select_related("mentor__user")
        )
    if Role.SPECIALIST in roles:
        panel["accompanied"] = list(
            SpecialistAssignment.objects.filter(program=program, specialist=user)
            .select_related("mentor__user", "mentor__region")
            .order_by("mentor__code")
        )
    if roles & {Role.MENTOR, Role.MENTEE}:
        # by profile ids (indexed columns), not an OR across the joins to users
        mine = own_rows(user=user, program=program, roles=roles & {Role.MENTOR, Role.MENTEE})
        panel["upcoming"] = list(
            Visit.objects.filter(program=program, scheduled_at__gte=timezone.now())
            .filter(mine)
            .exclude(status=Visit.Status.CANCELLED)
            .select_related("mentor__user", "mentee__user")
            .order_by("scheduled_at")[:5]
        )
        panel["overdue"] = list(
            Commitment.objects.filter(
                mine,
                visit__program=program,
                status=Commitment.Status.OPEN,
                due_on__lt=timezone.localdate(),
            ).select_related("mentee__user")[:10]
        )
        panel["today"] = (
            Visit.objects.filter(
                program=program,
                scheduled_at__date=timezone.localdate(),
                status=Visit.Status.PLANNED,
            )
            .filter(mine)
            .order_by("scheduled_at")
            .first()
        )
    if Role.TRAINER in roles:
        panel["trainer_sessions"] = trainer_sessions(user=user, program=program)
    if Role.RESEARCHER in roles:
        panel["studies"] = list(studies_of_researcher(user=user, program=program))
    panel["next_step"] = next_step(panel=panel, roles=roles)
    panel["surveys_to_answer"] = open_invitations(user=user, program=program)
    return panel


HOME_CAP = 1000  # the home's figures count this many rows at most, then say "more than"


def pairs_without_agreement(*, program: Any) -> dict[str, Any]:
    """The number of active pairs without an acknowledged agreement (capped) and the first 20
    by mentor and mentee code.

    The 20 are looked for among the first 20 mentors (by code) with such a pair, found by
    walking the mentors' code index with EXISTS, so the database never sorts the program's
    every pending pair (33,000 at national scale) to show twenty."""
    without = partnerships_without_agreement(program=program)
    first_mentors = (
        MentorProfile.objects.filter(program=program)
        .filter(Exists(without.filter(mentor=OuterRef("pk"))))
        .order_by("code")
        .values("pk")[:20]
    )
    first = without.filter(mentor__in=first_mentors).select_related("mentor__user", "mentee__user")
    return {"count": capped_count(without, HOME_CAP), "first": list(first[:20])}


def next_step(*, panel: dict[str, Any], roles: set[str]) -> dict[str, str] | None:
    """The one thing the reader most likely came to do: the page's primary action."""
    slug = panel["program"].slug
    today, upcoming = panel.get("today"), panel.get("upcoming")
    if Role.MENTOR in roles and today is not None:
        url = reverse("visits:detail", args=[slug, today.pk])
        return {"url": f"{url}#during", "label": _("Record today's visit")}
    if Role.MENTEE in roles and today is not None:
        url = reverse("visits:detail", args=[slug, today.pk])
        return {"url": url, "label": _("Open today's visit")}
    if roles & {Role.MENTOR, Role.MENTEE} and upcoming:
        url = reverse("visits:detail", args=[slug, upcoming[0].pk])
        if Role.MENTOR in roles:
            return {"url": f"{url}#before", "label": _("Prepare the next visit")}
        return {"url": url, "label": _("See the next visit")}
    if roles & {Role.MENTOR, Role.MENTEE}:
        return {"url": reverse("visits:list", args=[slug]), "label": _("My visits")}
    if panel.get("counts", {}).get("waiting"):
        url = reverse("matching:runs", args=[slug])
        return {"url": url, "label": _("Match the mentees waiting")}
    sessions = panel.get("trainer_sessions")
    if sessions and sessions["upcoming"]:
        first = sessions["upcoming"][0]
        url = reverse("training:session", args=[slug, first.pk])
        return {"url": url, "label": _("Open the next session")}
    if sessions is not None:
        return {"url": reverse("training:index", args=[slug]), "label": _("Training plans")}
    studies = panel.get("studies")
    if studies:
        study = studies[0]
        return {
            "url": reverse("research:study", args=[slug, study.slug]),
            "label": _("Open the study"),
        }
    return None


def studies_of_researcher(*, user: Any, program: Any) -> QuerySet[Study]:
    """The studies the user is a member of, with what they hold and when they last changed
    (one query, whatever their size)."""

    def per_study(queryset: QuerySet[Any], field: str, value: Any) -> Subquery:
        rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
        return Subquery(rows.annotate(v=value).values("v")[:1])

    documents = Document.objects.all()
    segments = Segment.objects.all()
    return (
        Study.objects.filter(program=program, members__user=user)
        .annotate(
            document_count=Coalesce(
                per_study(documents, "study", Count("pk")), 0, output_field=IntegerField()
            ),
            segment_count=Coalesce(
                per_study(segments, "document__study", Count("pk")),
                0,
                output_field=IntegerField(),
            ),
            participant_count=Count("participants", distinct=True),
            last_document=per_study(documents, "study", Max("updated_at")),
            last_segment=per_study(segments, "document__study", Max("updated_at")),
        )
        .annotate(
            last_activity=Greatest(
                Coalesce("last_document", "updated_at"),
                Coalesce("last_segment", "updated_at"),
                "updated_at",
            )
        )
        .order_by("-last_activity", "title")
    )


def trainer_sessions(*, user: Any, program: Any, count: int = 5) -> dict[str, list[Any]]:
    """The training sessions the user leads in ``program``: the next ones and the latest held."""
    mine = TrainingSession.objects.filter(plan__program=program, trainer=user).select_related(
        "plan__cohort"
    )
    now = timezone.now()
    return {
        "upcoming": list(mine.filter(starts_at__gte=now).order_by("starts_at")[:count]),
        "recent": list(mine.filter(starts_at__lt=now).order_by("-starts_at")[:count]),
    }


def candidate_panel(*, user: Any) -> dict[str, Any]:
    """Open calls the person may apply to, and their own applications with their status."""
    return {
        "open_calls": list(calls_open_for_candidate(user=user)[:20]),
        "applications": list(applications_of_candidate(user=user)[:20]),
    }
