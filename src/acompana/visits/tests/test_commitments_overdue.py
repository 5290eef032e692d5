"""The page of overdue commitments: who sees which, filters, order, pages and the download."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.visits import services
from acompana.visits.models import Commitment


def schedule(world, *, other: bool = False, days_ago: int = 30):
    mentor = world.other_mentor_profile if other else world.mentor_profile
    mentee = world.other_mentee_profile if other else world.mentee_profile
    return services.visit_schedule(
        mentor=mentor,
        mentee=mentee,
        scheduled_at=timezone.now() - datetime.timedelta(days=days_ago),
        mode="in_person",
        actor=mentor.user,
    )


def commit(visit, text: str, *, days_overdue: int) -> Commitment:
    return services.commitment_add(
        visit=visit,
        text=text,
        owner=Commitment.Owner.MENTEE,
        due_on=timezone.localdate() - datetime.timedelta(days=days_overdue),
        actor=visit.mentor.user,
    )


@pytest.fixture
def overdue(world):
    """Two overdue commitments of the world's pair, one of the other pair, one not yet due and
    one done."""
    mine, theirs = schedule(world), schedule(world, other=True)
    commit(mine, "Observar aulas de 3.°", days_overdue=3)
    commit(mine, "Revisar el PEI", days_overdue=10)
    commit(theirs, "Reunión con la APAFA", days_overdue=5)
    commit(mine, "Plan de lectura", days_overdue=-5)
    done = commit(mine, "Horario de tutoría", days_overdue=8)
    services.commitment_set_status(commitment=done, status="done", actor=world.mentor)
    return world


def url(world, **query) -> str:
    base = reverse("visits:commitments_overdue", args=[world.program.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def texts(response) -> list[str]:
    return [c.text for c in response.context["page"]]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("coordinator", ["Revisar el PEI", "Reunión con la APAFA", "Observar aulas de 3.°"]),
        ("mentor", ["Revisar el PEI", "Observar aulas de 3.°"]),
        ("mentee", ["Revisar el PEI", "Observar aulas de 3.°"]),
        ("specialist", ["Revisar el PEI", "Observar aulas de 3.°"]),
    ],
)
def test_each_role_sees_its_overdue_commitments_the_most_overdue_first(
    overdue, as_persona, persona, expected
):
    response = as_persona(persona).get(url(overdue))
    assert response.status_code == 200
    assert texts(response) == expected
    assert "Plan de lectura" not in response.content.decode()


@pytest.mark.parametrize(
    "persona, status", [("trainer", 403), ("researcher", 403), ("outsider", 404)]
)
def test_people_without_visits_may_not_open_the_list(overdue, as_persona, persona, status):
    assert as_persona(persona).get(url(overdue)).status_code == status


def test_a_coordinator_narrows_the_list_to_a_mentor_or_a_region(overdue, as_persona):
    client = as_persona("coordinator")
    other = overdue.other_mentor_profile
    assert texts(client.get(url(overdue, mentor=other.code))) == ["Reunión con la APAFA"]
    region = overdue.mentee_profile.region
    assert region != overdue.other_mentee_profile.region
    assert texts(client.get(url(overdue, region=region.pk))) == [
        "Revisar el PEI",
        "Observar aulas de 3.°",
    ]
    response = client.get(url(overdue, mentor="NOBODY"))
    assert texts(response) == []
    assert "No overdue commitments match these filters." in response.content.decode()


def test_a_mentor_sees_no_filters_and_cannot_widen_the_list_with_them(overdue, as_persona):
    other = overdue.other_mentor_profile
    response = as_persona("mentor").get(url(overdue, mentor=other.code))
    assert response.context["form"] is None
    assert texts(response) == ["Revisar el PEI", "Observar aulas de 3.°"]


def test_the_download_is_a_csv_of_the_filtered_list(overdue, as_persona):
    client = as_persona("coordinator")
    page = client.get(url(overdue, mentor=overdue.mentor_profile.code))
    assert page.context["csv_url"] == f"?mentor={overdue.mentor_profile.code}&format=csv"
    response = client.get(url(overdue, mentor=overdue.mentor_profile.code, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "overdue-commitments.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Due on,Commitment,Who,Mentor's code")
    assert [line.split(",")[1] for line in lines[1:]] == ["Revisar el PEI", "Observar aulas de 3.°"]


def test_the_list_keeps_its_query_count_flat_over_pages(
    world, as_persona, django_assert_max_num_queries
):
    visit = schedule(world)
    for n in range(60):
        commit(visit, f"Compromiso {n:02}", days_overdue=60 - n)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(11):
        first = client.get(url(world))
    assert first.context["page"].paginator.count == 60
    assert texts(first)[0] == "Compromiso 00"
    with django_assert_max_num_queries(11):
        second = client.get(url(world, page=2))
    assert texts(second) == [f"Compromiso {n:02}" for n in range(50, 60)]


def test_the_visits_panel_links_to_the_whole_list(overdue, as_persona):
    page = as_persona("mentor").get(reverse("visits:list", args=[overdue.program.slug]))
    assert f'href="{url(overdue)}"' in page.content.decode()
