"""The health rules at their edges, the pages' permissions and their query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acompana.agreements.models import Agreement
from acompana.health.models import HealthSettings
from acompana.health.selectors import Filters, coverage_in_mentees, health_counts, health_scope
from acompana.people.tests.factories import PartnershipFactory
from acompana.visits.models import Commitment, Round, StatusChange, Visit

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def at(days_ago: int) -> datetime.datetime:
    day = today() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def visit(pair, days_ago: int, status=Visit.Status.DONE, round=None) -> Visit:
    return Visit.objects.create(
        program=pair.program,
        mentor=pair.mentor,
        mentee=pair.mentee,
        mode="in_person",
        scheduled_at=at(days_ago),
        status=status,
        round=round,
    )


def pair_of(world, started_days_ago: int = 100, **kwargs):
    return PartnershipFactory(
        program=world.program,
        cohort=world.program.cohorts.get(),
        started_on=today() - datetime.timedelta(days=started_days_ago),
        **kwargs,
    )


def names(health, rule: str) -> set[str]:
    return {p.mentee.code for p in getattr(health, rule)()}


def coordinator_view(world, **filters):
    return health_scope(user=world.coordinator, program=world.program, filters=Filters(**filters))


def test_a_pair_visited_exactly_n_days_ago_is_not_inactive_and_one_day_more_is(world):
    exactly, older = pair_of(world), pair_of(world)
    visit(exactly, 30)
    visit(older, 31)

    inactive = names(coordinator_view(world), "inactive")

    assert older.mentee.code in inactive
    assert exactly.mentee.code not in inactive


def test_the_number_of_days_is_the_programs_setting(world):
    pair = pair_of(world)
    visit(pair, 20)
    HealthSettings.objects.create(program=world.program, inactive_days=14)

    assert pair.mentee.code in names(coordinator_view(world), "inactive")


def test_a_cancelled_recent_visit_does_not_keep_a_pair_active(world):
    pair = pair_of(world)
    visit(pair, 60)
    visit(pair, 2, status=Visit.Status.CANCELLED)

    assert pair.mentee.code in names(coordinator_view(world), "inactive")


def test_a_paused_or_ended_pair_is_on_no_list(world):
    paused = pair_of(world, paused_since=today() - datetime.timedelta(days=40))
    ended = pair_of(world, ended_on=today() - datetime.timedelta(days=1))
    visit(paused, 60)
    visit(ended, 60)
    health = coordinator_view(world)

    for rule in ("inactive", "never_visited", "not_visited_round"):
        assert not {paused.mentee.code, ended.mentee.code} & names(health, rule), rule


def test_a_pair_with_only_planned_visits_was_never_visited(world):
    pair = pair_of(world)
    visit(pair, -3, status=Visit.Status.PLANNED)
    health = coordinator_view(world)

    assert pair.mentee.code in names(health, "never_visited")
    assert pair.mentee.code not in names(health, "inactive")


def test_a_new_pair_is_not_yet_never_visited(world):
    exactly, older = pair_of(world, started_days_ago=30), pair_of(world, started_days_ago=31)

    never = names(coordinator_view(world), "never_visited")

    assert older.mentee.code in never
    assert exactly.mentee.code not in never


def test_mentees_without_a_done_visit_in_the_round_under_way_are_listed(world):
    cohort = world.program.cohorts.get()
    r = Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Ronda 1",
        starts_on=today() - datetime.timedelta(days=10),
        ends_on=today() + datetime.timedelta(days=10),
    )
    visited, planned, outside = pair_of(world), pair_of(world), pair_of(world)
    visit(visited, 3, round=r)
    v = visit(planned, -2, status=Visit.Status.RESCHEDULED, round=r)
    StatusChange.objects.create(visit=v, from_status="planned", to_status="rescheduled")
    StatusChange.objects.create(visit=v, from_status="rescheduled", to_status="rescheduled")
    visit(outside, 3)  # done, but in no round
    health = coordinator_view(world)

    listed = names(health, "not_visited_round")
    coverage = coverage_in_mentees(health)

    assert planned.mentee.code in listed and outside.mentee.code in listed
    assert visited.mentee.code not in listed
    [c] = coverage
    assert sum(row["done"] for row in c["regions"]) == 1
    assert sum(row["planned"] for row in c["regions"]) == 2
    assert sum(row["expected"] for row in c["regions"]) == 5  # the world's two pairs too
    assert c["rescheduled_events"] == 2  # events, not the one visit's current status


def test_overdue_commitments_are_counted_by_mentor_and_region(world):
    pair = pair_of(world)
    v = visit(pair, 20)
    for days in (1, 5):
        Commitment.objects.create(
            visit=v,
            mentor=pair.mentor,
            mentee=pair.mentee,
            text="Plan",
            due_on=today() - datetime.timedelta(days=days),
        )
    Commitment.objects.create(
        visit=v, mentor=pair.mentor, mentee=pair.mentee, text="Hoy", due_on=today()
    )
    health = coordinator_view(world)

    assert health.overdue().count() == 2
    assert health.overdue_by_mentor()[0]["n"] == 2
    assert health.overdue_by_region()[0]["n"] == 2


def test_agreements_awaiting_acknowledgement_are_listed(world):
    pair = pair_of(world)
    Agreement.objects.create(
        program=world.program, partnership=pair, status=Agreement.Status.AWAITING
    )
    other = pair_of(world)
    Agreement.objects.create(
        program=world.program, partnership=other, status=Agreement.Status.IN_FORCE
    )

    listed = {a.partnership_id for a in coordinator_view(world).agreements()}

    assert listed == {pair.pk}


def test_a_mentor_sees_only_their_own_pairs_and_no_program_wide_list(world):
    mine = PartnershipFactory(
        program=world.program,
        mentor=world.mentor_profile,
        started_on=today() - datetime.timedelta(days=90),
    )
    theirs = pair_of(world)
    health = health_scope(user=world.mentor, program=world.program)

    never = names(health, "never_visited")
    counts = health_counts(health)

    assert mine.mentee.code in never and theirs.mentee.code not in never
    assert "waiting" not in counts and "low_response" not in counts


def test_filters_narrow_the_lists_to_a_mentor(world):
    a, b = pair_of(world), pair_of(world)

    never = names(coordinator_view(world, mentor=a.mentor.code), "never_visited")

    assert a.mentee.code in never and b.mentee.code not in never


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("specialist", 200),
        ("mentor", 200),
        ("mentee", 403),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_health_page(client, world, persona, status):
    client.force_login(world.persona(persona))

    response = client.get(reverse("health:page", args=[world.program.slug]))

    assert response.status_code == status


def test_the_waiting_list_is_for_coordinators_only(client, world):
    client.force_login(world.mentor)

    response = client.get(reverse("health:list", args=[world.program.slug, "waiting"]))

    assert response.status_code == 403


def test_an_unknown_list_is_not_found(client, world):
    client.force_login(world.coordinator)

    response = client.get(reverse("health:list", args=[world.program.slug, "nope"]))

    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_downloads(client, world, fmt):
    pair = pair_of(world)
    visit(pair, 60)
    client.force_login(world.coordinator)

    response = client.get(
        reverse("health:list", args=[world.program.slug, "inactive"]), {"format": fmt}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert pair.mentee.code in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int) -> None:
    cohort = world.program.cohorts.get()
    r = Round.objects.filter(program=world.program).first() or Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="R",
        starts_on=today() - datetime.timedelta(days=5),
        ends_on=today() + datetime.timedelta(days=5),
    )
    for _ in range(n):
        pair = pair_of(world)
        v = visit(pair, 45, round=r)
        Commitment.objects.create(
            visit=v,
            mentor=pair.mentor,
            mentee=pair.mentee,
            text="x",
            due_on=today() - datetime.timedelta(days=3),
        )
        Agreement.objects.create(
            program=world.program, partnership=pair, status=Agreement.Status.AWAITING
        )


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "mentor"])
def test_the_pages_cost_the_same_queries_with_more_pairs(client, world, persona):
    client.force_login(world.persona(persona))
    slug = world.program.slug
    urls = [reverse("health:page", args=[slug])] + [
        reverse("health:list", args=[slug, name])
        for name in (
            "inactive",
            "never_visited",
            "not_visited_round",
            "overdue",
            "agreements",
            "not_ready",
        )
    ]
    _grow(world, 3)
    small = [_queries(client, u) for u in urls]
    _grow(world, 12)
    big = [_queries(client, u) for u in urls]

    assert big == small
    assert max(big) <= 40


def test_a_coordinator_changes_the_number_of_days(client, world):
    pair = pair_of(world)
    visit(pair, 20)
    client.force_login(world.coordinator)
    url = reverse("health:settings", args=[world.program.slug])

    response = client.post(url, {"inactive_days": 14, "low_response_percent": 40, "version": 1})

    assert response.status_code == 302
    assert pair.mentee.code in names(coordinator_view(world), "inactive")


def test_settings_saved_meanwhile_by_someone_else_are_not_overwritten(client, world):
    HealthSettings.objects.create(program=world.program, inactive_days=20, version=2)
    client.force_login(world.coordinator)
    url = reverse("health:settings", args=[world.program.slug])

    response = client.post(url, {"inactive_days": 45, "low_response_percent": 40, "version": 1})

    assert response.status_code == 200
    assert HealthSettings.objects.get(program=world.program).inactive_days == 20


@pytest.mark.parametrize("persona", ["specialist", "mentor"])
def test_only_coordinators_change_the_settings(client, world, persona):
    client.force_login(world.persona(persona))

    response = client.get(reverse("health:settings", args=[world.program.slug]))

    assert response.status_code == 403
