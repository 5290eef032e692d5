"""The permission matrix: for every endpoint and every persona, the status and the visible rows.

The API must show exactly what the pages show (DESIGN.md §1): outsiders get 404 on anything
inside a program, members whose role does not allow a resource get 403, and lists hold only
the rows the persona may see.
"""

import datetime

import pytest

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.api.testing import BASE
from acompana.people.tests.factories import SpecialistAssignmentFactory

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
MEMBERS = [persona for persona in PERSONAS if persona != "outsider"]


def everyone(members_see, *, outsider=(404, None)):
    return {**dict.fromkeys(MEMBERS, members_see), "outsider": outsider}


def coordinators_only(visible):
    others = dict.fromkeys(MEMBERS, (403, None))
    return {**others, "coordinator": (200, visible), "outsider": (404, None)}


# persona -> (status, names of the rows they see); names are resolved against the world.
MENTORS = {
    "coordinator": (200, {"mentor", "other_mentor"}),
    "mentor": (200, {"mentor"}),
    "mentee": (200, {"mentor"}),
    "specialist": (200, {"mentor"}),
    "trainer": (200, {"mentor", "other_mentor"}),
    "researcher": (403, None),
    "outsider": (404, None),
}
MENTEES = {
    "coordinator": (200, {"mentee", "other_mentee"}),
    "mentor": (200, {"mentee"}),
    "mentee": (200, {"mentee"}),
    "specialist": (200, {"mentee"}),
    "trainer": (403, None),
    "researcher": (403, None),
    "outsider": (404, None),
}
SCHOOLS = coordinators_only({"mentee", "other_mentee"})
COHORTS = everyone((200, {"cohort"}))
PROGRAMS = everyone((200, {"test-program"}), outsider=(200, set()))

# Who may read a person's email address, among those who see the person at all.
MENTOR_EMAIL = {"mentor": {"coordinator", "mentor"}, "other_mentor": {"coordinator"}}
MENTEE_EMAIL = {"mentee": {"coordinator", "mentor", "mentee"}, "other_mentee": {"coordinator"}}


def names(world) -> dict[str, str | int]:
    """What each symbolic name in the tables above is called in the API."""
    return {
        "mentor": world.mentor_profile.code,
        "other_mentor": world.other_mentor_profile.code,
        "mentee": world.mentee_profile.code,
        "other_mentee": world.other_mentee_profile.code,
        "cohort": world.mentor_profile.cohorts.get().pk,
        "test-program": "test-program",
    }


def schools(world) -> dict[str, str]:
    return {
        "mentee": world.mentee_profile.school.code,
        "other_mentee": world.other_mentee_profile.school.code,
    }


def key_of(url: str) -> str:
    if url.endswith("/cohorts/"):
        return "id"
    return "slug" if url == "/api/v1/programs/" else "code"


def check_error(response, status: int) -> None:
    expected = {403: "permission_denied", 404: "not_found"}[status]
    assert response.json()["error"]["code"] == expected


def check_list(response, status: int, visible: set[str] | None, resolve: dict) -> None:
    assert response.status_code == status, response.content
    if status != 200:
        check_error(response, status)
        return
    key = key_of(response.wsgi_request.path)
    assert {row[key] for row in response.json()["results"]} == {resolve[n] for n in visible}


def detail_cases(table: dict, targets: list[str]):
    """(persona, target, status): 200 when the list shows the row, else the list's status or
    404 for a row outside the persona's list."""
    for persona, (status, visible) in table.items():
        for target in targets:
            if status != 200:
                yield persona, target, status
            else:
                yield persona, target, 200 if target in visible else 404


def seen(cases) -> list[tuple[str, str]]:
    """The (persona, target) pairs where the persona may open the target."""
    return [(persona, target) for persona, target, status in cases if status == 200]


MENTOR_DETAILS = list(detail_cases(MENTORS, ["mentor", "other_mentor"]))
MENTEE_DETAILS = list(detail_cases(MENTEES, ["mentee", "other_mentee"]))


# --- API root ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_persona_can_read_the_api_root(api_as, persona):
    response = api_as(persona).get("/api/v1/")

    assert response.status_code == 200
    assert "programs" in response.json()


# --- Programs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in PROGRAMS.items()])
def test_the_program_list_holds_only_the_programs_a_persona_belongs_to(
    api_as, world, persona, status, visible
):
    response = api_as(persona).get("/api/v1/programs/")

    check_list(response, status, visible, names(world))


@pytest.mark.parametrize("persona", MEMBERS)
def test_each_program_lists_the_callers_own_roles(api_as, world, persona):
    listed = api_as(persona).get("/api/v1/programs/").json()["results"][0]
    detail = api_as(persona).get(f"{BASE}/")

    assert detail.status_code == 200
    assert listed["roles"] == detail.json()["roles"] == [persona]


def test_the_outsider_gets_404_on_a_program(api_as, world):
    response = api_as("outsider").get(f"{BASE}/")

    assert response.status_code == 404
    check_error(response, 404)


def test_a_site_administrator_sees_every_program_as_a_coordinator(api, world):
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    api.force_authenticate(admin)

    programs = api.get("/api/v1/programs/").json()["results"]
    mentors = api.get(f"{BASE}/mentors/").json()["results"]

    assert [(p["slug"], p["roles"]) for p in programs] == [("test-program", ["coordinator"])]
    assert len(mentors) == 2


# --- Cohorts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in COHORTS.items()])
def test_every_member_sees_the_cohorts_and_the_outsider_gets_404(
    api_as, world, persona, status, visible
):
    check_list(api_as(persona).get(f"{BASE}/cohorts/"), status, visible, names(world))


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in COHORTS.items()])
def test_every_member_can_open_a_cohort_and_the_outsider_gets_404(
    api_as, world, persona, status, visible
):
    response = api_as(persona).get(f"{BASE}/cohorts/{names(world)['cohort']}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["mentor_count"] == 2
    else:
        check_error(response, status)


# --- Schools -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in SCHOOLS.items()])
def test_only_coordinators_see_the_schools(api_as, world, persona, status, visible):
    check_list(api_as(persona).get(f"{BASE}/schools/"), status, visible, schools(world))


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in SCHOOLS.items()])
def test_only_coordinators_can_open_a_school(api_as, world, persona, status, visible):
    code = world.mentee_profile.school.code

    response = api_as(persona).get(f"{BASE}/schools/{code}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == code
    else:
        check_error(response, status)


# --- Mentors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in MENTORS.items()])
def test_the_mentor_list_holds_only_the_mentors_a_persona_may_see(
    api_as, world, persona, status, visible
):
    check_list(api_as(persona).get(f"{BASE}/mentors/"), status, visible, names(world))


@pytest.mark.parametrize(("persona", "target", "status"), MENTOR_DETAILS)
def test_a_mentor_opens_only_for_those_who_may_see_them(api_as, world, persona, target, status):
    code = names(world)[target]

    response = api_as(persona).get(f"{BASE}/mentors/{code}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == code
    else:
        check_error(response, status)


@pytest.mark.parametrize(("persona", "target"), seen(MENTOR_DETAILS))
def test_a_mentors_email_shows_only_to_coordinators_and_the_mentor(api_as, world, persona, target):
    code = names(world)[target]
    profile = world.mentor_profile if target == "mentor" else world.other_mentor_profile
    expected = profile.user.email if persona in MENTOR_EMAIL[target] else None

    detail = api_as(persona).get(f"{BASE}/mentors/{code}/").json()
    listed = api_as(persona).get(f"{BASE}/mentors/", {"q": code}).json()["results"]

    assert detail["email"] == expected
    assert [row["email"] for row in listed] == [expected]


# --- Mentees -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in MENTEES.items()])
def test_the_mentee_list_holds_only_the_mentees_a_persona_may_see(
    api_as, world, persona, status, visible
):
    check_list(api_as(persona).get(f"{BASE}/mentees/"), status, visible, names(world))


@pytest.mark.parametrize(("persona", "target", "status"), MENTEE_DETAILS)
def test_a_mentee_opens_only_for_those_who_may_see_them(api_as, world, persona, target, status):
    code = names(world)[target]

    response = api_as(persona).get(f"{BASE}/mentees/{code}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == code
    else:
        check_error(response, status)


@pytest.mark.parametrize(("persona", "target"), seen(MENTEE_DETAILS))
def test_a_mentees_email_shows_only_to_coordinators_the_mentee_and_their_mentor(
    api_as, world, persona, target
):
    code = names(world)[target]
    profile = world.mentee_profile if target == "mentee" else world.other_mentee_profile
    expected = profile.user.email if persona in MENTEE_EMAIL[target] else None

    detail = api_as(persona).get(f"{BASE}/mentees/{code}/").json()
    listed = api_as(persona).get(f"{BASE}/mentees/", {"q": code}).json()["results"]

    assert detail["email"] == expected
    assert [row["email"] for row in listed] == [expected]


def test_a_mentor_who_is_also_a_specialist_sees_only_their_own_mentees_emails(api, world):
    # other_mentor also accompanies `mentor` as a specialist, so sees `mentee` without being
    # that mentee's mentor.
    other = world.other_mentor_profile
    MembershipFactory(user=other.user, program=world.program, role=Role.SPECIALIST)
    SpecialistAssignmentFactory(
        program=world.program, specialist=other.user, mentor=world.mentor_profile
    )
    api.force_authenticate(other.user)

    rows = api.get(f"{BASE}/mentees/").json()["results"]

    assert {row["code"]: row["email"] for row in rows} == {
        world.mentee_profile.code: None,
        world.other_mentee_profile.code: world.other_mentee_profile.user.email,
    }


def test_a_mentor_no_longer_sees_a_mentee_once_the_partnership_has_ended(api_as, world):
    world.mentee_profile.partnerships.update(ended_on=datetime.date(2020, 1, 1))

    listed = api_as("mentor").get(f"{BASE}/mentees/").json()["results"]
    detail = api_as("mentor").get(f"{BASE}/mentees/{world.mentee_profile.code}/")

    assert listed == []
    assert detail.status_code == 404


# --- A program that does not exist looks the same as one the caller is not in ----------------


@pytest.mark.parametrize("resource", ["", "cohorts/", "schools/", "mentors/", "mentees/"])
def test_an_unknown_program_and_a_foreign_program_give_the_same_404(api_as, world, resource):
    foreign = api_as("outsider").get(f"{BASE}/{resource}")
    unknown = api_as("coordinator").get(f"/api/v1/programs/no-such-program/{resource}")

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()
