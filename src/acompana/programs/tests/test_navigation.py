"""The program menu: each role sees only its groups and links, and the current place is marked."""

import re

import pytest
from django.urls import reverse

from acompana.programs.navigation import program_menu

EXPECTED = {
    "coordinator": {
        "People": ["Mentors", "Mentees", "People and access", "Schools", "Import"],
        "Selection and training": ["Selection", "Training", "Readiness", "Buddies"],
        "Matching": ["Matching"],
        "Field work": ["Visits", "Rounds", "Instruments", "Agreements"],
        "Group work": ["Group sessions", "Informal meetings", "Circles"],
        "Results": [
            "Program health",
            "Surveys",
            "My surveys",
            "Mentor experience",
            "In person and virtual",
            "Time and cost",
            "Self-assessments",
        ],
        "Research": ["Research"],
        "Audit log": ["Audit log"],
    },
    "mentor": {
        "People": ["Mentors", "Mentees"],
        "Selection and training": ["Training", "Readiness", "Buddies"],
        "Field work": ["Visits", "Rounds", "Instruments", "Agreements", "Shared journals"],
        "Group work": ["Group sessions", "Informal meetings", "Circles"],
        "Results": ["Program health", "My surveys", "Time and cost", "Self-assessments"],
    },
    "mentee": {
        "People": ["Mentors", "Mentees"],
        "Field work": ["Visits", "Rounds", "Agreements", "My journal"],
        "Group work": ["Circles"],
        "Results": ["My surveys", "Protected time", "Self-assessments"],
    },
    "specialist": {
        "People": ["Mentors", "Mentees"],
        "Field work": ["Visits", "Rounds", "Instruments"],
        "Group work": ["Group sessions", "Circles"],
        "Results": ["Program health", "My surveys", "Self-assessments"],
    },
    "trainer": {
        "People": ["Mentors"],
        "Selection and training": ["Training", "Readiness"],
        "Field work": ["Instruments"],
        "Results": ["My surveys"],
    },
    "researcher": {
        "Results": ["My surveys", "Mentor experience", "In person and virtual"],
        "Research": ["Research"],
    },
}


def menu_links(html: str) -> list[tuple[str, str]]:
    """(href, aria-current or "") of every link of the program menu on a page."""
    nav = re.search(r'<nav class="program-nav".*?</nav>', html, re.S)
    assert nav, "the page has no program menu"
    return re.findall(r'<a [^>]*?href="([^"]+)"(?: aria-current="(\w+)")?', nav.group(0))


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_groups_and_links(role):
    menu = program_menu(roles=[role], program_slug="p")

    seen = {str(g.label): [str(link.label) for link in g.links] for g in menu.groups}

    assert seen == EXPECTED[role]


def test_a_person_with_two_roles_sees_the_links_of_both():
    menu = program_menu(roles=["mentee", "researcher"], program_slug="p")

    groups = [str(g.label) for g in menu.groups]

    assert groups == ["People", "Field work", "Group work", "Results", "Research"]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_is_shown_only_links_they_may_open(persona, world, as_persona):
    client = as_persona(persona)
    html = client.get(reverse("programs:detail", args=[world.program.slug])).content.decode()

    links = [href for href, _ in menu_links(html)]

    expected = 1 + sum(len(items) for items in EXPECTED[persona].values())  # + the program
    assert len(links) == expected
    for href in links:
        assert client.get(href, follow=True).status_code == 200, href


def test_a_mentee_sees_no_coordinator_link(world, as_persona):
    html = as_persona("mentee").get(reverse("programs:detail", args=[world.program.slug]))
    links = [href for href, _ in menu_links(html.content.decode())]

    for name in ("programs:members", "programs:audit", "matching:runs", "surveys:index"):
        assert reverse(name, args=[world.program.slug]) not in links


def test_the_page_being_shown_is_marked_as_the_current_page(world, as_persona):
    visits = reverse("visits:list", args=[world.program.slug])

    html = as_persona("coordinator").get(visits).content.decode()

    current = [(href, where) for href, where in menu_links(html) if where]
    assert current == [(visits, "page")]
    # The phone menu's button says where one is.
    assert "Field work \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Visits" in html


def test_a_page_under_a_menu_link_marks_that_link(world, as_persona):
    mentor = reverse("hub:mentor", args=[world.program.slug, world.mentor_profile.code])

    html = as_persona("coordinator").get(mentor).content.decode()

    current = [(href, where) for href, where in menu_links(html) if where]
    assert current == [(reverse("people:mentors", args=[world.program.slug]), "true")]


def test_a_research_page_marks_research(world):
    menu = program_menu(roles=["researcher"], program_slug="p", view_name="research:codebook")

    assert menu.place is not None
    group, link = menu.place
    assert (str(group.label), str(link.label), link.current) == ("Research", "Research", "true")
