"""Forming circles pages: coordinators start a run, review its circles with explanations,
move, lock and publish; everyone else is refused."""

import pytest
from django.urls import reverse

from acompana.circles import forming
from acompana.circles.forming_models import FormingRun, Placement
from acompana.circles.models import Circle, Kind
from acompana.circles.tests.conftest import teacher


def form_data(world, **extra):
    data = {
        "cohort": world.program.cohorts.get().pk,
        "kind": Kind.PEER,
        "min_size": 4,
        "max_size": 6,
    }
    for value in ["subject", "grade_level", "school", "region", "career_stage", "philosophy"]:
        data[f"mode_{value}"] = "balance" if value == "career_stage" else "group"
        data[f"weight_{value}"] = 3 if value in {"subject", "career_stage"} else 0
    return {**data, **extra}


def teachers(world, count=10):
    for k in range(count):
        teacher(
            world,
            subject=["Matemática", "Arte"][k % 2],
            career_stage=["beginning", "proficient"][k % 2],
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 403), ("mentee", 403), ("specialist", 403), ("trainer", 403), ("outsider", 404)],
)
def test_only_coordinators_open_the_forming_pages(world, as_persona, persona, status):
    url = reverse("circles:forming", args=[world.program.slug])
    assert as_persona(persona).get(url).status_code == status


def test_a_coordinator_starts_a_run_and_reviews_it_with_explanations(
    world, as_persona, django_assert_max_num_queries
):
    teachers(world)
    client = as_persona("coordinator")
    url = reverse("circles:forming", args=[world.program.slug])
    assert client.get(url).status_code == 200
    answer = client.post(url, form_data(world))
    run = FormingRun.objects.get()
    assert answer.status_code == 302 and answer.url.endswith(f"/forming/{run.pk}/")
    with django_assert_max_num_queries(20):
        page = client.get(answer.url)
    text = page.content.decode()
    assert "Circle 2" in text or "Círculo 2" in text
    assert "matemática" in text.lower()


def test_a_coordinator_moves_locks_and_publishes(world, as_persona):
    teachers(world)
    client = as_persona("coordinator")
    run = forming.forming_run_start(
        program=world.program,
        cohort=world.program.cohorts.get(),
        kind=Kind.PEER,
        min_size=4,
        max_size=6,
        criteria=forming.DEFAULT_CRITERIA,
        actor=world.coordinator,
    )
    first, _ = forming.run_circles(run=run)
    person = first.placements.all()[0]
    base = [world.program.slug, run.pk]
    client.post(
        reverse("circles:forming_lock", args=base),
        {"mentee": person.mentee_id, "locked": "1", "version": 0},
    )
    assert Placement.objects.get(pk=person.pk).locked
    client.post(reverse("circles:forming_publish", args=base), {"version": 1})
    assert Circle.objects.filter(program=world.program).count() == 2
    page = client.get(reverse("circles:forming_run", args=base))
    assert page.status_code == 200


def test_a_stale_move_is_refused_with_a_message(world, as_persona):
    teachers(world)
    client = as_persona("coordinator")
    client.post(reverse("circles:forming", args=[world.program.slug]), form_data(world))
    run = FormingRun.objects.get()
    person = run.placements.earliest("pk")
    answer = client.post(
        reverse("circles:forming_move", args=[world.program.slug, run.pk]),
        {"mentee": person.mentee_id, "circle": "", "version": 5},
        follow=True,
    )
    assert answer.status_code == 200
    person.refresh_from_db()
    assert person.proposed_id is not None


def test_the_runs_page_keeps_its_queries_whatever_the_number_of_runs(
    world, as_persona, django_assert_max_num_queries
):
    teachers(world, count=4)
    for _ in range(6):
        forming.forming_run_start(
            program=world.program,
            cohort=world.program.cohorts.get(),
            kind=Kind.PEER,
            min_size=3,
            max_size=6,
            criteria=[],
            actor=world.coordinator,
        )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("circles:forming", args=[world.program.slug]))
    assert page.content.decode().count("/circles/forming/") >= 6


def test_a_coordinator_keeps_two_teachers_apart_from_the_review_page(world, as_persona):
    teachers(world, count=4)
    client = as_persona("coordinator")
    client.post(reverse("circles:forming", args=[world.program.slug]), form_data(world))
    run = FormingRun.objects.get()
    a, b = run.placements.all()[:2]
    client.post(
        reverse("circles:forming_apart", args=[world.program.slug, run.pk]),
        {"first": a.mentee_id, "second": b.mentee_id, "version": run.version},
    )
    run.refresh_from_db()
    assert run.apart == [sorted([a.mentee_id, b.mentee_id])]
    page = client.get(reverse("circles:forming_run", args=[world.program.slug, run.pk]))
    assert 'id="apart"' in page.content.decode()
