"""The permission matrix of every page built on programs and people, persona by persona."""

import pytest
from django.urls import reverse

from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory

ALL = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"]


def expect(allowed, forbidden=(), outsider=404):
    """Expected status per persona: 200 for allowed, 403 for the other members."""
    table = {p: 200 if p in allowed else 403 for p in ALL}
    table.update(dict.fromkeys(forbidden, 404))
    table["outsider"] = outsider
    return table


PAGES = {
    "program": ("programs:detail", lambda w: [w.program.slug], expect(ALL)),
    "schools": ("programs:schools", lambda w: [w.program.slug], expect(["coordinator"])),
    "audit": ("programs:audit", lambda w: [w.program.slug], expect(["coordinator"])),
    "mentors": (
        "people:mentors",
        lambda w: [w.program.slug],
        expect(["coordinator", "trainer", "specialist", "mentor", "mentee"]),
    ),
    "mentor": (
        "hub:mentor",
        lambda w: [w.program.slug, w.mentor_profile.code],
        expect(["coordinator", "trainer", "specialist", "mentor", "mentee"]),
    ),
    "other mentor": (
        "hub:mentor",
        lambda w: [w.program.slug, w.other_mentor_profile.code],
        expect(["coordinator", "trainer"], forbidden=["specialist", "mentor", "mentee"]),
    ),
    "mentees": (
        "people:mentees",
        lambda w: [w.program.slug],
        expect(["coordinator", "specialist", "mentor", "mentee"]),
    ),
    "mentee": (
        "hub:mentee",
        lambda w: [w.program.slug, w.mentee_profile.code],
        expect(["coordinator", "specialist", "mentor", "mentee"]),
    ),
    "other mentee": (
        "hub:mentee",
        lambda w: [w.program.slug, w.other_mentee_profile.code],
        expect(["coordinator"], forbidden=["specialist", "mentor", "mentee"]),
    ),
    "import": ("people:import", lambda w: [w.program.slug], expect(["coordinator"])),
    "import template": (
        "people:import_template",
        lambda w: [w.program.slug, "mentors", "xlsx"],
        expect(["coordinator"]),
    ),
    "mentor experience": (
        "people:mentor_experience",
        lambda w: [w.program.slug],
        expect(["coordinator", "researcher"]),
    ),
}
CASES = [
    pytest.param(name, persona, status, id=f"{name}-{persona}")
    for name, (_url, _args, table) in PAGES.items()
    for persona, status in table.items()
]


@pytest.mark.parametrize(("page", "persona", "status"), CASES)
def test_each_persona_gets_exactly_the_pages_its_role_allows(
    world, as_persona, page, persona, status
):
    url_name, args, _table = PAGES[page]
    response = as_persona(persona).get(reverse(url_name, args=args(world)))
    assert response.status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(world, client, page):
    url_name, args, _table = PAGES[page]
    response = client.get(reverse(url_name, args=args(world)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def codes(response):
    return sorted(p.code for p in response.context["page"].object_list)


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("coordinator", ["mentor", "other"]),
        ("trainer", ["mentor", "other"]),
        ("specialist", ["mentor"]),
        ("mentor", ["mentor"]),
        ("mentee", ["mentor"]),
    ],
)
def test_the_mentor_list_shows_each_role_only_the_mentors_it_may_see(
    world, as_persona, persona, visible
):
    expected = sorted(
        {"mentor": world.mentor_profile.code, "other": world.other_mentor_profile.code}[v]
        for v in visible
    )
    response = as_persona(persona).get(reverse("people:mentors", args=[world.program.slug]))
    assert codes(response) == expected


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("coordinator", ["mentee", "other"]),
        ("specialist", ["mentee"]),
        ("mentor", ["mentee"]),
        ("mentee", ["mentee"]),
    ],
)
def test_the_mentee_list_shows_each_role_only_the_mentees_it_may_see(
    world, as_persona, persona, visible
):
    expected = sorted(
        {"mentee": world.mentee_profile.code, "other": world.other_mentee_profile.code}[v]
        for v in visible
    )
    response = as_persona(persona).get(reverse("people:mentees", args=[world.program.slug]))
    assert codes(response) == expected


def test_an_ended_partnership_no_longer_opens_the_mentee_to_the_mentor(world, as_persona):
    world.mentee_profile.partnerships.update(ended_on="2020-01-01")
    url = reverse("hub:mentee", args=[world.program.slug, world.mentee_profile.code])
    assert as_persona("mentor").get(url).status_code == 404


def test_mentor_filters_search_by_name_region_cohort_and_experience(world, as_persona):
    client = as_persona("coordinator")
    url = reverse("people:mentors", args=[world.program.slug])
    novice = MentorProfileFactory(
        program=world.program, programs_served=1, management_years=0, user__first_name="Zoila"
    )
    assert codes(client.get(url, {"q": "zoila"})) == [novice.code]
    assert codes(client.get(url, {"experience": "novice"})) == [novice.code]
    assert novice.code not in codes(client.get(url, {"experience": "experienced"}))
    assert codes(client.get(url, {"experience": "no_management"})) == [novice.code]
    cohort = world.program.cohorts.get()
    assert novice.code not in codes(client.get(url, {"cohort": cohort.pk}))
    region = world.mentor_profile.region or novice.region
    if region is not None:
        assert all(
            m.region_id == region.pk for m in client.get(url, {"region": region.pk}).context["page"]
        )


def test_the_mentor_list_paginates_and_keeps_its_query_count_flat(
    world, as_persona, django_assert_max_num_queries
):
    MentorProfileFactory.create_batch(60, program=world.program)
    client = as_persona("coordinator")
    url = reverse("people:mentors", args=[world.program.slug])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 62
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 12


def test_the_mentee_list_keeps_its_query_count_flat(
    world, as_persona, django_assert_max_num_queries
):
    MenteeProfileFactory.create_batch(40, program=world.program)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("people:mentees", args=[world.program.slug]))
    assert response.context["page"].paginator.count == 42


def test_the_school_list_keeps_its_query_count_flat(
    world, as_persona, django_assert_max_num_queries
):
    MenteeProfileFactory.create_batch(30, program=world.program)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programs:schools", args=[world.program.slug]))
    assert response.context["page"].paginator.count == 32


def test_a_mentee_sees_the_mentor_profile_but_not_the_mentor_email(world, as_persona):
    url = reverse("hub:mentor", args=[world.program.slug, world.mentor_profile.code])
    body = as_persona("mentee").get(url).content.decode()
    assert world.mentor.get_full_name() in body
    assert world.mentor.email not in body


def test_a_mentor_page_shows_who_accompanies_them_and_their_discipline(world, as_persona):
    world.mentor_profile.specialist_assignments.update(discipline="Sociología")
    url = reverse("hub:mentor", args=[world.program.slug, world.mentor_profile.code])
    body = as_persona("mentor").get(url).content.decode()
    assert world.specialist.get_full_name() in body
    assert "Sociología" in body
