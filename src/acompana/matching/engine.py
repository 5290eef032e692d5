"""From the database to the Django-free engine and back: profiles in, proposals out.

Profiles are read as plain rows (``values_list``, streamed in batches), never as model
instances, so that a national cohort (100,000 mentees, 10,000 mentors) costs tuples rather
than objects; proposals go back as unsaved rows that the caller saves in batches.
"""

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from acompana.matching.models import ConflictOfInterest, MatchProposal, MatchRun, PairRule
from acompana.people.models import BuddyPair, MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import novice_flags_in
from acompana.programs.models import Modality
from acompana_core.matching import scoring
from acompana_core.matching.problem import EdgeTable, Mentee, Mentor, Problem

BUDDY_CAPACITY = 2
DEFAULT_MAX_KM = 60
# Without a number of candidates per person, every allowed pair is an edge; beyond this
# many pairs, each person keeps its best DEFAULT_CANDIDATES instead.
ALL_PAIRS_LIMIT = 5_000_000
DEFAULT_CANDIDATES = 100
BATCH = 5_000

MENTOR_FIELDS = (
    "pk",
    "code",
    "region_id",
    "latitude",
    "longitude",
    "modality_preference",
    "languages",
    "management_years",
    "school_levels",
    "school_id",
    "teaching_philosophy",
    "capacity",
)
MENTEE_FIELDS = (
    "pk",
    "code",
    "region_id",
    "school__latitude",
    "school__longitude",
    "preferred_modality",
    "languages_text",
    "position",
    "school__level",
    "school_id",
    "teaching_philosophy",
)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


@functools.cache
def _languages(text: str | None) -> frozenset[str]:
    """Languages from their JSON text (a cohort repeats a few lists: each is decoded once)."""
    return frozenset(json.loads(text) if text else ())


def _rows(explanation: scoring.Explanation) -> list[dict[str, Any]]:
    return [
        {
            "criterion": c.criterion,
            "value": None if c.value is None else round(c.value, 4),
            "weight": c.weight,
            "contribution": round(c.contribution, 4),
            "passed": c.passed,
        }
        for c in explanation
    ]


class Proposal(NamedTuple):
    """A proposal row, as saved (the run aside)."""

    mentor_id: int
    mentee_id: int | None
    novice_id: int | None
    score: float
    explanation: list[dict[str, Any]]
    locked: bool
    kept: bool


def save_proposals(run: MatchRun, batches: Iterable[list[Proposal]]) -> int:
    """Insert the proposals of ``run``, a batch at a time: COPY on PostgreSQL (a national run
    saves 100,000 of them), ``bulk_create`` elsewhere. Returns how many were saved."""
    saved = 0
    if connection.vendor != "postgresql":
        for batch in batches:
            MatchProposal.objects.bulk_create(MatchProposal(run=run, **p._asdict()) for p in batch)
            saved += len(batch)
        return saved
    columns = ", ".join(("run_id", *Proposal._fields))
    sql = f"COPY {MatchProposal._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for batch in batches:
                for p in batch:
                    copy.write_row((run.pk, *p[:4], json.dumps(p.explanation), p.locked, p.kept))
                saved += len(batch)
        # Fresh statistics, so that the review's queries are planned for the rows just added
        # (the planner would otherwise take a run for a handful of rows until autovacuum).
        cursor.execute(f"ANALYZE {MatchProposal._meta.db_table}")
    return saved


@dataclass
class Pool:
    """Everyone a run may pair (ids and codes), their scorer, and the pairs to keep.

    ``people`` and ``mentors`` map profile ids (as strings) to codes; ``novices`` tells
    whether the people are novice mentors (a buddies run) rather than mentees.
    """

    run: MatchRun
    people: dict[str, str]
    mentors: dict[str, str]
    capacities: dict[str, int]
    scorer: scoring.Scorer
    kept: list[tuple[str, str]]
    locked: list[tuple[str, str]]
    novices: bool = False

    @cached_property
    def fixed(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys(self.locked + self.kept))

    @property
    def candidates(self) -> int | None:
        """Candidates per person: the run's option, else all pairs up to ALL_PAIRS_LIMIT."""
        top_k = self.run.options.get("candidates")
        if top_k:
            return int(top_k)
        pairs = len(self.people) * len(self.mentors)
        return DEFAULT_CANDIDATES if pairs > ALL_PAIRS_LIMIT else None

    @cached_property
    def edges(self) -> EdgeTable:
        """Allowed pairs (each person's best ``candidates`` within their region, if set),
        plus the kept and locked pairs whatever their score, so that they can be kept."""
        return scoring.candidate_edges(
            self.scorer, top_k=self.candidates, keep=self.fixed, within_region=True
        )

    @property
    def pair_count(self) -> int:
        return len(self.edges)

    def problem(self, *, objective: str) -> Problem:
        load: dict[str, int] = {}
        for _person, mentor in self.fixed:
            load[mentor] = load.get(mentor, 0) + 1
        return Problem(
            objective=objective,  # type: ignore[arg-type]
            # A published pair is kept even if a mentor's capacity was lowered since.
            mentors=[Mentor(i, max(c, load.get(i, 0))) for i, c in self.capacities.items()],
            mentees=[Mentee(i) for i in self.people],
            edges=self.edges,
            locked=self.fixed,
        )

    def pair(self, person_id: str, mentor_id: str) -> tuple[float, list[dict[str, Any]]] | None:
        """The score and explanation of a pair, or None if the pair may not be proposed."""
        if person_id not in self.people or mentor_id not in self.mentors:
            return None
        explanation = scoring.explain(self.scorer, person_id, mentor_id)
        if not explanation.allowed and (person_id, mentor_id) not in set(self.fixed):
            return None
        return round(explanation.score, 6), _rows(explanation)

    def proposals(self, assignments: list[tuple[str, str, float]]) -> Iterator[list[Proposal]]:
        """The solver's assignments as proposal rows, each with its explanation, in batches
        of BATCH."""
        kept, locked = set(self.kept), set(self.locked)
        mentee, novice = (None, True) if self.novices else (True, None)
        for start in range(0, len(assignments), BATCH):
            pairs = [(p, m) for p, m, _score in assignments[start : start + BATCH]]
            yield [
                Proposal(
                    mentor_id=int(pair[1]),
                    mentee_id=int(pair[0]) if mentee else None,
                    novice_id=int(pair[0]) if novice else None,
                    score=round(score, 6),
                    explanation=[
                        {
                            "criterion": criterion,
                            "value": None if value is None else round(value, 4),
                            "weight": weight,
                            "contribution": round(contribution, 4),
                            "passed": passed,
                        }
                        for criterion, value, weight, contribution, passed in parts
                    ],
                    locked=pair in locked,
                    kept=pair in kept,
                )
                for pair, (score, parts) in zip(
                    pairs, scoring.explain_scores(self.scorer, pairs), strict=True
                )
            ]

    def person_code(self, person_id: str) -> str:
        return self.people[person_id]


def _grouped(rows: Iterable[tuple[int, Any]]) -> dict[int, set[str]]:
    grouped: dict[int, set[str]] = {}
    for owner, item in rows:
        grouped.setdefault(owner, set()).add(str(item))
    return grouped


def _mentor_features(row: dict[str, Any], strengths: dict[int, set[str]]) -> scoring.MentorProfile:
    return scoring.MentorProfile(
        id=str(row["pk"]),
        region=_str(row["region_id"]),
        latitude=_float(row["latitude"]),
        longitude=_float(row["longitude"]),
        modality=row["modality_preference"] or None,
        languages=frozenset(row["languages"] or ()),
        strengths=frozenset(strengths.get(row["pk"], ())),
        management_years=float(row["management_years"]),
        school_levels=frozenset(row["school_levels"] or ()),
        school=_str(row["school_id"]),
        philosophy=row["teaching_philosophy"],
    )


def _novice_features(row: dict[str, Any]) -> scoring.MenteeProfile:
    return scoring.MenteeProfile(
        id=str(row["pk"]),
        region=_str(row["region_id"]),
        latitude=_float(row["latitude"]),
        longitude=_float(row["longitude"]),
        modality=row["modality_preference"] or None,
        languages=frozenset(row["languages"] or ()),
        philosophy=row["teaching_philosophy"],
    )


def _mentee_features(
    row: tuple[Any, ...],
    needs: dict[int, set[str]],
    previous: dict[int, int],
    supervisors: dict[int, set[str]],
) -> scoring.MenteeProfile:
    pk, _code, region, lat, lon, modality, languages, position, level, school, text = row
    return scoring.MenteeProfile(
        id=str(pk),
        region=_str(region),
        latitude=_float(lat),
        longitude=_float(lon),
        modality=modality or None,
        languages=_languages(languages),
        needs=frozenset(needs.get(pk, ())),
        position=position or None,
        school_level=level or None,
        school=_str(school),
        previous_mentor=str(previous[pk]) if pk in previous else None,
        former_supervisors=frozenset(supervisors.get(pk, ())),
        philosophy=text,
    )


def _previous_mentors(run: MatchRun, mentees: Q) -> dict[int, int]:
    """Each mentee's mentor from an earlier cohort (or an ended partnership), most recent last."""
    previous: dict[int, int] = {}
    earlier = (
        Partnership.objects.filter(mentees)
        .filter(Q(ended_on__isnull=False) | ~Q(cohort=run.cohort))
        .order_by("started_on")
        .values_list("mentee_id", "mentor_id")
    )
    for mentee_id, mentor_id in earlier.iterator(chunk_size=BATCH):
        previous[mentee_id] = mentor_id
    return previous


def _mentor_rows(run: MatchRun) -> list[dict[str, Any]]:
    mentors = MentorProfile.objects.filter(program=run.program, cohorts=run.cohort, active=True)
    return list(mentors.order_by("code").values(*MENTOR_FIELDS).iterator(chunk_size=BATCH))


def _strengths(run: MatchRun) -> dict[int, set[str]]:
    through = MentorProfile.strengths.through.objects.filter(
        mentorprofile__program=run.program,
        mentorprofile__cohorts=run.cohort,
        mentorprofile__active=True,
    )
    return _grouped(
        through.values_list("mentorprofile_id", "competency_id").iterator(chunk_size=BATCH)
    )


def pool_for_run(run: MatchRun) -> Pool:
    """Load the cohort's people and the coordinator's decisions for ``run``."""
    rules = PairRule.objects.filter(cohort=run.cohort)
    criteria = scoring.Criteria(
        weights=run.criteria,
        in_person=run.cohort.modality == Modality.IN_PERSON,
        max_km=float(run.options.get("max_km", DEFAULT_MAX_KM)),
    )
    mentor_rows = _mentor_rows(run)
    strengths = _strengths(run)
    if run.kind == MatchRun.Kind.BUDDIES:
        # novice or experienced in the run's cohort (``people.selectors``)
        novice = novice_flags_in(cohort=run.cohort, mentor_ids=[r["pk"] for r in mentor_rows])
        novices = [r for r in mentor_rows if novice[r["pk"]]]
        buddies = [r for r in mentor_rows if not novice[r["pk"]]]
        people = {str(r["pk"]): r["code"] for r in novices}
        mentors = {str(r["pk"]): r["code"] for r in buddies}
        capacity = int(run.options.get("buddy_capacity", BUDDY_CAPACITY))
        capacities = {i: capacity for i in mentors}
        features = [_novice_features(r) for r in novices]
        mentor_features = [_mentor_features(r, strengths) for r in buddies]
        active = BuddyPair.objects.filter(
            novice_id__in=[r["pk"] for r in novices], ended_on__isnull=True
        ).values_list("novice_id", "buddy_id")
        kept = [(str(p), str(m)) for p, m in active]
        rule_rows = rules.filter(novice__isnull=False).values_list("novice_id", "mentor_id", "rule")
    else:
        in_cohort = Q(mentee__program=run.program, mentee__cohorts=run.cohort, mentee__active=True)
        mentee_rows = (
            MenteeProfile.objects.filter(program=run.program, cohorts=run.cohort, active=True)
            .annotate(languages_text=Cast("languages", TextField()))
            .order_by("code")
            .values_list(*MENTEE_FIELDS)
            .iterator(chunk_size=BATCH)
        )
        needs_rows = MenteeProfile.needs.through.objects.filter(
            menteeprofile__program=run.program,
            menteeprofile__cohorts=run.cohort,
            menteeprofile__active=True,
        ).values_list("menteeprofile_id", "competency_id")
        needs = _grouped(needs_rows.iterator(chunk_size=BATCH))
        previous = _previous_mentors(run, in_cohort)
        conflicts = ConflictOfInterest.objects.filter(Q(program=run.program) & in_cohort)
        supervisors = _grouped(conflicts.values_list("mentee_id", "mentor_id"))
        people, features = {}, []
        for row in mentee_rows:
            people[str(row[0])] = row[1]
            features.append(_mentee_features(row, needs, previous, supervisors))
        del needs, previous, supervisors
        mentors = {str(r["pk"]): r["code"] for r in mentor_rows}
        capacities = {str(r["pk"]): r["capacity"] for r in mentor_rows}
        mentor_features = [_mentor_features(r, strengths) for r in mentor_rows]
        active_pairs = Partnership.objects.filter(in_cohort, ended_on__isnull=True)
        kept = [
            (str(p), str(m))
            for p, m in active_pairs.values_list("mentee_id", "mentor_id").iterator(
                chunk_size=BATCH
            )
        ]
        rule_rows = rules.filter(mentee__isnull=False).values_list("mentee_id", "mentor_id", "rule")
    kept = [(p, m) for p, m in kept if p in people and m in mentors]
    decided = [(str(p), str(m), rule) for p, m, rule in rule_rows]
    locked = [(p, m) for p, m, rule in decided if rule == PairRule.Rule.LOCK]
    locked = [(p, m) for p, m in locked if p in people and m in mentors]
    # A person locked to a mentor is no longer kept with another one.
    locked_people = {p for p, _m in locked}
    kept = [(p, m) for p, m in kept if p not in locked_people]
    excluded = [(p, m) for p, m, rule in decided if rule == PairRule.Rule.EXCLUDE]
    scorer = scoring.Scorer(features, mentor_features, criteria, conflicts=excluded)
    return Pool(
        run,
        people,
        mentors,
        capacities,
        scorer,
        kept,
        locked,
        novices=run.kind == MatchRun.Kind.BUDDIES,
    )
