"""Who helps whom: the informal support network of a cohort's mentors.

Nodes are the cohort's mentors (and any peer they met); an edge joins two mentors who met,
weighted by the number of meetings: informal meetings logged here (every pair of
participants) and the buddy meetings of training's buddy pairs. The picture is a server-side
SVG with a deterministic circle layout (mentors by code), novices in another colour, a legend,
and the same data as a table for those who cannot see the picture.
"""

import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Greatest, Least
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from acompana.group_sessions.models import InformalMeeting
from acompana.people.models import MentorProfile
from acompana.people.selectors import (
    NOVICE_MAX_PROGRAMS,
    novice_flags_in,
    with_programs_served_in,
)
from acompana.programs.models import Cohort, Program
from acompana.training.models import BuddyMeeting

WIDTH, HEIGHT, RADIUS, NODE_R = 560, 460, 170, 16
NOVICE, EXPERIENCED, EDGE, INK = "#b9770e", "#0b6e4f", "#5b6775", "#1d2733"


@dataclass(frozen=True)
class Node:
    mentor: MentorProfile
    novice: bool
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    a: MentorProfile
    b: MentorProfile
    informal: int  # informal meetings both took part in
    buddy: int  # buddy meetings of their buddy pair

    @property
    def weight(self) -> int:
        return self.informal + self.buddy


@dataclass(frozen=True)
class Network:
    cohort: Cohort
    nodes: list[Node]
    edges: list[Edge]

    def meetings_of(self, mentor: MentorProfile) -> int:
        return sum(e.weight for e in self.edges if mentor.pk in (e.a.pk, e.b.pk))

    @property
    def node_rows(self) -> list[tuple[Node, int, int]]:
        """Each mentor with their number of peers met and of meetings (both counted per
        pair of mentors)."""
        peers: Counter[int] = Counter()
        meetings: Counter[int] = Counter()
        for e in self.edges:  # one pass over the edges, not one per mentor
            for pk in (e.a.pk, e.b.pk):
                peers[pk] += 1
                meetings[pk] += e.weight
        return [(n, peers[n.mentor.pk], meetings[n.mentor.pk]) for n in self.nodes]


def _in_cohort(cohort: Cohort, prefix: str, date_field: str) -> Q:
    """Tagged with the cohort, or untagged and dated in the cohort's year."""
    return Q(**{f"{prefix}cohort": cohort}) | Q(
        **{f"{prefix}cohort__isnull": True, f"{date_field}__year": cohort.year}
    )


def circle_layout(count: int) -> list[tuple[float, float]]:
    """``count`` points evenly on a circle, the first at the top, clockwise."""
    cx, cy = WIDTH / 2, HEIGHT / 2 - 10
    return [
        (
            round(cx + RADIUS * math.sin(2 * math.pi * i / count), 1),
            round(cy - RADIUS * math.cos(2 * math.pi * i / count), 1),
        )
        for i in range(count)
    ]


def meeting_network(*, program: Program, cohort: Cohort) -> Network:
    """The cohort's network in three queries (mentors with their programs served in the cohort's
    year, the meetings' participants as ids, buddy meetings as ids), two more for mentors who
    met the cohort's mentors without being in it (their profiles and novice flags)."""
    pairs: Counter[tuple[int, int]] = Counter()
    buddies: Counter[tuple[int, int]] = Counter()
    slim = ("pk", "code", "user__first_name", "user__last_name", "user__email")
    in_cohort = MentorProfile.objects.filter(program=program, cohorts=cohort)
    people: dict[int, MentorProfile] = {}
    novice: dict[int, bool] = {}
    for m in with_programs_served_in(in_cohort, cohort=cohort).select_related("user").only(*slim):
        people[m.pk] = m
        novice[m.pk] = m.served_in_cohort <= NOVICE_MAX_PROGRAMS  # type: ignore[attr-defined]
    meetings = InformalMeeting.objects.filter(
        _in_cohort(cohort, "", "met_on"), program=program
    ).values("pk")
    members: dict[int, list[int]] = {}
    for meeting_id, mentor_id in (
        InformalMeeting.participants.through.objects.filter(informalmeeting__in=meetings)
        .order_by("informalmeeting_id", "mentorprofile_id")
        .values_list("informalmeeting_id", "mentorprofile_id")
    ):
        members.setdefault(meeting_id, []).append(mentor_id)
    for ids in members.values():
        for a, b in combinations(ids, 2):
            pairs[(a, b)] += 1
    for a, b in BuddyMeeting.objects.filter(
        _in_cohort(cohort, "pair__", "met_on"), pair__program=program
    ).values_list("pair__novice", "pair__buddy"):
        buddies[(min(a, b), max(a, b))] += 1
    met = {pk for pair in (*pairs, *buddies) for pk in pair}
    outside = met - people.keys()  # met the cohort's mentors, not in it
    if outside:
        people.update(
            MentorProfile.objects.select_related("user").only(*slim).in_bulk(list(outside))
        )
        novice |= novice_flags_in(cohort=cohort, mentor_ids=outside)
    mentors = sorted(people.values(), key=lambda m: (m.code, m.pk))
    nodes = [
        Node(mentor=m, novice=novice[m.pk], x=x, y=y)
        for m, (x, y) in zip(mentors, circle_layout(len(mentors)), strict=True)
    ]
    edges = [
        Edge(a=people[a], b=people[b], informal=pairs[(a, b)], buddy=buddies[(a, b)])
        for a, b in sorted(set(pairs) | set(buddies))
    ]
    edges.sort(key=lambda e: (-e.weight, e.a.code, e.b.code))
    return Network(cohort=cohort, nodes=nodes, edges=edges)


@dataclass(frozen=True)
class NetworkView:
    """What the network page shows, ranked in SQL: the ``drawn`` part (the busiest mentors
    and the edges among them), the most frequent ``pairs``, the drawn mentors with their peers
    and meetings counted in the whole network, and how many mentors the network has."""

    drawn: Network
    pairs: list[Edge]
    mentor_rows: list[tuple[Node, int, int]]
    total: int


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _edges_sql(program: Program, cohort: Cohort) -> tuple[str, tuple[Any, ...]]:
    """``WITH`` clauses naming ``edges`` (a, b, informal, buddy; a < b): every pair of
    participants of the cohort's informal meetings and every buddy pair's meetings, counted
    per pair of mentors, as ``meeting_network`` counts them."""
    through = InformalMeeting.participants.through._meta.db_table
    meetings, meeting_params = _sql(
        InformalMeeting.objects.filter(_in_cohort(cohort, "", "met_on"), program=program)
        .order_by()
        .values("pk")
    )
    buddies, buddy_params = _sql(
        BuddyMeeting.objects.filter(_in_cohort(cohort, "pair__", "met_on"), pair__program=program)
        .order_by()
        .annotate(
            low=Least("pair__novice", "pair__buddy"), high=Greatest("pair__novice", "pair__buddy")
        )
        .values("low", "high")
    )
    sql = (
        "WITH edge_rows AS ("
        f" SELECT p1.mentorprofile_id AS a, p2.mentorprofile_id AS b, 1 AS informal, 0 AS buddy"
        f" FROM {through} p1 JOIN {through} p2"
        " ON p2.informalmeeting_id = p1.informalmeeting_id"
        " AND p2.mentorprofile_id > p1.mentorprofile_id"
        f" WHERE p1.informalmeeting_id IN ({meetings})"
        f" UNION ALL SELECT bm.low, bm.high, 0, 1 FROM ({buddies}) bm"
        "), edges AS ("
        " SELECT a, b, SUM(informal) AS informal, SUM(buddy) AS buddy FROM edge_rows"
        " GROUP BY a, b)"
    )
    return sql, meeting_params + buddy_params


def network_view(*, program: Program, cohort: Cohort, drawn: int, pairs: int) -> NetworkView:
    """The network page's data in three queries whatever the network's size: the ``drawn``
    mentors with the most meetings (then by code) with the network's size, the edges among
    them and the ``pairs`` most frequent pairs in one; those mentors' profiles; their novice
    flags. The
    meetings are counted per pair and per mentor in SQL (``GROUP BY``, ``ORDER BY`` count,
    ``LIMIT``); only the mentors shown are read. Agrees with ``busiest(meeting_network(...))``
    (a test compares them)."""
    edges, params = _edges_sql(program, cohort)
    mentor_table = MentorProfile._meta.db_table
    members, member_params = _sql(
        MentorProfile.objects.filter(program=program, cohorts=cohort)
        .order_by()
        .values(member=F("pk"))
    )
    # One statement, so the edges are computed once: the ranked mentors ("n": id, peers,
    # meetings, mentors in the network), the edges among them ("d") and the most frequent
    # pairs ("p"), tagged and stacked with UNION ALL.
    query = (
        f"{edges}, ends AS ("
        " SELECT a AS m, informal + buddy AS w FROM edges"
        " UNION ALL SELECT b, informal + buddy FROM edges"
        "), stats AS (SELECT m, COUNT(*) AS peers, SUM(w) AS meetings FROM ends GROUP BY m),"
        f" nodes AS (SELECT m FROM stats UNION SELECT members.member FROM ({members}) members),"
        " ranked AS ("
        " SELECT nodes.m AS m, COALESCE(stats.peers, 0) AS peers,"
        " COALESCE(stats.meetings, 0) AS meetings, COUNT(*) OVER () AS total"
        f" FROM nodes JOIN {mentor_table} mp ON mp.id = nodes.m"
        " LEFT JOIN stats ON stats.m = nodes.m"
        " ORDER BY 3 DESC, mp.code, mp.id LIMIT %s)"
        " SELECT 'n', m, peers, meetings, total FROM ranked"
        " UNION ALL SELECT 'd', a, b, informal, buddy FROM edges"
        " WHERE a IN (SELECT m FROM ranked) AND b IN (SELECT m FROM ranked)"
        " UNION ALL SELECT * FROM ("
        " SELECT 'p', e.a, e.b, e.informal, e.buddy FROM edges e"
        f" JOIN {mentor_table} ma ON ma.id = e.a JOIN {mentor_table} mb ON mb.id = e.b"
        " ORDER BY e.informal + e.buddy DESC, ma.code, mb.code, e.a, e.b LIMIT %s) top_pairs"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, *member_params, drawn, pairs))
        rows = cursor.fetchall()
    counts = {m: (int(peers), int(met)) for kind, m, peers, met, _t in rows if kind == "n"}
    total = next((int(t) for kind, *_r, t in rows if kind == "n"), 0)
    ids = sorted(counts)
    edge_rows = [tuple(r[1:]) for r in rows if r[0] == "d"]
    pair_rows = [tuple(r[1:]) for r in rows if r[0] == "p"]
    wanted = set(ids) | {pk for a, b, *_n in pair_rows for pk in (a, b)}
    slim = ("pk", "code", "user__first_name", "user__last_name", "user__email")
    people = MentorProfile.objects.select_related("user").only(*slim).in_bulk(list(wanted))
    novice = novice_flags_in(cohort=cohort, mentor_ids=ids) if ids else {}
    kept = sorted((people[pk] for pk in ids), key=lambda m: (m.code, m.pk))
    nodes = [
        Node(mentor=m, novice=novice[m.pk], x=x, y=y)
        for m, (x, y) in zip(kept, circle_layout(len(kept)), strict=True)
    ]

    def edge(a: int, b: int, informal: int, buddy: int) -> Edge:
        return Edge(a=people[a], b=people[b], informal=int(informal), buddy=int(buddy))

    drawn_edges = [edge(*row) for row in edge_rows]
    drawn_edges.sort(key=lambda e: (-e.weight, e.a.code, e.b.code))
    node_of = {n.mentor.pk: n for n in nodes}
    ranked_nodes = sorted(nodes, key=lambda n: (n.mentor.code, n.mentor.pk))
    return NetworkView(
        drawn=Network(cohort=cohort, nodes=nodes, edges=drawn_edges),
        pairs=[edge(*row) for row in pair_rows],
        mentor_rows=[(node_of[n.mentor.pk], *counts[n.mentor.pk]) for n in ranked_nodes],
        total=int(total),
    )


def busiest(network: Network, count: int) -> Network:
    """The part of ``network`` a picture can show: the ``count`` mentors with the most
    meetings (then by code), laid out again on the circle, and the edges among them."""
    if len(network.nodes) <= count:
        return network
    rows = sorted(network.node_rows, key=lambda row: (-row[2], row[0].mentor.code))[:count]
    kept = sorted((row[0] for row in rows), key=lambda n: (n.mentor.code, n.mentor.pk))
    ids = {n.mentor.pk for n in kept}
    nodes = [
        Node(mentor=n.mentor, novice=n.novice, x=x, y=y)
        for n, (x, y) in zip(kept, circle_layout(len(kept)), strict=True)
    ]
    edges = [e for e in network.edges if e.a.pk in ids and e.b.pk in ids]
    return Network(cohort=network.cohort, nodes=nodes, edges=edges)


def network_svg(
    network: Network,
    *,
    title: str,
    novice_label: str,
    experienced_label: str,
    weight_label: str,
    edge_title: str,
) -> SafeString:
    """The network as SVG. ``edge_title`` is a format string with ``{a}``, ``{b}``, ``{n}``
    (the hover text of an edge); the labels are already translated."""
    where = {n.mentor.pk: n for n in network.nodes}
    heaviest = max((e.weight for e in network.edges), default=1)
    lines = [
        (
            where[e.a.pk].x,
            where[e.a.pk].y,
            where[e.b.pk].x,
            where[e.b.pk].y,
            EDGE,
            f"{1 + 7 * e.weight / heaviest:.1f}",
            edge_title.format(a=e.a.code, b=e.b.code, n=e.weight),
        )
        for e in network.edges
    ]
    circles = [
        (
            n.x,
            n.y,
            NODE_R,
            NOVICE if n.novice else EXPERIENCED,
            f"{n.mentor.code} · {n.mentor.user}",
            n.x,
            n.y + 4,
            n.mentor.code,
        )
        for n in network.nodes
    ]
    legend_y = HEIGHT - 38  # two legend rows: the node colours, then the line width
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart network"><title>{title}</title>'
        "{lines}{circles}"
        '<circle cx="20" cy="{ly}" r="8" fill="{novice}"/>'
        '<text x="34" y="{lty}" font-size="12" fill="{ink}">{novice_label}</text>'
        '<circle cx="220" cy="{ly}" r="8" fill="{experienced}"/>'
        '<text x="234" y="{lty}" font-size="12" fill="{ink}">{experienced_label}</text>'
        '<line x1="8" y1="{ly2}" x2="32" y2="{ly2}" stroke="{edge}" stroke-width="4"/>'
        '<text x="40" y="{lty2}" font-size="12" fill="{ink}">{weight_label}</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        lines=format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" '
            'stroke-linecap="round"><title>{}</title></line>',
            lines,
        ),
        circles=format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="2">'
            '<title>{}</title></circle><text x="{}" y="{}" text-anchor="middle" '
            'font-size="11" fill="#fff">{}</text>',
            circles,
        ),
        ly=legend_y,
        lty=legend_y + 4,
        ly2=legend_y + 22,
        lty2=legend_y + 26,
        novice=NOVICE,
        experienced=EXPERIENCED,
        edge=EDGE,
        ink=INK,
        novice_label=novice_label,
        experienced_label=experienced_label,
        weight_label=weight_label,
    )
