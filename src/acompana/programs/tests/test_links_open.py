"""Every link a program page shows opens for the person reading it: a cohort's figures link to
the lists each role may open, and a person without a role in the program (a candidate on a
call's pages) is shown no program menu, whose links would all be refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.selection import services as selection

MEMBERS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"]


def links(response) -> set[str]:
    tree = html.fromstring(response.content.decode())
    return {
        href.split("#")[0]
        for href in tree.xpath("//main//a/@href")
        if href.startswith("/p/") and "format=" not in href
    }


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_link_of_a_cohort_page_opens_for_its_reader(world, as_persona, persona):
    client = as_persona(persona)
    cohort = world.program.cohorts.get()

    response = client.get(reverse("programs:cohort", args=[world.program.slug, cohort.pk]))

    assert response.status_code == 200
    for href in sorted(links(response)):
        assert client.get(href, follow=True).status_code == 200, href


def test_a_trainer_sees_the_cohort_s_mentees_counted_without_a_link_to_their_list(
    world, as_persona
):
    cohort = world.program.cohorts.get()

    response = as_persona("trainer").get(
        reverse("programs:cohort", args=[world.program.slug, cohort.pk])
    )

    hrefs = links(response)
    assert reverse("people:mentors", args=[world.program.slug]) + f"?cohort={cohort.pk}" in hrefs
    assert not any(
        href.startswith(reverse("people:mentees", args=[world.program.slug])) for href in hrefs
    )


@pytest.fixture
def call(world):
    today = timezone.localdate()
    return selection.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Convocatoria 2026",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )


@pytest.mark.parametrize("name", ["selection:call_public", "selection:apply"])
def test_a_candidate_on_a_call_s_pages_is_shown_no_program_menu(world, as_persona, call, name):
    client = as_persona("outsider")

    response = client.get(reverse(name, args=[world.program.slug, call.pk]))

    assert response.status_code == 200
    assert 'class="program-nav"' not in response.text
    for href in sorted(links(response)):
        assert client.get(href, follow=True).status_code == 200, href


def test_a_visitor_of_a_call_s_public_page_is_shown_no_program_menu(client, world, call):
    response = client.get(reverse("selection:call_public", args=[world.program.slug, call.pk]))

    assert response.status_code == 200
    assert 'class="program-nav"' not in response.text


def test_a_member_still_sees_the_program_menu_on_a_call_s_page(world, as_persona, call):
    response = as_persona("coordinator").get(
        reverse("selection:call", args=[world.program.slug, call.pk])
    )

    assert 'class="program-nav"' in response.text
