"""Match runs in the application: scoring profiles, solving, review by hand, publication."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from acompana.common.models import AuditEntry
from acompana.matching import services
from acompana.matching.models import DEFAULT_CRITERIA, ConflictOfInterest, MatchRun, PairRule
from acompana.people.models import Partnership
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory
from acompana.programs.tests.factories import CohortFactory


@pytest.fixture
def cohort(world):
    """The world's cohort with three more mentees waiting for a mentor."""
    cohort = world.program.cohorts.get()
    for _ in range(3):
        MenteeProfileFactory(program=world.program).cohorts.add(cohort)
    for mentor in (world.mentor_profile, world.other_mentor_profile):
        mentor.capacity = 3
        mentor.save()
    return cohort


def start(world, cohort, **kwargs):
    options = {"kind": "mentees", "objective": "total", "criteria": DEFAULT_CRITERIA} | kwargs
    return services.match_run_start(
        program=world.program, cohort=cohort, actor=world.coordinator, **options
    )


def run_now(world, cohort, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        run = start(world, cohort, **kwargs)
    run.refresh_from_db()
    return run


def test_a_run_keeps_published_pairs_and_fills_the_gaps(
    world, cohort, django_capture_on_commit_callbacks
):
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    assert run.status == MatchRun.Status.DONE
    assert run.progress == 100
    assert run.summary["matched"] == 5
    assert run.summary["kept"] == 2
    kept = {(p.mentee_id, p.mentor_id) for p in run.proposals.filter(kept=True)}
    assert kept == {
        (world.mentee_profile.pk, world.mentor_profile.pk),
        (world.other_mentee_profile.pk, world.other_mentor_profile.pk),
    }
    for proposal in run.proposals.all():
        assert sum(row["contribution"] for row in proposal.explanation) == pytest.approx(
            proposal.score, abs=1e-3
        )
    assert AuditEntry.objects.filter(action="matching.run.finished", program=world.program).exists()


def test_capacity_shortage_leaves_mentees_unmatched_with_a_reason(
    world, cohort, django_capture_on_commit_callbacks
):
    world.mentor_profile.capacity = 1
    world.mentor_profile.save()
    world.other_mentor_profile.capacity = 1
    world.other_mentor_profile.save()
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    assert run.summary["matched"] == 2
    assert len(run.unmatched) == 3
    assert all("capacity" in u["reason"] for u in run.unmatched)


def test_conflicts_of_interest_and_excluded_pairs_are_never_proposed(
    world, cohort, django_capture_on_commit_callbacks
):
    waiting = list(cohort.mentees.exclude(partnerships__isnull=False))
    ConflictOfInterest.objects.create(
        program=world.program, mentor=world.mentor_profile, mentee=waiting[0], reason="supervised"
    )
    PairRule.objects.create(
        cohort=cohort, mentor=world.mentor_profile, mentee=waiting[1], rule=PairRule.Rule.EXCLUDE
    )
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    pairs = {(p.mentee_id, p.mentor_id) for p in run.proposals.all()}
    assert (waiting[0].pk, world.mentor_profile.pk) not in pairs
    assert (waiting[1].pk, world.mentor_profile.pk) not in pairs


def test_lock_swap_exclude_and_publish_by_hand(world, cohort, django_capture_on_commit_callbacks):
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    new = list(run.proposals.filter(kept=False).order_by("pk"))
    a = next(p for p in new if p.mentor == world.mentor_profile)
    b = next(p for p in new if p.mentor == world.other_mentor_profile)
    services.proposals_swap(first=a, second=b, actor=world.coordinator)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.mentor, b.mentor) == (world.other_mentor_profile, world.mentor_profile)
    services.proposal_lock(proposal=a, locked=True, actor=world.coordinator)
    assert PairRule.objects.filter(rule="lock", mentee=a.mentee, mentor=a.mentor).exists()
    with pytest.raises(ValidationError):
        services.proposals_swap(first=a, second=b, actor=world.coordinator)
    third = next(p for p in run.proposals.filter(kept=False) if p.pk not in {a.pk, b.pk})
    services.proposal_exclude(proposal=third, actor=world.coordinator)
    run.refresh_from_db()
    assert third.mentee.code in {u["code"] for u in run.unmatched}
    assert (run.summary["matched"], run.summary["unmatched"]) == (4, 1)

    with django_capture_on_commit_callbacks(execute=True):
        queued = services.match_run_publish(run=run, actor=world.coordinator)
        assert queued.status == MatchRun.Status.PUBLISHING
    assert Partnership.objects.filter(mentee=a.mentee, mentor=a.mentor, ended_on=None).exists()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert run.summary["publication"]["created"] == 2
    recipients = {address for message in mail.outbox for address in message.to}
    assert {a.mentee.user.email, a.mentor.user.email, b.mentee.user.email} <= recipients
    assert world.mentee.email not in recipients  # kept pairs are not announced again
    with pytest.raises(ValidationError):
        services.proposal_lock(proposal=a, locked=False, actor=world.coordinator)


def test_a_later_run_keeps_locked_pairs_and_publishing_a_change_ends_the_old_partnership(
    world, cohort, django_capture_on_commit_callbacks
):
    PairRule.objects.create(
        cohort=cohort,
        mentor=world.other_mentor_profile,
        mentee=world.mentee_profile,
        rule=PairRule.Rule.LOCK,
    )
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    locked = run.proposals.get(mentee=world.mentee_profile)
    assert (locked.mentor, locked.locked) == (world.other_mentor_profile, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_run_publish(run=run, actor=world.coordinator)
    old = Partnership.objects.get(mentee=world.mentee_profile, mentor=world.mentor_profile)
    assert old.ended_on is not None
    assert Partnership.objects.filter(
        mentee=world.mentee_profile, mentor=world.other_mentor_profile, ended_on=None
    ).exists()


def test_novice_mentors_get_experienced_buddies_through_the_same_engine(
    world, cohort, django_capture_on_commit_callbacks
):
    novice = MentorProfileFactory(program=world.program, programs_served=1)
    novice.cohorts.add(cohort)
    run = run_now(
        world,
        cohort,
        django_capture_on_commit_callbacks,
        kind="buddies",
        objective="stable",
        criteria={"region": 5, "language": "must"},
    )
    proposal = run.proposals.get()
    assert proposal.novice == novice
    assert proposal.mentor in {world.mentor_profile, world.other_mentor_profile}
    with django_capture_on_commit_callbacks(execute=True):
        services.match_run_publish(run=run, actor=world.coordinator)
    assert novice.buddies.get().buddy == proposal.mentor


@pytest.mark.parametrize("objective", ["total", "maxmin", "stable"])
def test_every_objective_runs_in_the_application(
    world, cohort, django_capture_on_commit_callbacks, objective
):
    run = run_now(world, cohort, django_capture_on_commit_callbacks, objective=objective)
    assert run.status == MatchRun.Status.DONE
    assert run.summary["matched"] == 5


@pytest.mark.parametrize(
    "criteria", [{"region": 11}, {"region": "very"}, {"height": 3}, {"region": -1}]
)
def test_bad_weights_are_refused(world, cohort, criteria):
    with pytest.raises(ValidationError):
        start(world, cohort, criteria=criteria)


def test_a_cohort_of_another_program_is_refused(world):
    with pytest.raises(ValidationError):
        start(world, CohortFactory())


MATCHING_PAGES = ["matching:runs"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 403),
        ("mentee", 403),
        ("specialist", 403),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_only_coordinators_open_matching_pages(
    world, cohort, as_persona, persona, status, django_capture_on_commit_callbacks
):
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    proposal = run.proposals.first()
    slug = world.program.slug
    client = as_persona(persona)
    for url in [
        reverse("matching:runs", args=[slug]),
        reverse("matching:run", args=[slug, run.pk]),
        reverse("matching:pair", args=[slug, run.pk, proposal.pk]),
    ]:
        assert client.get(url).status_code == status
    for url in [
        reverse("matching:lock", args=[slug, run.pk, proposal.pk]),
        reverse("matching:exclude", args=[slug, run.pk, proposal.pk]),
        reverse("matching:swap", args=[slug, run.pk]),
        reverse("matching:publish", args=[slug, run.pk]),
    ]:
        expected = 302 if persona == "coordinator" else status
        assert client.post(url).status_code == expected


def test_the_run_page_shows_charts_loads_and_explanations_within_a_query_budget(
    world, cohort, as_persona, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("matching:run", args=[world.program.slug, run.pk]))
    body = response.content.decode()
    assert "<svg" in body and "Publish and notify" in body
    proposal = run.proposals.first()
    page = client.get(reverse("matching:pair", args=[world.program.slug, run.pk, proposal.pk]))
    assert "Mentor strengths meet mentee needs" in page.content.decode()


def test_starting_a_run_from_the_page_queues_it_and_shows_progress(
    world, cohort, as_persona, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = as_persona("coordinator")
    form = {"cohort": cohort.pk, "kind": "mentees", "objective": "maxmin", "max_km": 80}
    form |= {f"w_{k}": str(v) for k, v in DEFAULT_CRITERIA.items()}
    response = client.post(reverse("matching:runs", args=[world.program.slug]), form)
    run = MatchRun.objects.get()
    assert response["Location"] == reverse("matching:run", args=[world.program.slug, run.pk])
    assert (run.status, run.objective, run.options) == ("queued", "maxmin", {"max_km": 80})
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page


def test_the_match_file_command_solves_and_refuses_bad_input(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    problem = tmp_path / "p.json"
    problem.write_text(
        '{"objective": "total", "mentors": [{"id": "T1", "capacity": 1}],'
        ' "mentees": [{"id": "M1"}, {"id": "M2"}], "edges": [["M1", "T1", 0.8], ["M2", "T1", 0.9]]}'
    )
    out = tmp_path / "r.json"
    call_command("match-file", str(problem), "--out", str(out))
    import json

    assert json.loads(out.read_text())["assignments"] == [["M2", "T1", 0.9]]
    problem.write_text(
        '{"mentors": [{"id": "T1", "capacity": 1}], "mentees": [], "edges": [["X", "T1", 2]]}'
    )
    with pytest.raises(CommandError, match="edges"):
        call_command("match-file", str(problem), "--out", str(out))
