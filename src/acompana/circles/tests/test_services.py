import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acompana.circles import selectors, services
from acompana.circles.models import SIZE_BOUNDS, Circle, Commitment, Kind, Meeting, validate_shape
from acompana.circles.tests.conftest import last_week, teacher


@pytest.mark.parametrize("kind", [Kind.MENTORING, Kind.PEER, Kind.RECIPROCAL])
def test_an_active_circle_has_between_its_kinds_bounds_of_members(kind):
    low, high = SIZE_BOUNDS[kind]
    mentor = kind == Kind.MENTORING
    validate_shape(kind=kind, has_mentor=mentor, size=low, active=True)
    validate_shape(kind=kind, has_mentor=mentor, size=high, active=True)
    for size in (low - 1, high + 1):
        with pytest.raises(ValidationError):
            validate_shape(kind=kind, has_mentor=mentor, size=size, active=True)


def test_a_draft_may_still_be_filling_up_but_never_overflow():
    validate_shape(kind=Kind.MENTORING, has_mentor=True, size=1, active=False)
    with pytest.raises(ValidationError):
        validate_shape(kind=Kind.MENTORING, has_mentor=True, size=9, active=False)


def test_reciprocal_coaching_is_exactly_two_teachers():
    assert SIZE_BOUNDS[Kind.RECIPROCAL] == (2, 2)
    for size in (1, 3):
        with pytest.raises(ValidationError, match="exactly two"):
            validate_shape(kind=Kind.RECIPROCAL, has_mentor=False, size=size, active=True)


def test_only_a_mentoring_circle_has_a_mentor():
    with pytest.raises(ValidationError):
        validate_shape(kind=Kind.MENTORING, has_mentor=False, size=3, active=True)
    with pytest.raises(ValidationError):
        validate_shape(kind=Kind.PEER, has_mentor=True, size=3, active=True)


def test_members_must_be_mentees_of_the_circles_cohort(world):
    outside = teacher(world)
    outside.cohorts.clear()
    with pytest.raises(ValidationError, match="cohort"):
        services.circle_create(
            program=world.program,
            cohort=world.program.cohorts.get(),
            kind=Kind.RECIPROCAL,
            name="Par",
            mentees=[teacher(world), outside],
            actor=world.coordinator,
        )


def test_updating_members_keeps_who_left_and_refuses_a_stale_version(world, circles):
    circle = circles.mentoring
    fourth = teacher(world)
    services.circle_update(
        circle=circle,
        name=circle.name,
        status=circle.status,
        mentor=circle.mentor,
        mentees=[world.mentee_profile, circles.third, fourth],
        expected_version=0,
        actor=world.coordinator,
    )
    members = {m.mentee_id for m in selectors.circle_members(circle=circle)}
    assert members == {world.mentee_profile.pk, circles.third.pk, fourth.pk}
    assert circle.members.get(mentee=world.other_mentee_profile).left_on == timezone.localdate()
    with pytest.raises(ValidationError, match="Someone else"):
        services.circle_update(
            circle=circle,
            name="Otro",
            status=circle.status,
            mentor=circle.mentor,
            mentees=[world.mentee_profile, circles.third, fourth],
            expected_version=0,
            actor=world.coordinator,
        )


def test_the_facilitator_of_a_peer_meeting_is_a_member(world, circles):
    with pytest.raises(ValidationError, match="member"):
        services.meeting_create(
            circle=circles.reciprocal,
            starts_at=last_week(),
            mode="video",
            facilitator=circles.third,
            actor=world.coordinator,
        )
    with pytest.raises(ValidationError, match="member"):
        services.meeting_create(
            circle=circles.reciprocal, starts_at=last_week(), mode="video", actor=world.coordinator
        )
    assert circles.group_meeting.facilitator_mentor == world.mentor_profile


def test_the_facilitator_rotates_among_the_members(circles):
    assert circles.pair_meeting.facilitator_member == circles.teacher_a
    assert selectors.next_facilitator(circle=circles.reciprocal) == circles.teacher_b


def test_recording_a_meeting_is_all_or_nothing_and_refuses_concurrent_edits(world, circles):
    meeting = circles.group_meeting
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=meeting,
            status=Meeting.Status.DONE,
            summary="Revisamos",
            attendance={world.mentee_profile.pk: True},
            commitments=[services.NewCommitment(mentee_id=circles.teacher_a.pk, text="x")],
            actor=world.mentor,
        )
    meeting.refresh_from_db()
    assert meeting.summary == "" and meeting.version == 0
    services.meeting_record(
        meeting=meeting,
        status=Meeting.Status.DONE,
        summary="Revisamos las rúbricas",
        agreed="Observarnos en clase",
        attendance={world.mentee_profile.pk: True, circles.third.pk: False},
        commitments=[services.NewCommitment(mentee_id=world.mentee_profile.pk, text="Observar")],
        expected_version=0,
        actor=world.mentor,
    )
    with pytest.raises(ValidationError, match="Someone else"):
        services.meeting_record(
            meeting=meeting, status=Meeting.Status.DONE, expected_version=0, actor=world.mentor
        )
    with pytest.raises(ValidationError, match="why"):
        services.meeting_record(
            meeting=meeting, status=Meeting.Status.CANCELLED, actor=world.mentor
        )


def test_a_commitment_is_closed_by_its_member_or_the_facilitator(world, circles):
    meeting = circles.group_meeting
    services.meeting_record(
        meeting=meeting,
        status=Meeting.Status.DONE,
        commitments=[
            services.NewCommitment(mentee_id=world.mentee_profile.pk, text="Uno"),
            services.NewCommitment(mentee_id=circles.third.pk, text="Dos"),
        ],
        actor=world.mentor,
    )
    mine, theirs = Commitment.objects.filter(meeting=meeting).order_by("pk")
    with pytest.raises(PermissionDenied):
        services.commitment_close(commitment=theirs, status="done", actor=world.mentee)
    services.commitment_close(commitment=mine, status="done", actor=world.mentee)
    services.commitment_close(commitment=theirs, status="dropped", actor=world.mentor)
    assert {c.status for c in Commitment.objects.filter(meeting=meeting)} == {"done", "dropped"}
    assert list(selectors.open_commitments_of(program=world.program, mentee=circles.third)) == []


def test_private_notes_belong_to_their_author(world, circles):
    meeting = circles.pair_meeting
    services.private_note_save(meeting=meeting, author=circles.user("teacher_a"), text="mío A")
    services.private_note_save(meeting=meeting, author=circles.user("teacher_b"), text="mío B")
    assert selectors.my_private_note(meeting=meeting, user=circles.user("teacher_a")).text == (
        "mío A"
    )
    assert selectors.my_private_note(meeting=meeting, user=circles.user("teacher_b")).text == (
        "mío B"
    )
    assert selectors.my_private_note(meeting=meeting, user=world.coordinator) is None
    with pytest.raises(ValidationError):
        services.private_note_save(
            meeting=meeting, author=circles.user("teacher_a"), text="x", expected_version=0
        )


def test_goals_and_their_progress(world, circles):
    goal = services.goal_create(
        circle=circles.mentoring, title="Retroalimentar", actor=world.mentor
    )
    services.goal_progress_add(goal=goal, percent=40, actor=world.mentee)
    with pytest.raises(ValidationError):
        services.goal_progress_add(goal=goal, percent=140, actor=world.mentee)
    with pytest.raises(ValidationError):
        services.goal_progress_add(
            goal=goal,
            percent=10,
            recorded_on=timezone.localdate() + datetime.timedelta(days=1),
            actor=world.mentee,
        )
    assert [
        p.percent for p in selectors.circle_goals(circle=circles.mentoring)[0].progress.all()
    ] == [40]


def test_selectors_other_apps_use(world, circles):
    assert list(
        selectors.circles_of_mentee(program=world.program, mentee=world.mentee_profile)
    ) == [circles.mentoring]
    assert len(selectors.circle_members(circle=circles.mentoring)) == 3
    assert set(selectors.mentees_of_mentor_circles(mentor=world.mentor_profile)) == {
        world.mentee_profile,
        world.other_mentee_profile,
        circles.third,
    }
    services.meeting_record(
        meeting=circles.group_meeting,
        status=Meeting.Status.DONE,
        attendance={world.mentee_profile.pk: True, circles.third.pk: False},
        actor=world.mentor,
    )
    today = timezone.localdate()
    load = selectors.meeting_load(
        program=world.program,
        mentee_ids=[world.mentee_profile.pk, circles.third.pk],
        start=today - datetime.timedelta(days=30),
        end=today,
    )
    assert set(load) == {world.mentee_profile.pk}
    assert load[world.mentee_profile.pk].meetings == 1
    assert str(load[world.mentee_profile.pk].hours) == "1.50"
    assert Circle.objects.count() == 2


def test_the_duration_recorded_is_what_the_load_counts(world, circles):
    services.meeting_record(
        meeting=circles.pair_meeting,
        status=Meeting.Status.DONE,
        attendance={circles.teacher_a.pk: True},
        details={"duration_minutes": 30, "mode": None},
        actor=circles.user("teacher_a"),
    )
    today = timezone.localdate()
    load = selectors.meeting_load(
        program=world.program,
        mentee_ids=[circles.teacher_a.pk],
        start=today - datetime.timedelta(days=8),
        end=today,
    )
    assert str(load[circles.teacher_a.pk].hours) == "0.50"
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=circles.pair_meeting,
            status=Meeting.Status.DONE,
            details={"duration_minutes": 0},
            actor=circles.user("teacher_a"),
        )
