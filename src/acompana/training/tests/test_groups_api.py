"""A training session's detail over the API carries at most 50 breakout groups, their count and
a link to the paged list of every group with its members; a mentor still sees only their own."""

import pytest

from acompana.training.apis import DETAIL_GROUPS
from acompana.training.models import BreakoutGroup
from acompana.training.tests.test_apis import make_session, session_url
from acompana.training.tests.test_apis import plan as plan
from acompana.visits.tests.test_apis import check_error


@pytest.fixture
def crowded(world, plan):
    """A session with 55 groups; the mentor is in group 3, the other mentor in group 54."""
    session = make_session(world, plan)
    BreakoutGroup.objects.bulk_create(
        BreakoutGroup(session=session, number=n) for n in range(1, DETAIL_GROUPS + 6)
    )
    BreakoutGroup.objects.get(session=session, number=3).members.add(world.mentor_profile)
    BreakoutGroup.objects.get(session=session, number=54).members.add(world.other_mentor_profile)
    return session


def test_the_detail_holds_fifty_groups_their_count_and_the_paged_list(api_as, crowded, world):
    client = api_as("trainer")

    body = client.get(session_url(crowded)).json()

    assert [g["number"] for g in body["groups"]] == list(range(1, DETAIL_GROUPS + 1))
    assert body["groups_count"] == DETAIL_GROUPS + 5
    assert body["groups_url"].endswith(session_url(crowded, "breakout-groups/"))
    second = client.get(body["groups_url"], {"page": 2, "page_size": 50}).json()
    assert second["count"] == DETAIL_GROUPS + 5
    numbers = [g["number"] for g in second["results"]]
    assert numbers == list(range(51, DETAIL_GROUPS + 6))
    members = {g["number"]: [m["code"] for m in g["members"]] for g in second["results"]}
    assert members[54] == [world.other_mentor_profile.code]


def test_a_mentor_sees_only_their_group_and_not_the_paged_list(api_as, crowded, world):
    client = api_as("mentor")

    body = client.get(session_url(crowded)).json()

    assert [(g["number"], [m["code"] for m in g["members"]]) for g in body["groups"]] == [
        (3, [world.mentor_profile.code])
    ]
    assert (body["groups_count"], body["groups_url"]) == (1, None)
    check_error(client.get(session_url(crowded, "breakout-groups/")), 403)


def test_the_detail_costs_the_same_queries_with_few_or_many_groups(api_as, world, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as("coordinator")
    few = make_session(world, plan, title="Pocos grupos")
    BreakoutGroup.objects.create(session=few, number=1).members.add(world.mentor_profile)
    many = make_session(world, plan, title="Muchos grupos")
    BreakoutGroup.objects.bulk_create(BreakoutGroup(session=many, number=n) for n in range(1, 80))
    BreakoutGroup.objects.get(session=many, number=1).members.add(world.mentor_profile)

    counts = []
    for session in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(session_url(session)).status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 1  # the count of the groups, when there are more than 50
