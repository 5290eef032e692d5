"""A session's attendance is paged: 50 mentors a page, a save records only the mentors of its
page, a page someone else recorded meanwhile is refused, and the page's cost does not grow
with the number of invited mentors."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from acompana.group_sessions import services
from acompana.group_sessions.models import Attendance
from acompana.group_sessions.selectors import SHEET_MAX_POSTED, SHEET_PAGE_SIZE
from acompana.people.tests.factories import MentorProfileFactory


@pytest.fixture
def crowded(world, session, cohort):
    """The session with 118 more mentors invited (120 in all, three pages)."""
    extra = MentorProfileFactory.create_batch(118, program=world.program)
    services.session_invitees_set(
        session=session,
        mentors=[world.mentor_profile, world.other_mentor_profile, *extra],
        actor=world.coordinator,
    )
    return session


def _detail(world, session, **query):
    return reverse("group_sessions:detail", args=[world.program.slug, session.pk]), query


def _checkboxes(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="present" value="(\d+)"', html)]


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def _invited_by_code(session) -> list[int]:
    return list(
        Attendance.objects.filter(session=session)
        .order_by("mentor__code", "pk")
        .values_list("mentor_id", flat=True)
    )


def test_the_coordinator_sees_fifty_mentors_a_page_and_the_figures_of_all(
    world, crowded, as_persona
):
    client = as_persona("coordinator")
    address, _ = _detail(world, crowded)
    first = client.get(address).content.decode()
    third = client.get(address, {"page": 3}).content.decode()

    invited = _invited_by_code(crowded)
    assert _checkboxes(first) == invited[:SHEET_PAGE_SIZE]
    assert _checkboxes(third) == invited[2 * SHEET_PAGE_SIZE :]
    assert _hidden(first, "mentors") == ",".join(map(str, invited[:SHEET_PAGE_SIZE]))
    assert "Page 1 of 3" in first


def test_saving_a_page_records_its_mentors_only(world, crowded, as_persona):
    client = as_persona("coordinator")
    address, _ = _detail(world, crowded)
    page = client.get(address, {"page": 2}).content.decode()
    shown = _checkboxes(page)
    response = client.post(
        reverse("group_sessions:attendance", args=[world.program.slug, crowded.pk]) + "?page=2",
        {
            "present": shown[:3],
            "mentors": _hidden(page, "mentors"),
            "was_present": _hidden(page, "was_present"),
            "was_absent": _hidden(page, "was_absent"),
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?page=2#attendance")
    marks = dict(Attendance.objects.filter(session=crowded).values_list("mentor", "present"))
    assert [marks[pk] for pk in shown] == [True] * 3 + [False] * (len(shown) - 3)
    assert {marks[pk] for pk in set(marks) - set(shown)} == {None}


def test_a_page_recorded_by_someone_else_meanwhile_is_refused_whole(world, crowded, as_persona):
    client = as_persona("coordinator")
    address, _ = _detail(world, crowded)
    page = client.get(address).content.decode()
    shown = _checkboxes(page)
    # the facilitator records one mentor of the same page first
    services.attendance_record(
        session=crowded,
        present={shown[0]},
        mentors=[shown[0]],
        shown={shown[0]: None},
        actor=world.specialist,
    )
    client.post(
        reverse("group_sessions:attendance", args=[world.program.slug, crowded.pk]),
        {
            "present": shown[1:3],
            "mentors": _hidden(page, "mentors"),
            "was_present": _hidden(page, "was_present"),
            "was_absent": _hidden(page, "was_absent"),
        },
    )

    marks = dict(Attendance.objects.filter(session=crowded).values_list("mentor", "present"))
    assert marks[shown[0]] is True
    assert [marks[pk] for pk in shown[1:]] == [None] * (len(shown) - 1)
    assert "Someone recorded the attendance" in client.get(address).content.decode()


def test_another_page_recorded_meanwhile_does_not_block_a_save(world, crowded):
    invited = _invited_by_code(crowded)
    first, second = invited[:50], invited[50:100]
    services.attendance_record(
        session=crowded,
        present=set(second),
        mentors=second,
        shown=dict.fromkeys(second),
        actor=world.specialist,
    )
    services.attendance_record(
        session=crowded,
        present=set(first[:1]),
        mentors=first,
        shown=dict.fromkeys(first),
        actor=world.coordinator,
    )
    marks = dict(Attendance.objects.filter(session=crowded).values_list("mentor", "present"))
    assert sum(1 for pk in second if marks[pk]) == 50
    assert [marks[pk] for pk in first[:2]] == [True, False]


def test_a_post_naming_a_mentor_not_invited_or_too_many_writes_nothing(world, session):
    stranger = MentorProfileFactory(program=world.program)
    mine = world.mentor_profile.pk
    with pytest.raises(ValidationError, match="not invited"):
        services.attendance_record(
            session=session, present={mine}, mentors=[mine, stranger.pk], actor=world.coordinator
        )
    with pytest.raises(ValidationError, match="not invited"):
        services.attendance_record(
            session=session, present={stranger.pk}, mentors=[mine], actor=world.coordinator
        )
    with pytest.raises(ValidationError, match="at most"):
        services.attendance_record(
            session=session,
            present=set(),
            mentors=range(1, SHEET_MAX_POSTED + 2),
            actor=world.coordinator,
        )
    assert set(Attendance.objects.filter(session=session).values_list("present", flat=True)) == {
        None
    }


def test_a_mentor_finds_a_colleague_on_the_searched_list(world, crowded, as_persona):
    code = world.other_mentor_profile.code
    address, _ = _detail(world, crowded)
    html = as_persona("mentor").get(address, {"q": code}).content.decode()
    assert code in html
    assert 'name="present"' not in html  # a mentor reads the attendance, does not take it


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "mentor"])
def test_the_page_costs_the_same_queries_with_two_or_a_hundred_and_twenty_mentors(
    world, session, cohort, as_persona, persona
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_persona(persona)
    address, _ = _detail(world, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    extra = MentorProfileFactory.create_batch(118, program=world.program)
    services.session_invitees_set(
        session=session,
        mentors=[world.mentor_profile, world.other_mentor_profile, *extra],
        actor=world.coordinator,
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get(address).status_code == 200
    assert len(large) <= len(small)
