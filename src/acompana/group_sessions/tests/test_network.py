"""The network page ranks the busiest mentors and the most frequent pairs in SQL; what it shows
must be what ranking the whole network in Python gives (``busiest(meeting_network(...))``)."""

import datetime
import random

import pytest

from acompana.group_sessions.network import busiest, meeting_network, network_view
from acompana.group_sessions.tests.factories import InformalMeetingFactory
from acompana.people.models import BuddyPair
from acompana.people.tests.factories import MentorProfileFactory
from acompana.training.models import BuddyMeeting


@pytest.fixture
def busy(world, cohort):
    """Fourteen mentors of the cohort and two from outside it who met some of them: informal
    meetings of two to four, buddy meetings (tagged or dated in the cohort's year), ties."""
    rng = random.Random(7)
    program = world.program
    mentors = [world.mentor_profile, world.other_mentor_profile]
    for n in range(12):
        mentor = MentorProfileFactory(program=program, code=f"N{n:02d}", programs_served=n % 3)
        mentor.cohorts.add(cohort)
        mentors.append(mentor)
    outside = [MentorProfileFactory(program=program, code=f"X{n}") for n in range(2)]
    for _ in range(30):
        group = rng.sample(mentors[:10] + outside, rng.randint(2, 4))
        InformalMeetingFactory(
            program=program,
            logged_by=group[0],
            peers=group[1:],
            cohort=cohort if rng.random() < 0.7 else None,
            met_on=datetime.date(cohort.year, 5, 4),
        )
    for novice, buddy in [(mentors[3], mentors[4]), (mentors[11], mentors[2])]:
        pair = BuddyPair.objects.create(
            program=program, novice=novice, buddy=buddy, started_on=datetime.date(cohort.year, 3, 1)
        )
        for day in range(1, 4):
            BuddyMeeting.objects.create(
                pair=pair,
                met_on=datetime.date(cohort.year, 4, day),
                mode="video",
                topics="Plan",
                duration_minutes=30,
            )
    return cohort


def _edges(edges):
    return [(e.a.pk, e.b.pk, e.informal, e.buddy) for e in edges]


@pytest.mark.parametrize(("drawn", "pairs"), [(5, 7), (3, 200), (150, 4)])
def test_the_page_shows_what_ranking_the_whole_network_gives(
    world, busy, drawn, pairs, django_assert_max_num_queries
):
    whole = meeting_network(program=world.program, cohort=busy)
    expected = busiest(whole, drawn)
    with django_assert_max_num_queries(3):
        view = network_view(program=world.program, cohort=busy, drawn=drawn, pairs=pairs)
    assert view.total == len(whole.nodes) == 16
    assert [(n.mentor.pk, n.novice, n.x, n.y) for n in view.drawn.nodes] == [
        (n.mentor.pk, n.novice, n.x, n.y) for n in expected.nodes
    ]
    assert sorted(_edges(view.drawn.edges)) == sorted(_edges(expected.edges))
    assert _edges(view.pairs) == _edges(whole.edges[:pairs])
    shown = {n.mentor.pk for n in expected.nodes}
    assert [(n.mentor.pk, peers, met) for n, peers, met in view.mentor_rows] == [
        (n.mentor.pk, peers, met) for n, peers, met in whole.node_rows if n.mentor.pk in shown
    ]


def test_a_cohort_without_meetings_draws_its_mentors(world, cohort):
    view = network_view(program=world.program, cohort=cohort, drawn=150, pairs=200)
    assert view.pairs == [] and view.drawn.edges == []
    assert view.total == len(view.drawn.nodes) == cohort.mentors.count()
