"""Reviewing a run: a page of pairs at a time with filters, and summaries aggregated in SQL."""

import pytest
from django.urls import reverse

from acompana.matching import selectors, services
from acompana.matching.models import DEFAULT_CRITERIA

BASE = "/api/v1/programs/test-program/matching"


def listed(body: str) -> int:
    return body.count('<tr id="pair-')


def test_the_review_page_shows_a_page_of_pairs_and_costs_the_same_queries_on_every_page(
    world, run, as_persona, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(selectors, "REVIEW_PAGE_SIZE", 2)
    client = as_persona("coordinator")
    url = reverse("matching:run", args=[world.program.slug, run.pk])
    bodies = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(12):
            bodies.append(client.get(url, {"page": page}).content.decode())
    assert [listed(body) for body in bodies] == [2, 2, 1]
    assert "Page 1 of 3" in bodies[0]
    # The cards count the whole run, whatever the page.
    assert all('<div class="stat">5</div>' in body for body in bodies)


def test_the_review_page_filters_by_region_and_by_mentor(world, run, as_persona):
    client = as_persona("coordinator")
    url = reverse("matching:run", args=[world.program.slug, run.pk])
    mentee = run.proposals.select_related("mentee").first().mentee
    body = client.get(url, {"region": mentee.region_id}).content.decode()
    expected = run.proposals.filter(mentee__region_id=mentee.region_id).count()
    assert listed(body) == expected < 5
    assert f'data-person="{mentee.code}"' in body
    code = world.mentor_profile.code
    body = client.get(url, {"mentor": code}).content.decode()
    assert listed(body) == run.proposals.filter(mentor=world.mentor_profile).count()
    assert body.count(f'data-mentor="{code}"') == listed(body)
    # A region of another program is not a choice: the whole run is listed.
    assert listed(client.get(url, {"region": 999999}).content.decode()) == 5


def test_the_review_page_sums_up_regions_loads_and_unmatched_reasons(world, as_persona, run):
    world.mentor_profile.capacity = 1
    world.mentor_profile.save()
    world.other_mentor_profile.capacity = 1
    world.other_mentor_profile.save()
    shortage = services.match_run_start(
        program=world.program,
        cohort=run.cohort,
        kind="mentees",
        objective="total",
        criteria=DEFAULT_CRITERIA,
        actor=world.coordinator,
    )
    services.match_run_execute(run_id=shortage.pk)
    shortage.refresh_from_db()
    client = as_persona("coordinator")
    body = client.get(reverse("matching:run", args=[world.program.slug, shortage.pk])).content
    page = body.decode()
    assert 'id="regions"' in page and 'id="unmatched-reasons"' in page
    reason = shortage.unmatched[0]["reason"]
    assert f'<td>{reason}</td><td class="num">3</td>' in page
    assert '<div class="stat">2 / 2</div>' in page  # both mentors at capacity


def test_the_api_lists_pairs_by_region_or_mentor_and_sums_a_run_up(
    world, run, api_as, django_assert_max_num_queries
):
    client = api_as("coordinator")
    code = world.mentor_profile.code
    mine = client.get(f"{BASE}/runs/{run.pk}/proposals/", {"mentor": code}).json()
    assert mine["count"] == run.proposals.filter(mentor=world.mentor_profile).count()
    assert {row["mentor"]["code"] for row in mine["results"]} == {code}
    mentee = run.proposals.select_related("mentee").first().mentee
    regional = client.get(f"{BASE}/runs/{run.pk}/proposals/", {"region": mentee.region_id})
    assert (
        regional.json()["count"] == run.proposals.filter(mentee__region_id=mentee.region_id).count()
    )
    assert client.get(f"{BASE}/runs/{run.pk}/proposals/", {"region": "x"}).status_code == 400

    with django_assert_max_num_queries(8):
        summary = client.get(f"{BASE}/runs/{run.pk}/summary/").json()
    assert summary["matched"] == 5
    assert sum(summary["score_counts"]) == 5
    assert sum(row["pairs"] for row in summary["regions"]) == 5
    assert summary["mentors"] == 2
    assert summary["mean_load"] == pytest.approx(2.5)
    assert summary["unmatched_reasons"] == []


def test_publishing_runs_in_batches_and_resumes_after_a_failure_without_emailing_twice(
    world, run, monkeypatch
):
    from django.core import mail

    from acompana.matching import engine, notifications
    from acompana.matching.models import MatchRun
    from acompana.people.models import Partnership

    monkeypatch.setattr(engine, "BATCH", 2)
    monkeypatch.setattr(notifications, "MENTORS_PER_BATCH", 1)
    services.match_run_publish(run=run, actor=world.coordinator)
    connect, calls = mail.get_connection, []

    def failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("the mail server went away")
        return connect(*args, **kwargs)

    monkeypatch.setattr(mail, "get_connection", failing_once)
    with pytest.raises(ConnectionError):
        services.match_run_publish_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHING
    assert 50 < run.progress < 100  # partnerships made, the first mentor's emails sent
    first_batch = len(mail.outbox)

    services.match_run_publish_execute(run_id=run.pk)
    services.match_run_publish_execute(run_id=run.pk)  # delivered twice: nothing more
    run.refresh_from_db()
    assert (run.status, run.progress) == (MatchRun.Status.PUBLISHED, 100)
    addresses = [address for message in mail.outbox for address in message.to]
    assert len(addresses) == len(set(addresses)) > first_batch
    new = run.proposals.filter(kept=False)
    assert run.summary["publication"]["emails"] == len(addresses) == new.count() + 2
    assert run.summary["publication"]["created"] == 3
    assert Partnership.objects.filter(program=world.program, ended_on=None).count() == 5


def test_the_run_page_shows_the_progress_of_a_publication(world, run, as_persona, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = as_persona("coordinator")
    response = client.post(reverse("matching:publish", args=[world.program.slug, run.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page
    assert "in the background" in page


def test_the_totals_saved_on_the_run_follow_its_swaps_and_exclusions(world, run):
    assert selectors.review_totals(run=run) == selectors.run_totals(run=run)
    new = list(run.proposals.filter(kept=False).order_by("pk"))
    first = next(p for p in new if p.mentor == world.mentor_profile)
    second = next(p for p in new if p.mentor == world.other_mentor_profile)
    services.proposals_swap(first=first, second=second, actor=world.coordinator)
    run.refresh_from_db()
    assert selectors.review_totals(run=run) == selectors.run_totals(run=run)
    services.proposal_exclude(proposal=new[-1], actor=world.coordinator)
    run.refresh_from_db()
    saved = selectors.review_totals(run=run)
    assert saved == selectors.run_totals(run=run)
    assert (saved.matched, saved.unmatched_reasons) == (4, [("excluded by hand", 1)])
