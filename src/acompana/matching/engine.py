"""From the database to the Django-free engine and back: profiles in, proposals out."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q

from acompana.matching.models import ConflictOfInterest, MatchProposal, MatchRun, PairRule
from acompana.people.models import BuddyPair, MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import NOVICE_MAX_PROGRAMS
from acompana.programs.models import Modality
from acompana_core.matching import scoring
from acompana_core.matching.problem import EdgeTable, Mentee, Mentor, Problem

BUDDY_CAPACITY = 2
DEFAULT_MAX_KM = 60


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _codes(items: Any) -> frozenset[str]:
    return frozenset(c.code for c in items.all())


def _mentor_features(mentor: MentorProfile) -> scoring.MentorProfile:
    return scoring.MentorProfile(
        id=str(mentor.pk),
        region=str(mentor.region_id) if mentor.region_id else None,
        latitude=_float(mentor.latitude),
        longitude=_float(mentor.longitude),
        modality=mentor.modality_preference or None,
        languages=frozenset(mentor.languages),
        strengths=_codes(mentor.strengths),
        management_years=float(mentor.management_years),
        school_levels=frozenset(mentor.school_levels),
        school=str(mentor.school_id) if mentor.school_id else None,
        philosophy=mentor.teaching_philosophy,
    )


def _mentee_features(
    mentee: MenteeProfile, previous: dict[int, int], supervisors: dict[int, set[str]]
) -> scoring.MenteeProfile:
    school = mentee.school
    return scoring.MenteeProfile(
        id=str(mentee.pk),
        region=str(mentee.region_id) if mentee.region_id else None,
        latitude=_float(school.latitude) if school else None,
        longitude=_float(school.longitude) if school else None,
        modality=mentee.preferred_modality or None,
        languages=frozenset(mentee.languages),
        needs=_codes(mentee.needs),
        position=mentee.position or None,
        school_level=(school.level or None) if school else None,
        school=str(mentee.school_id) if mentee.school_id else None,
        previous_mentor=str(previous[mentee.pk]) if mentee.pk in previous else None,
        former_supervisors=frozenset(supervisors.get(mentee.pk, ())),
        philosophy=mentee.teaching_philosophy,
    )


def _novice_features(novice: MentorProfile) -> scoring.MenteeProfile:
    return scoring.MenteeProfile(
        id=str(novice.pk),
        region=str(novice.region_id) if novice.region_id else None,
        latitude=_float(novice.latitude),
        longitude=_float(novice.longitude),
        modality=novice.modality_preference or None,
        languages=frozenset(novice.languages),
        philosophy=novice.teaching_philosophy,
    )


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


@dataclass
class Pool:
    """Everyone a run may pair, their scores, and the pairs to keep or never propose."""

    run: MatchRun
    people: dict[str, MenteeProfile | MentorProfile]
    mentors: dict[str, MentorProfile]
    capacities: dict[str, int]
    scorer: scoring.Scorer
    kept: list[tuple[str, str]]
    locked: list[tuple[str, str]]

    @cached_property
    def fixed(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys(self.locked + self.kept))

    @cached_property
    def edges(self) -> EdgeTable:
        """Allowed pairs (each person's best ``candidates`` if set), plus the kept and locked
        pairs whatever their score, so that they can be kept."""
        top_k = self.run.options.get("candidates")
        return scoring.candidate_edges(
            self.scorer, top_k=int(top_k) if top_k else None, keep=self.fixed
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

    def proposals(
        self, run: MatchRun, assignments: list[tuple[str, str, float]]
    ) -> list[MatchProposal]:
        """Unsaved proposals for the solver's assignments, each with its explanation."""
        pairs = [(person, mentor) for person, mentor, _score in assignments]
        kept, locked = set(self.kept), set(self.locked)
        result = []
        for pair, explanation in zip(pairs, scoring.explain_many(self.scorer, pairs), strict=True):
            person = self.people[pair[0]]
            result.append(
                MatchProposal(
                    run=run,
                    mentor=self.mentors[pair[1]],
                    mentee=person if isinstance(person, MenteeProfile) else None,
                    novice=person if isinstance(person, MentorProfile) else None,
                    score=round(explanation.score, 6),
                    explanation=_rows(explanation),
                    locked=pair in locked,
                    kept=pair in kept,
                )
            )
        return result

    def person_code(self, person_id: str) -> str:
        return self.people[person_id].code


def _previous_mentors(run: MatchRun, mentee_ids: list[int]) -> dict[int, int]:
    """Each mentee's mentor from an earlier cohort (or an ended partnership), most recent first."""
    previous: dict[int, int] = {}
    earlier = (
        Partnership.objects.filter(mentee_id__in=mentee_ids)
        .filter(Q(ended_on__isnull=False) | ~Q(cohort=run.cohort))
        .order_by("started_on")
        .values_list("mentee_id", "mentor_id")
    )
    for mentee_id, mentor_id in earlier:
        previous[mentee_id] = mentor_id
    return previous


def pool_for_run(run: MatchRun) -> Pool:
    """Load the cohort's people and the coordinator's decisions for ``run``."""
    mentors_qs = MentorProfile.objects.filter(
        program=run.program, cohorts=run.cohort, active=True
    ).prefetch_related(Prefetch("strengths"))
    rules = PairRule.objects.filter(cohort=run.cohort)
    criteria = scoring.Criteria(
        weights=run.criteria,
        in_person=run.cohort.modality == Modality.IN_PERSON,
        max_km=float(run.options.get("max_km", DEFAULT_MAX_KM)),
    )
    if run.kind == MatchRun.Kind.BUDDIES:
        everyone = list(mentors_qs.order_by("code"))
        novices = [m for m in everyone if m.programs_served <= NOVICE_MAX_PROGRAMS]
        buddies = [m for m in everyone if m.programs_served > NOVICE_MAX_PROGRAMS]
        people: dict[str, Any] = {str(m.pk): m for m in novices}
        mentors = {str(m.pk): m for m in buddies}
        capacities = {i: int(run.options.get("buddy_capacity", BUDDY_CAPACITY)) for i in mentors}
        features = [_novice_features(m) for m in novices]
        active = BuddyPair.objects.filter(novice__in=novices, ended_on__isnull=True)
        kept = [(str(p.novice_id), str(p.buddy_id)) for p in active]
        rules = rules.filter(novice__isnull=False)
        rule_pair = lambda r: (str(r.novice_id), str(r.mentor_id))  # noqa: E731
    else:
        mentees = list(
            MenteeProfile.objects.filter(program=run.program, cohorts=run.cohort, active=True)
            .select_related("school")
            .prefetch_related("needs")
            .order_by("code")
        )
        people = {str(m.pk): m for m in mentees}
        mentors = {str(m.pk): m for m in mentors_qs.order_by("code")}
        capacities = {i: m.capacity for i, m in mentors.items()}
        previous = _previous_mentors(run, [m.pk for m in mentees])
        supervisors: dict[int, set[str]] = {}
        for c in ConflictOfInterest.objects.filter(program=run.program, mentee__in=mentees):
            supervisors.setdefault(c.mentee_id, set()).add(str(c.mentor_id))
        features = [_mentee_features(m, previous, supervisors) for m in mentees]
        active_pairs = Partnership.objects.filter(mentee__in=mentees, ended_on__isnull=True)
        kept = [(str(p.mentee_id), str(p.mentor_id)) for p in active_pairs]
        rules = rules.filter(mentee__isnull=False)
        rule_pair = lambda r: (str(r.mentee_id), str(r.mentor_id))  # noqa: E731
    kept = [(p, m) for p, m in kept if p in people and m in mentors]
    locked = [rule_pair(r) for r in rules if r.rule == PairRule.Rule.LOCK]
    locked = [(p, m) for p, m in locked if p in people and m in mentors]
    # A person locked to a mentor is no longer kept with another one.
    locked_people = {p for p, _m in locked}
    kept = [(p, m) for p, m in kept if p not in locked_people]
    excluded = [rule_pair(r) for r in rules if r.rule == PairRule.Rule.EXCLUDE]
    scorer = scoring.Scorer(
        features, [_mentor_features(m) for m in mentors.values()], criteria, conflicts=excluded
    )
    return Pool(run, people, mentors, capacities, scorer, kept, locked)
