"""Breakout groups for induction sessions: mix novice and experienced mentors, spread regions.

``make_groups`` splits the attendees into groups of even size, deals experienced mentors
round-robin so that each group gets its share, then swaps mentors of the same experience
between groups while that lowers the concentration of regions. ``group_sizes`` gives the
sizes it will use and ``describe`` counts each group's make-up for display.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


class GroupingError(ValueError):
    """Invalid input to ``make_groups`` or ``describe``."""


@dataclass(frozen=True, slots=True)
class Participant:
    """An attendee: ``experienced`` mentors have served before; ``region`` may be unknown."""

    id: str
    experienced: bool
    region: str | None = None


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One group's make-up: ``regions`` counts known regions, most frequent first."""

    size: int
    experienced: int
    novices: int
    regions: Mapping[str, int]
    unknown_region: int


def group_sizes(count: int, *, min_size: int = 8, max_size: int = 10) -> list[int]:
    """The sizes of the groups ``make_groups`` forms for ``count`` people, largest first.

    Sizes differ by at most one. The number of groups is the smallest that keeps every
    group within ``[min_size, max_size]``. Fewer than ``min_size`` people make one group.
    When no number of groups fits (11 people with 8-10: one group is too big, two are too
    small), the minimum wins: as many groups as keep every group at ``min_size`` or more,
    so groups exceed ``max_size`` by as little as possible (one group of 11; 23 people make
    groups of 12 and 11; 31 make 11, 10 and 10). A too-small group leaves its members
    without enough peers, while one or two extra people in a room are easy to absorb.
    """
    _check_bounds(min_size, max_size)
    if count < 0:
        raise GroupingError(f"count must be >= 0, got {count}")
    if count == 0:
        return []
    fewest = -(-count // max_size)
    most = count // min_size
    groups = 1 if most == 0 else (fewest if fewest <= most else most)
    size, extra = divmod(count, groups)
    return [size + 1] * extra + [size] * (groups - extra)


def _check_bounds(min_size: int, max_size: int) -> None:
    if min_size < 1:
        raise GroupingError(f"min_size must be >= 1, got {min_size}")
    if max_size < min_size:
        raise GroupingError(f"max_size ({max_size}) must be >= min_size ({min_size})")


def _region_key(region: str | None) -> tuple[bool, str]:
    # Unknown regions sort last, after every named region.
    return (region is None, region or "")


def make_groups(
    participants: Sequence[Participant],
    *,
    min_size: int = 8,
    max_size: int = 10,
    seed: int = 0,
) -> list[list[str]]:
    """Split participants into breakout groups; returns each group's ids, sorted.

    Sizes follow ``group_sizes`` (largest groups first). Guarantees:

    - every participant is in exactly one group;
    - the numbers of experienced mentors in any two groups differ by at most one, so no
      group is all novices whenever there are at least as many experienced mentors as groups;
    - regions are spread: the result is a local optimum of the region penalty below, so no
      swap of two mentors with the same experience would lower the number of groups all
      from one region, or the concentration of regions without raising that number;
    - the same participants, bounds and seed give the same groups, whatever the input
      order; another seed may give other groups.

    How: participants are sorted by id; experienced mentors, then novices, are dealt
    round-robin into the groups, each list ordered by region (regions in a seeded random
    order, people within a region shuffled by the seed) so that a region's members land in
    different groups. Then, while it helps, mentors with the same experience swap groups to
    lower first the number of groups all from one known region and then the sum over groups
    and regions of the squared count of members from that region. Swaps keep sizes and
    experienced counts. Unknown regions count as no region.
    """
    _check_bounds(min_size, max_size)
    people = sorted(participants, key=lambda person: person.id)
    for before, after in itertools.pairwise(people):
        if before.id == after.id:
            raise GroupingError(f"participant {before.id!r} appears twice")
    sizes = group_sizes(len(people), min_size=min_size, max_size=max_size)
    if len(sizes) <= 1:
        return [[person.id for person in people]] if people else []

    rng = random.Random(seed)
    regions = sorted({person.region for person in people if person.region is not None})
    rng.shuffle(regions)
    # Unknown regions are dealt last.
    region_order: dict[str | None, int] = {None: len(regions)}
    region_order.update((region, position) for position, region in enumerate(regions))

    def dealing_order(group: list[Participant]) -> list[Participant]:
        rng.shuffle(group)
        # A stable sort keeps the seeded order within a region.
        return sorted(group, key=lambda person: region_order[person.region])

    experienced = dealing_order([person for person in people if person.experienced])
    novices = dealing_order([person for person in people if not person.experienced])
    groups: list[list[Participant]] = [[] for _ in sizes]
    cursor = 0
    # Novices continue from where the experienced left off, so the groups that got one
    # experienced mentor fewer are the first to receive novices.
    for person in experienced + novices:
        while len(groups[cursor]) == sizes[cursor]:
            cursor = (cursor + 1) % len(groups)
        groups[cursor].append(person)
        cursor = (cursor + 1) % len(groups)

    _spread_regions(groups)
    return [sorted(person.id for person in group) for group in groups]


def _spread_regions(groups: list[list[Participant]]) -> None:
    """Swap same-experience members between groups, in place, while the penalty drops."""
    counts = [Counter(p.region for p in group if p.region is not None) for group in groups]
    sizes = [len(group) for group in groups]

    def homogeneous_change(i: int, j: int, r: str | None, s: str | None) -> int:
        # Group i gives a member from region r and receives one from s; j the reverse. A
        # group is all one region before the swap only if that is the region it gives away.
        before_i = r is not None and counts[i][r] == sizes[i]
        after_i = s is not None and counts[i][s] + 1 == sizes[i]
        before_j = s is not None and counts[j][s] == sizes[j]
        after_j = r is not None and counts[j][r] + 1 == sizes[j]
        return (after_i - before_i) + (after_j - before_j)

    def squares_change(i: int, j: int, r: str | None, s: str | None) -> int:
        # (c - 1)^2 - c^2 = 1 - 2c for the group losing a member, 2c + 1 for the one gaining.
        change = 0
        if r is not None:
            change += 2 * (counts[j][r] - counts[i][r]) + 2
        if s is not None:
            change += 2 * (counts[i][s] - counts[j][s]) + 2
        return change

    improved = True
    while improved:
        improved = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                for status in (True, False):
                    here = _by_region(groups[i], status)
                    there = _by_region(groups[j], status)
                    best: tuple[tuple[int, int], str | None, str | None] | None = None
                    for r in here:
                        for s in there:
                            if r == s:
                                continue
                            change = (homogeneous_change(i, j, r, s), squares_change(i, j, r, s))
                            if change < (0, 0) and (best is None or change < best[0]):
                                best = (change, r, s)
                    if best is None:
                        continue
                    _, r, s = best
                    leaving, arriving = here[r], there[s]
                    groups[i].remove(leaving)
                    groups[j].remove(arriving)
                    groups[i].append(arriving)
                    groups[j].append(leaving)
                    if r is not None:
                        counts[i][r] -= 1
                        counts[j][r] += 1
                    if s is not None:
                        counts[j][s] -= 1
                        counts[i][s] += 1
                    improved = True


def _by_region(group: list[Participant], experienced: bool) -> dict[str | None, Participant]:
    """For each region in the group, its member with this experience who has the lowest id."""
    chosen: dict[str | None, Participant] = {}
    for person in group:
        if person.experienced == experienced:
            current = chosen.get(person.region)
            if current is None or person.id < current.id:
                chosen[person.region] = person
    return {region: chosen[region] for region in sorted(chosen, key=_region_key)}


def describe(
    groups: Sequence[Sequence[str]], participants: Iterable[Participant]
) -> list[GroupSummary]:
    """Count each group's size, experienced mentors, novices and regions, for display.

    Raises ``GroupingError`` for an id that is not among ``participants``.
    """
    known = {person.id: person for person in participants}
    summaries: list[GroupSummary] = []
    for position, group in enumerate(groups):
        members = []
        for member in group:
            if member not in known:
                raise GroupingError(f"group {position}: unknown participant {member!r}")
            members.append(known[member])
        regions = Counter(p.region for p in members if p.region is not None)
        experienced = sum(p.experienced for p in members)
        summaries.append(
            GroupSummary(
                size=len(members),
                experienced=experienced,
                novices=len(members) - experienced,
                regions=dict(sorted(regions.items(), key=lambda item: (-item[1], item[0]))),
                unknown_region=len(members) - sum(regions.values()),
            )
        )
    return summaries
