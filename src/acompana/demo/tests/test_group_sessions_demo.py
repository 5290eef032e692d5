"""The demo's group sessions and informal meetings tell the story of the Peru study."""

from django.core.management import call_command

from acompana.common.choices import MeetingMode
from acompana.group_sessions.models import (
    Attendance,
    CaseDiscussed,
    GroupSession,
    InformalMeeting,
    Kind,
    SessionSeries,
)
from acompana.group_sessions.network import meeting_network
from acompana.group_sessions.report import cohort_comparison, group_report
from acompana.programs.models import Program


def _load() -> Program:
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    return Program.objects.get(slug="mentoria-directivos")


def _counts() -> tuple[int, ...]:
    models = (GroupSession, SessionSeries, Attendance, CaseDiscussed, InformalMeeting)
    return tuple(m.objects.count() for m in models)


def test_the_demo_has_long_in_person_sessions_then_short_virtual_briefings(db):
    program = _load()
    by_year = {row.cohort.year: row for row in cohort_comparison(program=program)}
    assert by_year[2019].sessions == by_year[2020].sessions == 13  # a week in Lima, 8 Fridays
    assert by_year[2021].sessions == 3  # one briefing per round
    assert by_year[2021].average_minutes == 120
    assert by_year[2019].average_minutes > 2 * by_year[2021].average_minutes
    briefings = GroupSession.objects.filter(program=program, cohort__year=2021)
    assert {(s.kind, s.mode) for s in briefings} == {(Kind.PROTOCOL_BRIEFING, MeetingMode.VIDEO)}
    for briefing in briefings.select_related("round"):
        assert briefing.round is not None
        assert briefing.starts_at.date() < briefing.round.starts_on
    earlier = GroupSession.objects.filter(program=program, cohort__year__in=[2019, 2020])
    assert set(earlier.values_list("mode", flat=True)) == {MeetingMode.IN_PERSON}
    assert SessionSeries.objects.filter(program=program).count() == 2


def test_novices_attend_the_virtual_briefings_and_seek_experienced_colleagues(db):
    program = _load()
    cohort = program.cohorts.get(year=2021)
    report = group_report(program=program, cohort=cohort)
    novice_rows = [row for row in report.mentors if row.novice]
    assert [row.mentor.code for row in novice_rows] == ["1A"]
    assert novice_rows[0].attended >= 1
    assert report.novice_share is not None and 0 < report.novice_share < 0.5
    met = InformalMeeting.objects.filter(program=program, logged_by__code="1A")
    peers = {p.code for meeting in met for p in meeting.participants.all()} - {"1A"}
    assert len(peers) == 4
    network = meeting_network(program=program, cohort=cohort)
    weights = {frozenset((e.a.code, e.b.code)): e for e in network.edges}
    assert weights[frozenset(("1A", "8H"))].buddy == 3  # the buddy meetings count too
    assert weights[frozenset(("1A", "3C"))].informal == 1


def test_a_2020_friday_became_a_case_review_with_cases_of_attending_mentors(db):
    program = _load()
    review = GroupSession.objects.get(program=program, kind=Kind.CASE_REVIEW)
    assert review.series is not None and review.cohort.year == 2020
    others = review.series.sessions.exclude(pk=review.pk)
    assert set(others.values_list("kind", flat=True)) == {Kind.PEER_EXCHANGE}
    cases = list(CaseDiscussed.objects.filter(session=review).select_related("visit"))
    assert len(cases) == 2
    present = set(review.attendances.filter(present=True).values_list("mentor", flat=True))
    assert all(case.visit.mentor_id in present for case in cases)


def test_loading_the_demo_twice_adds_no_group_sessions(db):
    _load()
    first = _counts()
    _load()
    assert _counts() == first
