"""Readiness before field work and buddies' informal meetings: services, selector, pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acompana.common.choices import MeetingMode
from acompana.common.models import AuditEntry
from acompana.people.models import BuddyPair
from acompana.people.tests.factories import MentorProfileFactory
from acompana.training import services
from acompana.training.models import BuddyMeeting, ReadinessCheck
from acompana.training.selectors import mentors_not_ready


@pytest.fixture
def cohort(world):
    return world.mentor_profile.cohorts.get()


@pytest.fixture
def items(world, cohort):
    return services.readiness_items_default(cohort=cohort, actor=world.coordinator)


@pytest.fixture
def pair(world, cohort):
    return BuddyPair.objects.create(
        program=world.program,
        cohort=cohort,
        novice=world.mentor_profile,
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 3, 1),
    )


def test_the_default_checklist_is_created_once(world, cohort, items):
    assert items[0].title == "Asistió a los módulos de inducción"
    assert len(items) == 4
    again = services.readiness_items_default(cohort=cohort)
    assert [i.pk for i in again] == [i.pk for i in items]


@pytest.mark.parametrize("persona", ["trainer", "coordinator"])
def test_trainers_and_coordinators_sign_and_unsign(world, items, persona):
    actor = world.persona(persona)
    check = services.readiness_sign(
        item=items[0], mentor=world.mentor_profile, evidence="Lista de asistencia", actor=actor
    )
    assert check.signed_by == actor
    assert AuditEntry.objects.filter(action="training.readiness.signed").count() == 1
    services.readiness_unsign(item=items[0], mentor=world.mentor_profile, actor=actor)
    assert not ReadinessCheck.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "mentee", "specialist", "researcher", "outsider"])
def test_others_cannot_sign(world, items, persona):
    with pytest.raises(PermissionDenied):
        services.readiness_sign(
            item=items[0], mentor=world.mentor_profile, actor=world.persona(persona)
        )


def test_signing_needs_a_mentor_of_the_cohort(world, items):
    stranger = MentorProfileFactory(program=world.program)
    with pytest.raises(ValidationError):
        services.readiness_sign(item=items[0], mentor=stranger, actor=world.trainer)


def test_mentors_not_ready_lists_the_missing_items(world, cohort, items):
    for item in items:
        services.readiness_sign(item=item, mentor=world.mentor_profile, actor=world.trainer)
    services.readiness_sign(item=items[1], mentor=world.other_mentor_profile, actor=world.trainer)
    result = mentors_not_ready(world.program)
    assert [r.mentor for r in result] == [world.other_mentor_profile]
    assert result[0].cohort == cohort
    assert [i.pk for i in result[0].missing] == [items[0].pk, items[2].pk, items[3].pk]
    assert mentors_not_ready(world.program, cohort=cohort) == result


def test_the_first_mentors_not_ready_are_the_head_of_the_whole_list(world, cohort, items):
    mentors = [world.mentor_profile, world.other_mentor_profile]
    for n in range(6):
        mentor = MentorProfileFactory(program=world.program, code=f"R-{n:03}")
        mentor.cohorts.add(cohort)
        mentors.append(mentor)
    for mentor in mentors[::2]:  # every item signed: ready
        for item in items:
            services.readiness_sign(item=item, mentor=mentor, actor=world.trainer)
    services.readiness_sign(item=items[0], mentor=mentors[1], actor=world.trainer)

    everyone = mentors_not_ready(world.program)

    assert {r.mentor.pk for r in everyone} == {m.pk for m in mentors[1::2]}
    for limit in (1, 2, 4):
        assert mentors_not_ready(world.program, limit=limit) == everyone[:limit]


def test_mentors_not_ready_without_items_is_empty(world, cohort):
    assert mentors_not_ready(world.program, cohort) == []


def test_mentors_not_ready_takes_a_fixed_number_of_queries(world, cohort, items):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            result = mentors_not_ready(world.program)
            assert all(str(r.mentor.user) and r.cohort.pk for r in result)
        return len(ctx.captured_queries)

    before = count()
    for _ in range(5):
        MentorProfileFactory(program=world.program).cohorts.add(cohort)
    assert count() == before <= 3
    assert len(mentors_not_ready(world.program)) == 7


READINESS_ACCESS = [
    ("coordinator", 200),
    ("trainer", 200),
    ("mentor", 200),
    ("mentee", 403),
    ("specialist", 403),
    ("researcher", 403),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), READINESS_ACCESS)
def test_who_sees_the_readiness_page(world, cohort, items, as_persona, persona, status):
    url = reverse("training:readiness", args=[world.program.slug]) + f"?cohort={cohort.pk}"
    response = as_persona(persona).get(url)
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert f'id="mentor-{world.mentor_profile.pk}"' in body
        others_visible = f'id="mentor-{world.other_mentor_profile.pk}"' in body
        assert others_visible == (persona != "mentor")
        sign = reverse("training:readiness_sign", args=[world.program.slug])
        assert (f'action="{sign}"' in body) == (persona != "mentor")


def test_a_mentor_sees_their_own_checklist_without_choosing_a_cohort(world, items, as_persona):
    response = as_persona("mentor").get(reverse("training:readiness", args=[world.program.slug]))
    assert response.status_code == 200
    assert "Reviewed the case studies" in response.content.decode()  # shipped, in English


def test_signing_through_the_page(world, cohort, items, as_persona):
    url = reverse("training:readiness_sign", args=[world.program.slug])
    unsign = reverse("training:readiness_unsign", args=[world.program.slug])
    data = {
        "cohort": cohort.pk,
        "item": items[0].pk,
        "mentor": world.mentor_profile.pk,
        "evidence": "Acta",
    }
    assert as_persona("mentor").post(url, data).status_code == 403
    assert not ReadinessCheck.objects.exists()
    assert as_persona("trainer").post(url, data).status_code == 302
    assert ReadinessCheck.objects.get().evidence == "Acta"
    assert as_persona("trainer").post(unsign, data).status_code == 302
    assert not ReadinessCheck.objects.exists()


def test_the_default_checklist_from_the_page(world, cohort, as_persona):
    url = reverse("training:readiness_defaults", args=[world.program.slug])
    data = {"cohort": cohort.pk}
    assert as_persona("mentor").post(url, data).status_code == 403
    assert as_persona("coordinator").post(url, data).status_code == 302
    assert cohort.readiness_items.count() == 4


def log(pair, actor, **extra):
    fields = {
        "met_on": datetime.date(2026, 3, 10),
        "mode": MeetingMode.PHONE,
        "topics": "Cómo preparar la primera visita",
        "duration_minutes": 30,
        **extra,
    }
    return services.buddy_meeting_log(pair=pair, actor=actor, **fields)


@pytest.mark.parametrize("persona", ["mentor", "coordinator"])
def test_the_pair_and_coordinators_log_meetings(world, pair, persona):
    assert log(pair, world.persona(persona)).pk
    assert log(pair, world.other_mentor_profile.user).pk
    assert AuditEntry.objects.filter(action="training.buddy_meeting.logged").count() == 2


@pytest.mark.parametrize("persona", ["trainer", "mentee", "specialist", "researcher", "outsider"])
def test_others_cannot_log_meetings(world, pair, persona):
    with pytest.raises(PermissionDenied):
        log(pair, world.persona(persona))


def test_a_meeting_needs_a_valid_mode_and_duration(world, pair):
    with pytest.raises(ValidationError):
        log(pair, world.mentor, mode="telepathy")
    with pytest.raises(ValidationError):
        log(pair, world.mentor, duration_minutes=0)


BUDDIES_ACCESS = [
    ("coordinator", 200),
    ("mentor", 200),
    ("trainer", 403),
    ("mentee", 403),
    ("specialist", 403),
    ("researcher", 403),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), BUDDIES_ACCESS)
def test_who_sees_the_buddies_page(world, pair, as_persona, persona, status):
    log(pair, world.mentor)
    response = as_persona(persona).get(reverse("training:buddies", args=[world.program.slug]))
    assert response.status_code == status
    if status == 200:
        assert "Cómo preparar la primera visita" in response.content.decode()


def test_a_mentor_sees_only_their_own_pairs(world, pair, as_persona):
    third = MentorProfileFactory(program=world.program)
    other_pair = BuddyPair.objects.create(
        program=world.program,
        novice=third,
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 3, 1),
    )
    body = as_persona("mentor").get(reverse("training:buddies", args=[world.program.slug]))
    assert f'id="pair-{pair.pk}"' in body.content.decode()
    assert f'id="pair-{other_pair.pk}"' not in body.content.decode()
    third_client = as_persona("coordinator")
    body = third_client.get(reverse("training:buddies", args=[world.program.slug]))
    assert f'id="pair-{other_pair.pk}"' in body.content.decode()


def test_logging_through_the_page(world, pair, as_persona):
    url = reverse("training:buddies", args=[world.program.slug])
    data = {
        "pair": pair.pk,
        "met_on": "2026-03-12",
        "mode": "video",
        "duration_minutes": 45,
        "topics": "Cuaderno de campo",
    }
    assert as_persona("mentor").post(url, data).status_code == 302
    assert BuddyMeeting.objects.get().mode == "video"
    assert as_persona("mentee").post(url, data).status_code == 403
