import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.circles import services
from acompana.circles.models import Circle, Meeting, PrivateNote
from acompana.circles.tests.conftest import last_week, teacher
from acompana.people.tests.factories import MenteeProfileFactory, SpecialistAssignmentFactory


def url(name, world, *args):
    return reverse(f"circles:{name}", args=[world.program.slug, *args])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 200),
        ("mentee", 200),
        ("specialist", 200),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_circle_list(world, circles, as_persona, persona, status):
    assert as_persona(persona).get(url("list", world)).status_code == status


@pytest.mark.parametrize(
    ("persona", "circle_status", "meeting_status", "record_status"),
    [
        ("coordinator", 200, 200, 200),
        ("mentor", 200, 200, 200),
        ("mentee", 200, 200, 403),
        ("specialist", 200, 200, 403),
        ("trainer", 403, 403, 403),
        ("outsider", 404, 404, 404),
    ],
)
def test_who_may_open_a_mentoring_circle_and_its_meeting(
    world, circles, as_persona, persona, circle_status, meeting_status, record_status
):
    client = as_persona(persona)
    assert client.get(url("detail", world, circles.mentoring.pk)).status_code == circle_status
    assert client.get(url("meeting", world, circles.group_meeting.pk)).status_code == (
        meeting_status
    )
    assert client.get(url("record", world, circles.group_meeting.pk)).status_code == (record_status)


def test_people_outside_a_circle_do_not_see_it(world, circles, as_persona, client):
    # the mentee, mentor and specialist of the world are not in the reciprocal pair
    for persona in ("mentee", "mentor", "specialist"):
        response = as_persona(persona).get(url("detail", world, circles.reciprocal.pk))
        assert response.status_code == 404
        assert circles.reciprocal.name not in as_persona(persona).get(url("list", world)).text


def test_only_coordinators_create_and_edit_circles(world, circles, as_persona):
    assert as_persona("mentor").get(url("create", world)).status_code == 403
    assert as_persona("mentor").get(url("edit", world, circles.mentoring.pk)).status_code == 403
    client = as_persona("coordinator")
    assert client.get(url("create", world)).status_code == 200
    assert client.get(url("edit", world, circles.mentoring.pk)).status_code == 200
    a, b = teacher(world), teacher(world)
    response = client.post(
        url("create", world),
        {
            "name": "Pareja nueva",
            "kind": "reciprocal",
            "cohort": world.program.cohorts.get().pk,
            "mentees": [a.pk, b.pk],
            "status": "active",
        },
    )
    circle = Circle.objects.get(name="Pareja nueva")
    assert response.status_code == 302 and circle.members.count() == 2


def test_a_member_records_a_reciprocal_meeting_with_commitments_and_their_note(
    world, circles, client
):
    a = circles.user("teacher_a")
    client.force_login(a)
    meeting = circles.pair_meeting
    response = client.post(
        url("record", world, meeting.pk),
        {
            "status": "done",
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
            "mode": "video",
            "present": [circles.teacher_a.pk, circles.teacher_b.pk],
            "summary": "Observamos la clase de B",
            "agreed": "Probar preguntas abiertas",
            "expected_version": 0,
            "c0_mentee": circles.teacher_b.pk,
            "c0_text": "Probar preguntas abiertas",
            "note-text": "Nota privada de A",
            "note-expected_version": 0,
        },
    )
    assert response.status_code == 302, response.content
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DONE and meeting.version == 1
    assert meeting.duration_minutes == 45  # as it lasted: the hours counted
    assert meeting.commitments.get().mentee == circles.teacher_b
    assert PrivateNote.objects.get(meeting=meeting, author=a).text == "Nota privada de A"
    stale = client.post(
        url("record", world, meeting.pk),
        {
            "status": "done",
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
            "mode": "video",
            "summary": "otra cosa",
            "expected_version": 0,
        },
    )
    assert stale.status_code == 200 and "Someone else" in stale.text
    meeting.refresh_from_db()
    assert meeting.summary == "Observamos la clase de B"


def test_a_member_never_sees_another_members_private_note_on_any_page(world, circles, client):
    """Each teacher of the pair keeps a private note; both, the coordinator, and anyone else
    who sees the meeting, see only their own — on every page that shows meetings."""
    meeting = circles.pair_meeting
    services.meeting_record(
        meeting=meeting,
        status="done",
        summary="Registro compartido",
        actor=circles.user("teacher_a"),
    )
    services.private_note_save(meeting=meeting, author=circles.user("teacher_a"), text="SECRETO-A")
    services.private_note_save(meeting=meeting, author=circles.user("teacher_b"), text="SECRETO-B")
    SpecialistAssignmentFactory(program=world.program)
    pages = [
        url("list", world),
        url("detail", world, circles.reciprocal.pk),
        url("meeting", world, meeting.pk),
        url("record", world, meeting.pk),
        url("commitments", world),
    ]
    for user, own, other in [
        (circles.user("teacher_a"), "SECRETO-A", "SECRETO-B"),
        (circles.user("teacher_b"), "SECRETO-B", "SECRETO-A"),
        (world.coordinator, None, "SECRETO-"),
    ]:
        client.force_login(user)
        seen = "".join(client.get(p).text for p in pages)
        assert "Registro compartido" in seen
        assert other not in seen
        if own:
            assert own in seen


def test_query_budget_of_the_circle_list(world, circles, as_persona, django_assert_max_num_queries):
    cohort = world.program.cohorts.get()
    for i in range(10):
        services.circle_create(
            program=world.program,
            cohort=cohort,
            kind="peer",
            name=f"Pares {i}",
            mentees=[teacher(world), teacher(world), teacher(world)],
            status="active",
            actor=world.coordinator,
        )
    client = as_persona("coordinator")
    client.get(url("list", world))
    with django_assert_max_num_queries(12):
        response = client.get(url("list", world))
    assert response.text.count("Pares ") >= 10


def test_query_budget_of_the_circle_page(world, circles, as_persona, django_assert_max_num_queries):
    for _ in range(8):
        services.meeting_create(
            circle=circles.mentoring, starts_at=last_week(), mode="video", actor=world.mentor
        )
    client = as_persona("mentor")
    with django_assert_max_num_queries(25):
        assert client.get(url("detail", world, circles.mentoring.pk)).status_code == 200


def test_a_member_closes_their_commitment_from_their_list(world, circles, as_persona):
    services.meeting_record(
        meeting=circles.group_meeting,
        status="done",
        commitments=[services.NewCommitment(mentee_id=world.mentee_profile.pk, text="Leer")],
        actor=world.mentor,
    )
    client = as_persona("mentee")
    assert "Leer" in client.get(url("commitments", world)).text
    commitment = circles.group_meeting.commitments.get()
    client.post(url("commitment_close", world, commitment.pk), {"status": "done", "next": "mine"})
    commitment.refresh_from_db()
    assert commitment.status == "done"
    assert as_persona("mentor").get(url("commitments", world)).status_code == 403


def test_the_circle_form_offers_the_cohorts_people_narrowed_by_a_search(world, as_persona):
    from acompana.programs.tests.factories import CohortFactory

    ana = teacher(world)
    other_cohort = CohortFactory(program=world.program, year=2025)
    outsider = MenteeProfileFactory(program=world.program)
    outsider.cohorts.add(other_cohort)
    client = as_persona("coordinator")
    cohort = world.program.cohorts.get(year=2026)
    body = client.get(url("create", world) + f"?cohort={cohort.pk}").text
    assert ana.code in body and outsider.code not in body
    narrowed = client.get(url("create", world) + f"?cohort={cohort.pk}&q={ana.code}").text
    assert ana.code in narrowed and world.mentee_profile.code not in narrowed


def test_in_a_mentoring_circle_the_mentor_and_members_keep_their_notes_to_themselves(
    world, circles, client
):
    meeting = circles.group_meeting
    services.private_note_save(meeting=meeting, author=world.mentor, text="NOTA-MENTOR")
    services.private_note_save(meeting=meeting, author=world.mentee, text="NOTA-MENTEE")
    pages = [
        url("list", world),
        url("detail", world, circles.mentoring.pk),
        url("meeting", world, meeting.pk),
        url("record", world, meeting.pk),
    ]
    for user, own, others in [
        (world.mentor, "NOTA-MENTOR", ["NOTA-MENTEE"]),
        (world.mentee, "NOTA-MENTEE", ["NOTA-MENTOR"]),
        (circles.third.user, None, ["NOTA-MENTOR", "NOTA-MENTEE"]),
        (world.specialist, None, ["NOTA-MENTOR", "NOTA-MENTEE"]),
        (world.coordinator, None, ["NOTA-MENTOR", "NOTA-MENTEE"]),
    ]:
        client.force_login(user)
        seen = "".join(client.get(p).text for p in pages)
        assert not [o for o in others if o in seen], user
        if own:
            assert own in seen
