"""In person vs virtual: the figures of a small world counted by hand, the downloads, who may
open the page and its query budget."""

import csv
import datetime
import io
from typing import cast

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from acompana.group_sessions.tests.factories import GroupSessionFactory
from acompana.hub.modality import modality_comparison
from acompana.programs.models import Cohort
from acompana.programs.tests.factories import CohortFactory
from acompana.surveys.models import Distribution, Invitation, Questionnaire
from acompana.surveys.tests.factories import QuestionnaireFactory
from acompana.training.models import Attendance, Feedback, TrainingPlan, TrainingSession
from acompana.visits import services as visit_services
from acompana.visits.models import Visit

URL = "/p/test-program/reports/modality/"


def build(world):
    """Cohort 2026 (in person): the world's mentor is a novice, the other mentor experienced.
    Cohort 2025 (virtual): one group session of two hours."""
    in_person = world.program.cohorts.get()
    virtual = cast(Cohort, CohortFactory(program=world.program, year=2025, modality="virtual"))
    world.mentor_profile.programs_served = 0
    world.mentor_profile.save()
    world.other_mentor_profile.programs_served = 2
    world.other_mentor_profile.save()
    round_ = visit_services.round_create(
        program=world.program,
        cohort=in_person,
        name="Ronda 1",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
        actor=world.coordinator,
    )

    def visit(mentor, mentee, status, minutes, reason=""):
        v = visit_services.visit_schedule(
            mentor=mentor,
            mentee=mentee,
            scheduled_at=timezone.now(),
            mode="in_person",
            round=round_,
            actor=world.coordinator,
        )
        Visit.objects.filter(pk=v.pk).update(duration_minutes=minutes)
        v.refresh_from_db()
        visit_services.visit_status_change(
            visit=v, status=status, reason=reason, actor=world.coordinator
        )

    visit(world.mentor_profile, world.mentee_profile, "done", 60)
    visit(world.mentor_profile, world.mentee_profile, "cancelled", 60, reason="connectivity")
    visit(world.other_mentor_profile, world.other_mentee_profile, "done", 90)
    plan = TrainingPlan.objects.create(program=world.program, cohort=in_person, title="Inducción")
    session = TrainingSession.objects.create(
        plan=plan,
        title="Teoría",
        module="theory",
        modality="virtual",
        starts_at=timezone.now(),
    )
    # The participants report: the novice was connected 150 of the session's minutes.
    Attendance.objects.create(
        session=session, mentor=world.mentor_profile, present=True, connection_minutes=150
    )
    Attendance.objects.create(session=session, mentor=world.other_mentor_profile, present=False)
    Feedback.objects.create(
        session=session,
        mentor=world.mentor_profile,
        clarity=4,
        usefulness=4,
        pace=5,
        participation=3,
    )
    GroupSessionFactory(program=world.program, cohort=virtual, duration_minutes=120)
    distribution = Distribution.objects.create(
        program=world.program,
        questionnaire=cast(Questionnaire, QuestionnaireFactory(program=world.program)),
        cohort=virtual,
        role="mentor",
        trigger="mid_program",
        opens_on=datetime.date(2025, 6, 1),
        closes_on=datetime.date(2025, 6, 30),
    )
    for n, user in enumerate([world.mentor, world.mentee, world.specialist, world.trainer]):
        Invitation.objects.create(
            distribution=distribution, user=user, cohort=virtual, token=f"t{n}", answered=n == 0
        )
    return in_person, virtual


def test_the_figures_of_a_small_world_counted_by_hand(world):
    in_person, virtual = build(world)
    old, new = modality_comparison(program=world.program)
    assert (old.cohort, new.cohort) == (virtual, in_person)
    assert new.visits["novice"].planned == 2
    assert new.visits["novice"].completion == 50
    assert new.visits["novice"].average_minutes == 60
    assert new.visits["experienced"].planned == 1
    assert new.visits["experienced"].completion == 100
    assert new.visits["experienced"].average_minutes == 90
    assert new.visits["all"].cancelled == 1
    assert new.reasons == {"Connectivity problems": 1}
    assert new.mentors == {"novice": 1, "experienced": 1, "all": 2}
    assert new.attendance["novice"].percent == 100
    assert new.attendance["experienced"].percent == 0
    scheduled = TrainingSession.objects.get(plan__cohort=in_person).duration_minutes
    assert (new.connection["novice"].mentors, new.connection["novice"].minutes) == (1, 150)
    assert new.connection["novice"].percent == round(100 * 150 / scheduled)
    assert new.connection["experienced"].percent is None  # no report recorded them
    assert old.connection["all"].mentors == 0
    assert str(new.feedback) == "4.0"
    assert new.group_sessions == 0
    assert (old.group_sessions, str(old.group_hours), old.group_average_minutes) == (1, "2.0", 120)
    assert old.visits["all"].planned == 0 and old.visits["all"].completion is None
    assert (old.survey_invited, old.survey_answered, old.survey_percent) == (4, 1, 25)
    assert new.survey_percent is None


def test_the_page_links_each_figure_to_its_source(as_persona, world):
    build(world)
    html = as_persona("coordinator").get(URL).content.decode()
    assert "Virtual" in html and "In person" in html
    for page in ("visits:coverage", "training:index", "group_sessions:report", "costs:report"):
        assert reverse(page, args=["test-program"]) in html
    assert "<svg" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_comparison_downloads_with_one_column_per_cohort(as_persona, world, fmt):
    build(world)
    response = as_persona("coordinator").get(URL + f"?format={fmt}")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert len(rows[0]) == 3  # the figure and two cohorts
    by_label = {r[0]: r[1:] for r in rows[1:]}
    done = by_label["Visits done, percent (novice mentors)"]
    assert ["" if v is None else str(v) for v in done] == ["", "50"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("researcher", 200),
        ("mentor", 403),
        ("mentee", 403),
        ("specialist", 403),
        ("trainer", 403),
        ("outsider", 404),
    ],
)
def test_coordinators_and_researchers_open_the_comparison(as_persona, world, persona, status):
    assert as_persona(persona).get(URL).status_code == status


def test_the_page_costs_the_same_queries_for_few_and_many_visits(
    as_persona, world, django_assert_max_num_queries
):
    build(world)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(80) as few:
        client.get(URL)
    round_ = Visit.objects.filter(round__isnull=False).first().round  # type: ignore[union-attr]
    for _ in range(10):
        visit_services.visit_schedule(
            mentor=world.other_mentor_profile,
            mentee=world.other_mentee_profile,
            scheduled_at=timezone.now(),
            mode="video",
            round=round_,
            actor=world.coordinator,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


API = "/api/v1/programs/test-program/reports/modality/"


def test_the_api_gives_each_cohorts_figures_to_coordinators_and_researchers(api_as, world):
    build(world)
    body = api_as("researcher").get(API).json()
    assert [c["modality"] for c in body] == ["virtual", "in_person"]
    assert body[1]["visits"]["novice"]["completion"] == 50
    assert body[1]["attendance"]["experienced"]["percent"] == 0
    assert body[0]["group_hours"] == "2.0"
    assert api_as("mentor").get(API).status_code == 403
    assert api_as("specialist").get(API).status_code == 403
    assert api_as("outsider").get(API).status_code == 404
