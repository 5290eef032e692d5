"""The printable list of a session's breakout groups is bounded: one group (``?group=N``) or 20
groups a page, each printed on its own sheet, in a number of queries that does not grow with
the groups."""

import datetime
import re

import pytest
from django.urls import reverse

from acompana.training import services
from acompana.training.models import BreakoutGroup
from acompana.training.tests.test_training import FIELD_WORK, add_mentors, make_session
from acompana.visits.models import Round


@pytest.fixture
def session(world):
    cohort = world.mentor_profile.cohorts.get()
    Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Diagnóstico",
        starts_on=FIELD_WORK,
        ends_on=FIELD_WORK + datetime.timedelta(days=30),
    )
    plan = services.plan_create(
        program=world.program, cohort=cohort, title="Inducción 2026", actor=world.coordinator
    )
    return make_session(world, plan)


def print_url(world, session) -> str:
    return reverse("training:groups_print", args=[world.program.slug, session.pk])


def printed_groups(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h2>Group (\d+)</h2>", html)]


def test_the_list_prints_twenty_groups_a_page_each_on_its_own_sheet(world, session, as_persona):
    add_mentors(world, session.plan.cohort, 48, experienced=False)
    services.groups_make(session=session, min_size=2, max_size=2, seed=0, actor=world.trainer)
    total = BreakoutGroup.objects.filter(session=session).count()
    assert total > 20
    client = as_persona("trainer")

    first = client.get(print_url(world, session)).content.decode()
    second = client.get(print_url(world, session), {"page": 2}).content.decode()

    assert printed_groups(first) == list(range(1, 21))
    assert printed_groups(second) == list(range(21, min(total, 40) + 1))
    assert first.count('class="card room-sheet"') == 20  # a sheet each
    assert "Page 1 of" in first


def test_one_group_prints_alone_by_its_number(world, session, as_persona):
    add_mentors(world, session.plan.cohort, 8, experienced=False)
    services.groups_make(session=session, min_size=2, max_size=3, seed=0, actor=world.trainer)
    group = BreakoutGroup.objects.get(session=session, number=2)
    client = as_persona("coordinator")

    html = client.get(print_url(world, session), {"group": 2}).content.decode()

    assert printed_groups(html) == [2]
    assert all(m.code in html for m in group.members.all())
    missing = client.get(print_url(world, session), {"group": 999}).content.decode()
    assert printed_groups(missing) == [] and "There is no group with this number." in missing
    assert client.get(print_url(world, session), {"group": "x"}).status_code == 200


def test_the_printable_list_costs_the_same_queries_with_more_groups(
    world, session, as_persona, django_assert_max_num_queries
):
    client = as_persona("trainer")
    for count in (6, 60):
        add_mentors(world, session.plan.cohort, count, experienced=count > 6)
        services.groups_make(session=session, min_size=2, max_size=3, seed=0, actor=world.trainer)
        with django_assert_max_num_queries(12):
            assert client.get(print_url(world, session)).status_code == 200
