"""Forms that make something new for a cohort start on the latest cohort (or its plan), not on
the oldest: a program whose records end in 2026 offers 2026 first, and an edit keeps its value."""

from django.urls import reverse
from lxml import html

from acompana.group_sessions.forms import SessionForm as GroupSessionForm
from acompana.programs.tests.factories import CohortFactory
from acompana.training import services as training
from acompana.training.forms import PlanForm
from acompana.training.forms import SessionForm as TrainingSessionForm


def older_cohort(world):
    return CohortFactory(program=world.program, year=2024)


def selected(response, select_id: str) -> list[str]:
    tree = html.fromstring(response.content.decode())
    return tree.xpath(f'//select[@id="{select_id}"]/option[@selected]/@value')


def test_a_new_group_session_and_training_plan_start_on_the_latest_cohort(world):
    older = older_cohort(world)
    latest = world.program.cohorts.get(year=2026)
    cohorts = [older, latest]

    group = GroupSessionForm(cohorts=cohorts, facilitators=[], rounds=[])
    plan = PlanForm(cohorts=cohorts)

    assert group["cohort"].value() == latest.pk
    assert plan["cohort"].value() == latest.pk


def test_an_edit_keeps_the_cohort_it_was_given(world):
    older = older_cohort(world)
    latest = world.program.cohorts.get(year=2026)

    form = GroupSessionForm(
        initial={"cohort": older.pk}, cohorts=[older, latest], facilitators=[], rounds=[]
    )

    assert form["cohort"].value() == older.pk


def test_a_new_training_session_starts_on_the_latest_plan(world):
    older = older_cohort(world)
    plans = [
        training.plan_create(
            program=world.program, cohort=c, title=f"Inducción {c.year}", actor=world.coordinator
        )
        for c in (older, world.program.cohorts.get(year=2026))
    ]

    form = TrainingSessionForm(plans=plans, trainers=[])

    assert form["plan"].value() == plans[-1].pk


def test_the_group_sessions_page_offers_the_latest_cohort_first(world, as_persona):
    older_cohort(world)
    latest = world.program.cohorts.get(year=2026)

    response = as_persona("coordinator").get(
        reverse("group_sessions:list", args=[world.program.slug])
    )

    assert selected(response, "session_cohort") == [str(latest.pk)]
    assert selected(response, "series_cohort") == [str(latest.pk)]
