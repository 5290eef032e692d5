"""Forming circles of teachers: group alike people together, spread others, respect locks.

``form_circles`` splits participants into circles whose sizes stay within ``[min_size,
max_size]`` (``circle_sizes``). Each criterion names an attribute, a mode and a weight:

- **group** (similar together): every pair of members of a circle with *different* known
  values costs the weight;
- **balance** (spread): every pair with the *same* known value costs the weight.

Unknown values (``None`` or empty) cost nothing either way. The attribute ``philosophy``
is a free text compared with the matching core's character n-gram TF-IDF cosine
(``acompana_core.matching.text_similarity``): grouped, a pair costs ``weight * (1 - cos)``;
balanced, ``weight * cos`` (a pair where either text is empty costs nothing).

The **objective** (lower is better) is the sum over circles of the circle's pair costs
divided by ``size - 1``: the average cost each member pays for their circle-mates, summed
over members and halved. Dividing by ``size - 1`` keeps larger circles from weighing more
just for having more pairs.

**Locks**: ``together`` (sets of people who share a circle), ``apart`` (pairs who never
do) and ``fixed`` (a person fixed to a circle, by its position in the size list). Locked
people (together or fixed) are placed first and stay where they are placed; the local
search moves only the others. Locks that cannot hold raise ``FormingError`` with a message
naming the people involved.

The search: people sorted by id, shuffled by the seed, are placed greedily (each into the
circle with room where they add the least cost), then a local search of swaps between
circles (which keep sizes) runs, best swap per person first, until no swap lowers the
objective by more than a tiny tolerance or the pass limit is reached. Same input and seed,
same circles, whatever the input order.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from acompana_core.grouping import group_sizes
from acompana_core.matching.text_similarity import tfidf

PHILOSOPHY = "philosophy"
GROUP: Literal["group"] = "group"
BALANCE: Literal["balance"] = "balance"
Mode = Literal["group", "balance"]

MAX_PARTICIPANTS = 3000
MAX_PASSES = 50
# A pair kept apart by a lock costs this much: no swap that joins them can pay off.
_APART = 1e6
_TOLERANCE = 1e-9


class FormingError(ValueError):
    """Invalid input or locks that cannot all hold."""


@dataclass(frozen=True, slots=True)
class Person:
    """A participant: ``attributes`` maps attribute names to values (``None`` if unknown);
    the attribute ``philosophy`` holds free text."""

    id: str
    attributes: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Criterion:
    attribute: str
    mode: Mode
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Locks:
    """``together``: groups of ids that share a circle; ``apart``: pairs of ids that never
    share one; ``fixed``: id -> position of the circle (0-based, in ``circle_sizes`` order)."""

    together: Sequence[Sequence[str]] = ()
    apart: Sequence[tuple[str, str]] = ()
    fixed: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shared:
    attribute: str
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class CircleExplanation:
    """``common``: values of grouped attributes that two or more members share, most shared
    first; ``mixes``: for each balanced attribute, its values and counts; ``locks``: the lock
    descriptions (``together:a,b``, ``apart:a,b``, ``fixed:a``) that involve its members;
    ``philosophy``: the mean cosine of its members' philosophies (None without texts)."""

    common: list[Shared]
    mixes: dict[str, dict[str, int]]
    locks: list[str]
    philosophy: float | None = None


@dataclass(frozen=True, slots=True)
class PersonExplanation:
    """``alike``: grouped attribute -> (value, the circle-mates sharing it); ``mixed``:
    balanced attribute -> {other value: circle-mates with it}; ``closest``: the circle-mate
    with the most similar philosophy and the cosine; ``locks`` as for circles."""

    alike: dict[str, tuple[str, list[str]]]
    mixed: dict[str, dict[str, list[str]]]
    closest: tuple[str, float] | None
    locks: list[str]


@dataclass(frozen=True, slots=True)
class Forming:
    """The proposed circles (ids sorted), people left out (no room within the bounds), the
    objective and the explanations."""

    circles: list[list[str]]
    unplaced: list[str]
    objective: float
    circle_explanations: list[CircleExplanation]
    person_explanations: dict[str, PersonExplanation]
    passes: int


def circle_sizes(count: int, *, min_size: int, max_size: int) -> list[int]:
    """Sizes of the circles for ``count`` people, largest first, every one within bounds.

    Like ``grouping.group_sizes`` (even sizes, fewest circles), but never outside the
    bounds: when no number of circles fits everyone (5 people in pairs), the sizes cover as
    many people as possible and the rest are left out (``sum(sizes) < count``).
    """
    if min_size < 1 or max_size < min_size:
        raise FormingError(f"size bounds must satisfy 1 <= min <= max, got {min_size}-{max_size}")
    if count < 0:
        raise FormingError(f"count must be >= 0, got {count}")
    for placed in range(count, min_size - 1, -1):
        if -(-placed // max_size) * min_size <= placed:
            return group_sizes(placed, min_size=min_size, max_size=max_size)
    return []


def _pair_costs(
    people: Sequence[Person], criteria: Sequence[Criterion]
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """The cost of each pair sharing a circle, and the philosophy cosines (if used)."""
    n = len(people)
    cost = np.zeros((n, n), dtype=np.float64)
    cosines: NDArray[np.float64] | None = None
    for criterion in criteria:
        if criterion.weight == 0:
            continue
        if criterion.attribute == PHILOSOPHY:
            texts = [(p.attributes.get(PHILOSOPHY) or "").strip() for p in people]
            known = np.array([bool(t) for t in texts])
            if cosines is None:
                matrix = tfidf(texts) if any(texts) else None
                cosines = (
                    np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
                    if matrix is not None
                    else np.zeros((n, n))
                )
            both = known[:, None] & known[None, :]
            part = (1.0 - cosines) if criterion.mode == GROUP else cosines
            cost += criterion.weight * np.where(both, part, 0.0)
            continue
        values = [p.attributes.get(criterion.attribute) or None for p in people]
        index = {v: k for k, v in enumerate(sorted({v for v in values if v is not None}))}
        codes = np.array([index[v] + 1 if v is not None else 0 for v in values])
        both = (codes[:, None] > 0) & (codes[None, :] > 0)
        same = codes[:, None] == codes[None, :]
        hit = both & (~same if criterion.mode == GROUP else same)
        cost += criterion.weight * hit
    np.fill_diagonal(cost, 0.0)
    return cost, cosines


def philosophy_cosines(
    people: Sequence[Person], criteria: Sequence[Criterion]
) -> NDArray[np.float64] | None:
    """The philosophy cosines of ``people`` (in their order) when a criterion uses them, for
    ``explain_circle`` and ``explain_person``."""
    used = [c for c in criteria if c.attribute == PHILOSOPHY and c.weight]
    return _pair_costs(people, used)[1] if used else None


def objective(
    circles: Sequence[Sequence[str]], people: Sequence[Person], criteria: Sequence[Criterion]
) -> float:
    """The objective of any split of ``people`` (see the module docstring); lower is better."""
    ordered = sorted(people, key=lambda p: p.id)
    position = {p.id: k for k, p in enumerate(ordered)}
    cost, _ = _pair_costs(ordered, criteria)
    return _objective(cost, [[position[i] for i in circle] for circle in circles])


def _objective(cost: NDArray[np.float64], circles: Sequence[Sequence[int]]) -> float:
    total = 0.0
    for members in circles:
        if len(members) > 1:
            block = cost[np.ix_(members, members)]
            total += float(block.sum()) / 2 / (len(members) - 1)
    return total


class _Units:
    """Union of the ``together`` locks: each person's unit (the people locked with them)."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _check_locks(
    ids: set[str], locks: Locks, sizes: list[int]
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Units of locked people (root -> members) and each unit's fixed circle; raise
    ``FormingError`` for a lock that cannot hold."""
    units = _Units(sorted(ids))
    for group in locks.together:
        for member in group:
            if member not in ids:
                raise FormingError(f"lock names an unknown participant {member!r}")
        for a, b in itertools.pairwise(group):
            units.join(a, b)
    for a, b in locks.apart:
        for member in (a, b):
            if member not in ids:
                raise FormingError(f"lock names an unknown participant {member!r}")
        if a == b or units.find(a) == units.find(b):
            raise FormingError(f"{a} and {b} are locked together and kept apart")
    members: dict[str, list[str]] = {}
    for i in sorted(ids):
        members.setdefault(units.find(i), []).append(i)
    fixed_unit: dict[str, int] = {}
    for person, circle in sorted(locks.fixed.items()):
        if person not in ids:
            raise FormingError(f"lock names an unknown participant {person!r}")
        if not 0 <= circle < len(sizes):
            raise FormingError(
                f"{person} is fixed to circle {circle + 1}, but there are only {len(sizes)}"
            )
        root = units.find(person)
        if fixed_unit.get(root, circle) != circle:
            raise FormingError(f"{person} is locked with people fixed to another circle")
        fixed_unit[root] = circle
    locked = {
        root: group for root, group in members.items() if len(group) > 1 or root in fixed_unit
    }
    largest = max(sizes, default=0)
    for root, group in locked.items():
        room = sizes[fixed_unit[root]] if root in fixed_unit else largest
        if len(group) > room:
            raise FormingError(
                f"{', '.join(group)} are locked together but a circle has at most {room} members"
            )
    load = Counter[int]()
    for root, circle in fixed_unit.items():
        load[circle] += len(locked[root])
    for circle, count in sorted(load.items()):
        if count > sizes[circle]:
            raise FormingError(
                f"{count} people are fixed to circle {circle + 1} of {sizes[circle]}"
            )
    return locked, fixed_unit


def form_circles(
    people: Sequence[Person],
    *,
    criteria: Sequence[Criterion],
    min_size: int,
    max_size: int,
    locks: Locks | None = None,
    seed: int = 0,
    max_passes: int = MAX_PASSES,
) -> Forming:
    """Propose circles; see the module docstring for the objective, locks and search."""
    locks = locks or Locks()
    ordered = sorted(people, key=lambda p: p.id)
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise FormingError(f"participant {before.id!r} appears twice")
    if len(ordered) > MAX_PARTICIPANTS:
        raise FormingError(f"at most {MAX_PARTICIPANTS} participants, got {len(ordered)}")
    for criterion in criteria:
        if criterion.mode not in (GROUP, BALANCE) or not 0 <= criterion.weight <= 100:
            raise FormingError(f"invalid criterion {criterion!r}")
    ids = {p.id for p in ordered}
    sizes = circle_sizes(len(ordered), min_size=min_size, max_size=max_size)
    locked, fixed_unit = _check_locks(ids, locks, sizes)
    position = {p.id: k for k, p in enumerate(ordered)}
    cost, cosines = _pair_costs(ordered, criteria)
    for a, b in locks.apart:
        cost[position[a], position[b]] = cost[position[b], position[a]] = _APART

    rng = random.Random(seed)
    in_locks = {i for group in locked.values() for i in group}
    free = [p.id for p in ordered if p.id not in in_locks]
    rng.shuffle(free)
    # Locked units first: fixed ones, then the largest.
    units = sorted(
        locked.items(), key=lambda item: (item[0] not in fixed_unit, -len(item[1]), item[0])
    )
    placed_count = sum(sizes)
    circles: list[list[int]] = [[] for _ in sizes]
    pinned: set[int] = set()
    affinity = np.zeros((len(ordered), max(len(sizes), 1)))  # cost of i with members of c

    def put(i: int, c: int) -> None:
        circles[c].append(i)
        affinity[:, c] += cost[:, i]

    for root, group in units:
        if root in fixed_unit:
            choice = fixed_unit[root]
        else:
            room = [c for c in range(len(sizes)) if sizes[c] - len(circles[c]) >= len(group)]
            if not room:
                raise FormingError(f"no circle has room for {', '.join(group)} together")
            members = [position[i] for i in group]
            choice = min(
                room, key=lambda c: (affinity[members, c].sum(), -(sizes[c] - len(circles[c])), c)
            )
        for i in group:
            put(position[i], choice)
            pinned.add(position[i])
    unplaced: list[str] = []
    left = placed_count - sum(len(c) for c in circles)
    for person in free:
        k = position[person]
        room = [c for c in range(len(sizes)) if len(circles[c]) < sizes[c]]
        if left <= 0 or not room:
            unplaced.append(person)
            continue
        choice = min(room, key=lambda c: (affinity[k, c] / sizes[c], len(circles[c]), c))
        put(k, choice)
        left -= 1

    passes = _improve(cost, circles, affinity, pinned, max_passes)
    total = _objective(cost, circles)
    for a, b in locks.apart:
        for members in circles:
            if position[a] in members and position[b] in members:
                raise FormingError(f"{a} and {b} could not be kept apart within the size bounds")
    result = [sorted(ordered[i].id for i in members) for members in circles]
    return Forming(
        circles=result,
        unplaced=sorted(unplaced),
        objective=total,
        circle_explanations=[
            explain_circle(circle, ordered, criteria, locks, cosines, position) for circle in result
        ],
        person_explanations={
            person: explain_person(person, circle, ordered, criteria, locks, cosines, position)
            for circle in result
            for person in circle
        },
        passes=passes,
    )


def _improve(
    cost: NDArray[np.float64],
    circles: list[list[int]],
    affinity: NDArray[np.float64],
    pinned: set[int],
    max_passes: int,
) -> int:
    """Swap members between circles while it lowers the objective; returns the passes made."""
    n = cost.shape[0]
    circle_of = np.full(n, -1)
    for c, members in enumerate(circles):
        circle_of[members] = c
    scale = np.array([1.0 / max(len(m) - 1, 1) for m in circles])
    movable = np.array([i not in pinned and circle_of[i] >= 0 for i in range(n)])
    for passes in range(1, max_passes + 1):
        improved = False
        for p in range(n):
            if not movable[p]:
                continue
            a = circle_of[p]
            others = np.flatnonzero(movable & (circle_of != a))
            if others.size == 0:
                continue
            b = circle_of[others]
            # p leaves a, q joins a (without counting p); q leaves b, p joins b (without q).
            # Only the two columns needed are gathered (not every circle's column per person).
            delta = (affinity[others, a] - cost[others, p] - affinity[p, a]) * scale[a] + (
                affinity[p, b] - cost[p, others] - affinity[others, b]
            ) * scale[b]
            best = int(np.argmin(delta))
            if delta[best] >= -_TOLERANCE:
                continue
            q, cb = int(others[best]), int(b[best])
            circles[a].remove(p)
            circles[cb].remove(q)
            circles[a].append(q)
            circles[cb].append(p)
            affinity[:, a] += cost[:, q] - cost[:, p]
            affinity[:, cb] += cost[:, p] - cost[:, q]
            circle_of[p], circle_of[q] = cb, a
            improved = True
        if not improved:
            return passes
    return max_passes


def _lock_notes(members: set[str], locks: Locks) -> list[str]:
    notes = [
        "together:" + ",".join(sorted(group)) for group in locks.together if members & set(group)
    ]
    notes += [f"apart:{a},{b}" for a, b in locks.apart if a in members or b in members]
    notes += [f"fixed:{i}" for i in sorted(locks.fixed) if i in members]
    return notes


def explain_circle(
    circle: Sequence[str],
    people: Sequence[Person],
    criteria: Sequence[Criterion],
    locks: Locks,
    cosines: NDArray[np.float64] | None,
    position: Mapping[str, int],
) -> CircleExplanation:
    """What the circle's members have in common, what it mixes and which locks apply."""
    common: list[Shared] = []
    mixes: dict[str, dict[str, int]] = {}
    philosophy: float | None = None
    for criterion in criteria:
        if criterion.attribute == PHILOSOPHY:
            if cosines is not None and len(circle) > 1:
                idx = [
                    position[i] for i in circle if people[position[i]].attributes.get(PHILOSOPHY)
                ]
                if len(idx) > 1:
                    block = cosines[np.ix_(idx, idx)]
                    philosophy = round(
                        float((block.sum() - np.trace(block)) / (len(idx) * (len(idx) - 1))), 3
                    )
            continue
        counts = Counter(
            value
            for i in circle
            if (value := people[position[i]].attributes.get(criterion.attribute))
        )
        if criterion.mode == GROUP:
            common += [
                Shared(criterion.attribute, value, count)
                for value, count in counts.items()
                if count >= 2
            ]
        else:
            mixes[criterion.attribute] = dict(
                sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
    common.sort(key=lambda s: (-s.count, s.attribute, s.value))
    return CircleExplanation(common, mixes, _lock_notes(set(circle), locks), philosophy)


def explain_person(
    person: str,
    circle: Sequence[str],
    people: Sequence[Person],
    criteria: Sequence[Criterion],
    locks: Locks,
    cosines: NDArray[np.float64] | None,
    position: Mapping[str, int],
) -> PersonExplanation:
    """Who the person shares grouped values with, whom they are mixed with, and their
    closest philosophy in the circle."""
    me = people[position[person]]
    mates = [i for i in circle if i != person]
    alike: dict[str, tuple[str, list[str]]] = {}
    mixed: dict[str, dict[str, list[str]]] = {}
    closest: tuple[str, float] | None = None
    for criterion in criteria:
        if criterion.attribute == PHILOSOPHY:
            if cosines is not None and me.attributes.get(PHILOSOPHY):
                scored = [
                    (float(cosines[position[person], position[m]]), m)
                    for m in mates
                    if people[position[m]].attributes.get(PHILOSOPHY)
                ]
                if scored:
                    score, mate = min(scored, key=lambda s: (-s[0], s[1]))
                    closest = (mate, round(score, 3))
            continue
        mine = me.attributes.get(criterion.attribute)
        if criterion.mode == GROUP:
            if mine:
                same = [
                    m
                    for m in mates
                    if people[position[m]].attributes.get(criterion.attribute) == mine
                ]
                if same:
                    alike[criterion.attribute] = (mine, same)
        else:
            other: dict[str, list[str]] = {}
            for m in mates:
                value = people[position[m]].attributes.get(criterion.attribute)
                if value and value != mine:
                    other.setdefault(value, []).append(m)
            if other:
                mixed[criterion.attribute] = dict(sorted(other.items()))
    return PersonExplanation(alike, mixed, closest, _lock_notes({person}, locks))


__all__ = [
    "BALANCE",
    "GROUP",
    "PHILOSOPHY",
    "CircleExplanation",
    "Criterion",
    "Forming",
    "FormingError",
    "Locks",
    "Person",
    "PersonExplanation",
    "circle_sizes",
    "explain_circle",
    "explain_person",
    "form_circles",
    "objective",
    "philosophy_cosines",
]
