import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Floor, Least
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


REVIEW_PAGE_SIZE = 100


def proposals_of_run(
    *, run: MatchRun, region: int | None = None, mentor: str | None = None
) -> QuerySet[MatchProposal]:
    """The run's pairs by mentor, best first; ``region`` keeps the pairs whose mentee (or
    novice) is of that region, ``mentor`` those of the mentor with that code."""
    rows = run.proposals.select_related(
        "mentor__user", "mentee__user", "mentee__school", "novice__user"
    )
    return _filtered(rows, run, region, mentor).order_by("mentor__code", "-score", "pk")


def proposal_ids(
    *, run: MatchRun, region: int | None = None, mentor: str | None = None
) -> QuerySet[MatchProposal, int]:
    """The ids of ``proposals_of_run`` in its order: a page of a large run is chosen on these
    (sorting 100,000 ids joined to the mentors' codes only), then read with ``proposals_by_id``."""
    ids = _filtered(run.proposals.all(), run, region, mentor)
    return ids.order_by("mentor__code", "-score", "pk").values_list("pk", flat=True)


def proposals_by_id(*, run: MatchRun, ids: Sequence[int]) -> list[MatchProposal]:
    """The proposals of ``run`` with these ids, with their people, in the order given."""
    rows = proposals_of_run(run=run).filter(pk__in=list(ids)).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


def _filtered(
    rows: QuerySet[MatchProposal], run: MatchRun, region: int | None, mentor: str | None
) -> QuerySet[MatchProposal]:
    if region is not None:
        person = "novice" if run.kind == MatchRun.Kind.BUDDIES else "mentee"
        rows = rows.filter(**{f"{person}__region_id": region})
    if mentor:
        rows = rows.filter(mentor__code=mentor)
    return rows


def proposal_page(
    *,
    run: MatchRun,
    number: Any,
    region: int | None = None,
    mentor: str | None = None,
    matched: int | None = None,
) -> Page:
    """A page of ``REVIEW_PAGE_SIZE`` pairs of the run, filtered as ``proposals_of_run``;
    ``matched``, the run's number of pairs if known, spares counting them when unfiltered."""
    page = Paginator(proposal_ids(run=run, region=region, mentor=mentor), REVIEW_PAGE_SIZE)
    if matched is not None and region is None and not mentor:
        page.count = matched
    chosen = page.get_page(number)
    return Page(proposals_by_id(run=run, ids=list(chosen)), chosen.number, page)


def _capacity(run: MatchRun) -> Any:
    """Each mentor's capacity in the run, as an SQL expression."""
    if run.kind == MatchRun.Kind.BUDDIES:
        return Value(int(run.options.get("buddy_capacity", 2)))
    return Max("mentor__capacity")


@dataclass(frozen=True)
class MentorLoad:
    """A mentor's pairs in the run (all of them, whatever the page shows): how many against
    their capacity, and their mean score; ``proposals`` are those of the page."""

    mentor: Any
    proposals: list[MatchProposal]
    capacity: int
    load: int
    mean_score: float


def mentor_loads(*, run: MatchRun, proposals: list[MatchProposal]) -> list[MentorLoad]:
    """The mentors of ``proposals`` (a page, say) in order, each with its proposals and its
    load over the whole run (one query)."""
    by_mentor: dict[int, list[MatchProposal]] = {}
    for proposal in proposals:
        by_mentor.setdefault(proposal.mentor_id, []).append(proposal)
    totals = {
        row["mentor"]: row
        for row in run.proposals.filter(mentor__in=by_mentor)
        .values("mentor")
        .annotate(load=Count("id"), mean=Avg("score"), capacity=_capacity(run))
    }
    return [
        MentorLoad(
            rows[0].mentor,
            rows,
            totals[k]["capacity"],
            totals[k]["load"],
            totals[k]["mean"] or 0.0,
        )
        for k, rows in by_mentor.items()
    ]


@dataclass(frozen=True)
class RunTotals:
    """The run as it stands (after swaps and exclusions), aggregated in SQL."""

    matched: int
    total_score: float
    min_score: float | None
    score_counts: list[int]  # pairs per tenth of the score scale, 0-0.1 to 0.9-1
    mentors: int  # mentors with at least one pair
    mentors_full: int  # mentors whose pairs reach their capacity
    mean_load: float
    regions: list[dict[str, Any]]  # per region of the mentees: name, pairs, mean, lowest
    unmatched_reasons: list[tuple[str, int]]  # most frequent first

    def score_values(self) -> list[float]:
        """One value per pair at the middle of its tenth, for a histogram."""
        return [v for k, n in enumerate(self.score_counts) for v in [k / 10 + 0.05] * n]


REVIEW_KEY = "review"


def review_totals(*, run: MatchRun) -> RunTotals:
    """The run's totals as saved on it when it finished and after each edit (``summary``'s
    "review": no scan of a large run's proposals per page view), else computed now; the
    unmatched reasons always come from the run's list."""
    saved = run.summary.get(REVIEW_KEY)
    if not saved:
        return run_totals(run=run)
    reasons = Counter(u.get("reason", "") for u in run.unmatched)
    return RunTotals(**saved, unmatched_reasons=reasons.most_common())


def totals_to_save(*, run: MatchRun) -> dict[str, Any]:
    """``run_totals`` as saved in the run's summary (the unmatched reasons left out)."""
    totals = dataclasses.asdict(run_totals(run=run))
    del totals["unmatched_reasons"]
    return totals


def run_totals(*, run: MatchRun) -> RunTotals:
    """Counts, score distribution, mentor loads, regions and unmatched reasons of a run."""
    pairs = run.proposals.all()
    overall = pairs.aggregate(matched=Count("id"), total=Sum("score"), low=Min("score"))
    tenth = Least(Floor(F("score") * 10), Value(9.0))
    counts = [0] * 10
    for row in pairs.annotate(tenth=tenth).values("tenth").annotate(n=Count("id")).order_by():
        counts[int(row["tenth"])] += row["n"]
    loads = pairs.values("mentor").annotate(load=Count("id"), capacity=_capacity(run)).order_by()
    mentors = loads.aggregate(
        mentors=Count("mentor"),
        full=Count("mentor", filter=Q(load__gte=F("capacity"))),
        mean=Avg("load"),
    )
    person = "novice" if run.kind == MatchRun.Kind.BUDDIES else "mentee"
    regions = (
        pairs.values(region=F(f"{person}__region__name"))
        .annotate(pairs=Count("id"), mean=Avg("score"), low=Min("score"))
        .order_by("region")
    )
    reasons = Counter(u.get("reason", "") for u in run.unmatched)
    return RunTotals(
        matched=overall["matched"],
        total_score=overall["total"] or 0.0,
        min_score=overall["low"],
        score_counts=counts,
        mentors=mentors["mentors"] or 0,
        mentors_full=mentors["full"] or 0,
        mean_load=mentors["mean"] or 0.0,
        regions=[dict(row) for row in regions],
        unmatched_reasons=reasons.most_common(),
    )


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
