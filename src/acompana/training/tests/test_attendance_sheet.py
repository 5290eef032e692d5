"""The attendance sheet of a training session at any size: a page of mentors at a time, each
post recording only the mentors it shows (all or nothing, concurrent recording detected),
"mark all present" for the whole session, the groups' summary, the export and the API."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from acompana.api.testing import BASE
from acompana.common.exports import XLSX_TYPE
from acompana.training import services
from acompana.training.models import Attendance, BreakoutGroup
from acompana.training.selectors import (
    SHEET_MAX_POSTED,
    SHEET_PAGE_SIZE,
    attendance_counts,
    session_mentors,
)
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


def invited(session):
    return list(session_mentors(session=session).values_list("pk", flat=True))


def recorded(session):
    return dict(Attendance.objects.filter(session=session).values_list("mentor_id", "present"))


# The service --------------------------------------------------------------------------------


def test_recording_a_page_leaves_the_other_mentors_untouched(world, session):
    add_mentors(world, session.plan.cohort, 6, experienced=False)
    first, second, *others = invited(session)
    services.attendance_record(session=session, present=others, actor=world.trainer)
    before = recorded(session)

    services.attendance_record(
        session=session, present=[first], mentors=[first, second], actor=world.trainer
    )

    after = recorded(session)
    assert after[first] is True and after[second] is False
    assert {pk: after[pk] for pk in others} == {pk: before[pk] for pk in others}


def test_a_page_with_a_mentor_not_invited_records_nothing(world, session):
    first = invited(session)[0]
    stranger = add_mentors(world, session.plan.cohort, 1, experienced=False)[0]
    stranger.active = False
    stranger.save(update_fields=["active"])

    with pytest.raises(ValidationError, match="not invited"):
        services.attendance_record(
            session=session, present=[first], mentors=[first, stranger.pk], actor=world.trainer
        )
    with pytest.raises(ValidationError, match="not invited"):
        services.attendance_record(
            session=session, present=[stranger.pk], mentors=[first], actor=world.trainer
        )
    assert not Attendance.objects.filter(session=session).exists()


def test_a_post_records_at_most_a_bounded_number_of_mentors(world, session):
    too_many = list(range(1, SHEET_MAX_POSTED + 2))
    with pytest.raises(ValidationError, match="at most"):
        services.attendance_record(
            session=session, present=[], mentors=too_many, actor=world.trainer
        )


def test_recording_the_same_mentors_since_the_page_was_drawn_is_refused(world, session):
    add_mentors(world, session.plan.cohort, 4, experienced=False)
    a, b, c, d, *_rest = invited(session)
    version = session.attendance_version
    services.attendance_record(
        session=session, present=[a], mentors=[a, b], expected_version=version, actor=world.trainer
    )

    # Another page (other mentors) drawn at the same version still saves...
    services.attendance_record(
        session=session, present=[c], mentors=[c, d], expected_version=version, actor=world.trainer
    )
    # ...but a page showing a mentor recorded since is refused, and writes nothing.
    with pytest.raises(ValidationError, match="since you opened") as refused:
        services.attendance_record(
            session=session,
            present=[b],
            mentors=[a, b],
            expected_version=version,
            actor=world.trainer,
        )
    assert refused.value.code == "stale"
    assert recorded(session)[a] is True and recorded(session)[b] is False
    session.refresh_from_db()
    assert session.attendance_version == version + 2


def test_mark_all_present_records_every_invited_mentor_in_one_statement(
    world, session, django_assert_max_num_queries
):
    add_mentors(world, session.plan.cohort, 5, experienced=False)
    first = invited(session)[0]
    services.attendance_record(session=session, present=[], mentors=[first], actor=world.trainer)
    session.refresh_from_db()

    written = services.attendance_mark_all_present(
        session=session, expected_version=session.attendance_version, actor=world.trainer
    )

    assert written == len(invited(session))
    assert set(recorded(session).values()) == {True}
    assert attendance_counts(session=session).present == written
    with pytest.raises(ValidationError, match="since you opened"):
        services.attendance_mark_all_present(
            session=session, expected_version=0, actor=world.trainer
        )


# The page -----------------------------------------------------------------------------------


def page_url(world, session, query=""):
    url = reverse("training:session", args=[world.program.slug, session.pk])
    return f"{url}?{query}" if query else url


def test_the_sheet_shows_one_page_of_mentors_and_filters_them(world, session, as_persona):
    mentors = add_mentors(world, session.plan.cohort, SHEET_PAGE_SIZE + 5, experienced=False)
    client = as_persona("trainer")

    body = client.get(page_url(world, session)).content.decode()
    assert body.count('name="present"') == SHEET_PAGE_SIZE
    assert "page=2" in body

    wanted = mentors[-1]
    body = client.get(page_url(world, session, f"q={wanted.code}")).content.decode()
    assert body.count('name="present"') == 1 and f'value="{wanted.pk}"' in body

    services.attendance_record(
        session=session, present=[], mentors=invited(session)[:SHEET_PAGE_SIZE], actor=world.trainer
    )
    body = client.get(page_url(world, session, "unrecorded=1")).content.decode()
    assert body.count('name="present"') == len(invited(session)) - SHEET_PAGE_SIZE


def test_saving_a_page_records_its_mentors_only_and_comes_back_to_it(world, session, as_persona):
    add_mentors(world, session.plan.cohort, 6, experienced=False)
    everyone = invited(session)
    services.attendance_record(session=session, present=everyone, actor=world.trainer)
    session.refresh_from_db()
    shown = everyone[:3]
    url = reverse("training:attendance", args=[world.program.slug, session.pk])

    response = as_persona("trainer").post(
        f"{url}?q=x&page=1",
        {
            "present": [shown[0]],
            "mentors": ",".join(map(str, shown)),
            "version": session.attendance_version,
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?q=x&page=1#attendance-section")
    after = recorded(session)
    assert [after[pk] for pk in shown] == [True, False, False]
    assert all(after[pk] for pk in everyone[3:])


def test_a_page_posted_after_someone_recorded_its_mentors_is_refused(world, session, as_persona):
    everyone = invited(session)
    url = reverse("training:attendance", args=[world.program.slug, session.pk])
    data = {"present": [], "mentors": ",".join(map(str, everyone)), "version": 0}
    client = as_persona("trainer")
    client.post(url, {**data, "present": everyone})

    response = client.post(url, data, follow=True)

    assert "since you opened the page" in response.content.decode()
    assert set(recorded(session).values()) == {True}


def test_the_page_costs_the_same_queries_whatever_the_number_of_mentors(
    world, session, as_persona, django_assert_max_num_queries
):
    client = as_persona("trainer")
    url = page_url(world, session)
    for count in (5, 60):
        add_mentors(world, session.plan.cohort, count, experienced=count > 5)
        services.groups_make(session=session, min_size=2, max_size=3, seed=0, actor=world.trainer)
        services.attendance_record(
            session=session, present=invited(session)[:3], actor=world.trainer
        )
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(20):
            assert client.get(url + "?group=2&q=a&unrecorded=1&gpage=2").status_code == 200


def test_groups_show_as_a_summary_and_their_members_on_demand(world, session, as_persona):
    add_mentors(world, session.plan.cohort, 3, experienced=True)
    add_mentors(world, session.plan.cohort, 9, experienced=False)
    services.groups_make(session=session, min_size=4, max_size=5, seed=0, actor=world.trainer)
    group = BreakoutGroup.objects.filter(session=session).order_by("number").first()
    members = list(group.members.all())
    client = as_persona("trainer")

    body = client.get(page_url(world, session)).content.decode()
    assert "?group=1#attendance-section" in body
    # The move form offers the first mentors the search finds, not every one.
    body = client.get(page_url(world, session, f"q={members[0].code}")).content.decode()
    move_form = body[body.index('id="move-form"') :]
    assert move_form.count("<option") == 1

    body = client.get(page_url(world, session, "group=1")).content.decode()
    assert body.count('name="present"') == len(members)
    assert all(f'value="{m.pk}"' in body for m in members)


def test_the_mark_all_page_says_what_happens_then_marks_everyone(world, session, as_persona):
    add_mentors(world, session.plan.cohort, 3, experienced=False)
    url = reverse("training:attendance_all", args=[world.program.slug, session.pk])
    client = as_persona("coordinator")

    page = client.get(url)
    assert page.status_code == 200 and 'id="mark-all-form"' in page.content.decode()
    assert not Attendance.objects.filter(session=session).exists()

    assert client.post(url, {"version": 0}).status_code == 302
    assert list(recorded(session).values()) == [True] * len(invited(session))
    assert as_persona("mentor").post(url, {"version": 1}).status_code == 403


def test_the_whole_sheet_downloads_as_csv_and_xlsx(world, session, as_persona):
    add_mentors(world, session.plan.cohort, SHEET_PAGE_SIZE + 3, experienced=False)
    services.attendance_record(
        session=session, present=[world.mentor_profile.pk], actor=world.trainer
    )
    url = reverse("training:attendance_export", args=[world.program.slug, session.pk])
    client = as_persona("trainer")

    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(invited(session))
    mine = next(r for r in rows if r[0] == world.mentor_profile.code)
    assert mine[-1] == "Present"
    assert client.get(url + "?format=xlsx")["Content-Type"] == XLSX_TYPE
    assert as_persona("mentor").get(url).status_code == 403


# The API ------------------------------------------------------------------------------------


def sheet_url(world, session, rest="attendance/sheet/"):
    return f"{BASE}/training/sessions/{session.pk}/{rest}"


def test_the_api_pages_the_sheet_and_records_one_page(world, session, api_as):
    add_mentors(world, session.plan.cohort, 5, experienced=False)
    client = api_as("trainer")

    first = client.get(sheet_url(world, session), {"page_size": 3}).json()
    assert first["count"] == len(invited(session)) and len(first["results"]) == 3
    assert first["results"][0]["present"] is None
    page = [row["mentor"] for row in first["results"]]
    body = {
        "mentors": page,
        "present": page[:1],
        "expected_version": first["results"][0]["attendance_version"],
    }
    response = client.post(sheet_url(world, session, "attendance/"), body, format="json")

    assert response.status_code == 200, response.content
    assert [row["mentor"] for row in response.json()] == sorted(page)
    assert set(recorded(session)) == set(page)
    stale = client.post(sheet_url(world, session, "attendance/"), body, format="json")
    assert stale.status_code in (400, 409)
    unrecorded = client.get(sheet_url(world, session), {"unrecorded": "true"}).json()
    assert unrecorded["count"] == len(invited(session)) - 3
    assert api_as("mentor").get(sheet_url(world, session)).status_code == 403
