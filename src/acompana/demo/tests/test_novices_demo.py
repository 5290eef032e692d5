"""On the demo, every page, grouping and criterion that shows novices agrees with the people
selector's one definition (declared at entry + cohorts completed before): each of the eight
mentors declared 1 at entry, so everyone is new in their first cohort (all of 2019, the five who
joined in 2020) and in 2021 only 1A is."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from acompana.accounts.models import User
from acompana.demo import data
from acompana.demo.research import SLUG as STUDY
from acompana.matching.engine import pool_for_run
from acompana.matching.models import MatchRun
from acompana.people.models import MentorProfile
from acompana.people.selectors import novice_flags_in, programs_served_in
from acompana.programs.models import Program
from acompana.research import defaults
from acompana.research.models import Participant
from acompana.training.models import Feedback, TrainingPlan, TrainingSession
from acompana.training.selectors import session_mentors


@pytest.fixture
def demo(db, client):
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    client.force_login(User.objects.get(email=f"coordinator@{data.DOMAIN}"))
    return Program.objects.get(slug="mentoria-directivos"), client


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


# the novices of each demo cohort, by the definition: declared 1 + the cohorts completed before
NOVICES = {
    2019: {"4D", "8H"},  # every mentor of 2019
    2020: {"2B", "3C", "5E", "6F", "7G"},  # 4D and 8H completed 2019
    2021: {"1A"},
}


@pytest.mark.parametrize("year", sorted(NOVICES))
def test_every_page_that_shows_novices_agrees_with_the_selector(demo, year):
    program, client = demo
    cohort = program.cohorts.get(year=year)
    members = dict(MentorProfile.objects.filter(cohorts=cohort).values_list("pk", "code"))
    flags = novice_flags_in(cohort=cohort, mentor_ids=members)
    novices = {members[pk] for pk, novice in flags.items() if novice}
    experienced = set(members.values()) - novices
    assert novices == NOVICES[year]
    if year == 2019:
        assert novices == set(members.values()) and not experienced
    slug = program.slug

    # the group-sessions report (its mentors' table, downloaded)
    report = client.get(
        reverse("group_sessions:report", args=[slug]), {"cohort": cohort.pk, "format": "csv"}
    )
    rows = _csv(report)
    assert {r[0] for r in rows if r[2] != "no"} == novices
    assert {r[0] for r in rows if r[2] == "no"} >= experienced

    # the informal network
    network = client.get(reverse("group_sessions:network", args=[slug]), {"cohort": cohort.pk})
    nodes = network.context["network"].drawn.nodes  # every mentor: the demo has eight
    assert {n.mentor.code for n in nodes if n.novice and n.mentor.pk in members} == novices

    # training feedback by new and returning mentors
    plan = TrainingPlan.objects.get(program=program, cohort=cohort)
    page = client.get(reverse("training:plan_feedback", args=[slug, plan.pk]))
    new, returning = page.context["summary"]["track"]
    by_novices = Feedback.objects.filter(session__plan=plan, mentor__code__in=novices)
    assert new["count"] == by_novices.count()
    assert returning["count"] == Feedback.objects.filter(session__plan=plan).count() - new["count"]

    # who a session for new (or returning) mentors invites, and breakout groups' balance
    for track, expected in [("new", novices), ("returning", experienced)]:
        session = TrainingSession(plan=plan, track=track)
        assert {m.code for m in session_mentors(session=session)} == expected

    # breakout groups: each member shown as new or experienced, experienced mentors spread
    made = TrainingSession.objects.filter(plan=plan, breakout_groups__isnull=False).distinct()
    assert made.exists()
    for session in made:
        printed = client.get(reverse("training:groups_print", args=[slug, session.pk]))
        groups = printed.context["groups"]
        shown = {m.code: m.novice_in_cohort for g in groups for m in g.member_list}
        assert shown == {code: code in novices for code in shown}
        counts = [sum(not m.novice_in_cohort for m in g.member_list) for g in groups]
        assert max(counts) - min(counts) <= 1

    # buddy matching: the novices of the cohort are paired with its experienced mentors
    run = MatchRun(program=program, cohort=cohort, kind=MatchRun.Kind.BUDDIES)
    pool = pool_for_run(run)
    assert set(pool.people.values()) == novices
    assert set(pool.mentors.values()) == experienced

    # the mentors' list filtered by cohort and experience
    mentors = reverse("people:mentors", args=[slug])
    listed = client.get(mentors, {"cohort": cohort.pk, "experience": "novice"})
    assert {m.code for m in listed.context["page"]} == novices

    # Table 3 as of the cohort: the cohort's novices are the mentors with at most one program
    table3 = reverse("people:mentor_experience", args=[slug])
    served = programs_served_in(cohort=cohort)
    codes = dict(MentorProfile.objects.filter(program=program).values_list("code", "pk"))
    as_of = {
        r[0]: int(r[-1]) for r in _csv(client.get(table3, {"format": "csv", "cohort": cohort.pk}))
    }
    assert as_of == {c: served[codes[c]] for c in codes}
    assert {c for c in members.values() if as_of[c] <= 1} == NOVICES[year]


def test_research_attributes_are_those_of_each_mentors_latest_cohort(demo):
    program, _client = demo
    latest = program.cohorts.get(year=2021)  # every demo mentor is in the 2021 cohort
    served = programs_served_in(cohort=latest)
    code_of = dict(MentorProfile.objects.filter(program=program).values_list("pk", "code"))
    participants = {
        p.code_name: p.attributes for p in Participant.objects.filter(study__slug=STUDY)
    }
    for pk, n in served.items():
        attributes = participants[code_of[pk]]
        assert attributes[defaults.ATTR_PROGRAMS] == n
        expected = defaults.NOVICE if n <= 1 else defaults.EXPERIENCED
        assert attributes[defaults.ATTR_EXPERIENCE] == expected


def test_table_3_shows_the_studys_column_as_of_the_latest_cohort_and_1_as_declared(demo):
    program, client = demo
    table3 = reverse("people:mentor_experience", args=[program.slug])

    default = _csv(client.get(table3, {"format": "csv"}))
    latest = _csv(
        client.get(table3, {"format": "csv", "cohort": program.cohorts.get(year=2021).pk})
    )
    declared = _csv(client.get(table3, {"format": "csv", "cohort": "declared"}))

    study = {row[0]: row[-1] for row in data.TABLE3}
    assert study == {"1A": 1, "2B": 2, "3C": 2, "4D": 3, "5E": 2, "6F": 2, "7G": 2, "8H": 3}
    assert {r[0]: int(r[-1]) for r in default} == study
    assert {r[0]: int(r[-1]) for r in latest} == study
    assert {r[0]: int(r[-1]) for r in declared} == dict.fromkeys(study, 1)
