"""Pages link only to pages the reader may open: a principal (mentee) is not shown the
coverage of rounds, which only coordinators read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.visits import services


def links(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    return {
        href.split("#")[0]
        for href in tree.xpath("//main//a/@href")
        if href.startswith("/p/") and "format=" not in href
    }


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "mentee", "specialist"])
def test_every_link_of_the_rounds_page_opens_for_its_reader(world, as_persona, persona):
    client = as_persona(persona)
    rounds = reverse("visits:rounds", args=[world.program.slug])
    for href in links(client, rounds):
        assert client.get(href, follow=True).status_code == 200, href


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("coordinator", True), ("mentor", False), ("mentee", False), ("specialist", False)],
)
def test_the_coverage_link_is_shown_to_whoever_may_open_it(world, as_persona, persona, shown):
    client = as_persona(persona)
    coverage = reverse("visits:coverage", args=[world.program.slug])
    assert (coverage in links(client, reverse("visits:rounds", args=[world.program.slug]))) is shown
    assert (client.get(coverage).status_code == 200) is shown


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "mentee", "specialist"])
def test_every_link_of_the_visit_page_opens_for_its_reader(world, as_persona, persona):
    visit = services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
        mode="in_person",
        actor=world.mentor,
    )
    client = as_persona(persona)
    for href in links(client, reverse("visits:detail", args=[world.program.slug, visit.pk])):
        assert client.get(href, follow=True).status_code == 200, href
