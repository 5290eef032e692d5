from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.matching.models import DEFAULT_CRITERIA, MatchProposal, MatchRun
from acompana.programs.models import Cohort, Program


def run_list_for_user(*, user: Any, program: Program) -> QuerySet[MatchRun]:
    require_role(user, program, [Role.COORDINATOR])
    return MatchRun.objects.filter(program=program).select_related("cohort", "created_by")


def get_run_for_user(*, user: Any, program: Program, pk: int) -> MatchRun:
    return get_object_or_404(run_list_for_user(user=user, program=program), pk=pk)


def get_proposal_for_user(*, user: Any, program: Program, run_pk: int, pk: int) -> MatchProposal:
    run = get_run_for_user(user=user, program=program, pk=run_pk)
    return get_object_or_404(
        MatchProposal.objects.select_related(
            "run__cohort",
            "run__program",
            "mentor__user",
            "mentee__user",
            "mentee__school",
            "novice__user",
        ),
        run=run,
        pk=pk,
    )


def proposals_of_run(*, run: MatchRun) -> QuerySet[MatchProposal]:
    return run.proposals.select_related(
        "mentor__user", "mentee__user", "mentee__school", "novice__user"
    ).order_by("mentor__code", "-score")


@dataclass(frozen=True)
class MentorLoad:
    mentor: Any
    proposals: list[MatchProposal]
    capacity: int

    @property
    def load(self) -> int:
        return len(self.proposals)

    @property
    def mean_score(self) -> float:
        return sum(p.score for p in self.proposals) / len(self.proposals) if self.proposals else 0


def mentor_loads(*, run: MatchRun, proposals: list[MatchProposal]) -> list[MentorLoad]:
    """Per mentor: their proposed mentees, load against capacity and mean score."""
    by_mentor: dict[int, list[MatchProposal]] = {}
    mentors: dict[int, Any] = {}
    for proposal in proposals:
        by_mentor.setdefault(proposal.mentor_id, []).append(proposal)
        mentors[proposal.mentor_id] = proposal.mentor
    capacity = run.options.get("buddy_capacity", 2) if run.kind == MatchRun.Kind.BUDDIES else None
    return [
        MentorLoad(mentors[k], by_mentor[k], capacity or mentors[k].capacity)
        for k in sorted(by_mentor, key=lambda k: mentors[k].code)
    ]


def initial_criteria(*, cohort: Cohort | None, kind: str) -> dict[str, Any]:
    """The weights of the cohort's last run of this kind, else the defaults."""
    last = (
        MatchRun.objects.filter(cohort=cohort, kind=kind).order_by("-created_at").first()
        if cohort
        else None
    )
    return dict(last.criteria) if last else dict(DEFAULT_CRITERIA)


@dataclass(frozen=True)
class PublishRecipients:
    """Who publishing a run emails: each new pair's mentee (or novice) and their mentor once."""

    pairs: int  # new pairs, each announced to its mentee or novice
    mentors: int  # mentors with at least one new pair, each sent one email
    kept: int  # pairs already published before: not announced again

    @property
    def emails(self) -> int:
        return self.pairs + self.mentors


def publish_recipients(*, run: MatchRun) -> PublishRecipients:
    """The people ``match_run_publish`` will notify, counted before the coordinator confirms
    (the same proposals its notification reads: those not kept from an earlier publication)."""
    new = run.proposals.filter(kept=False)
    return PublishRecipients(
        pairs=new.count(),
        mentors=new.values("mentor").distinct().count(),
        kept=run.proposals.filter(kept=True).count(),
    )
