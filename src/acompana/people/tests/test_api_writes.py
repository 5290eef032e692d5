"""Mentors and mentees written over the API: coordinators create and change profiles."""

import pytest

from acompana.accounts.models import Membership
from acompana.common.models import AuditEntry
from acompana.frameworks.models import Framework
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.tests.factories import RegionFactory, SchoolFactory

BASE = "/api/v1/programs/test-program"
PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}


@pytest.fixture
def framework(world):
    framework = Framework.objects.get(slug="mbddir")
    world.program.framework = framework
    world.program.save()
    return framework


def mentor_body(world, **overrides):
    region = RegionFactory(program=world.program, name="Cusco")
    return {
        "code": "M-77",
        "email": "Rosa.Quispe@example.org",
        "first_name": "Rosa",
        "last_name": "Quispe",
        "region": region.pk,
        "highest_degree": "master",
        "teaching_years": "12.5",
        "management_years": "3",
        "accompaniment_experience": True,
        "programs_served": 2,
        "capacity": 6,
        "languages": ["es", "qu"],
        "modality_preference": "virtual",
        "cohorts": [world.program.cohorts.get().pk],
        "strengths": ["C1", "C2"],
        **overrides,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_create_mentors(api_as, world, framework, persona):
    response = api_as(persona).post(f"{BASE}/mentors/", mentor_body(world), format="json")
    expected = 201 if persona == "coordinator" else DENIED[persona]
    assert response.status_code == expected, response.json()
    exists = MentorProfile.objects.filter(program=world.program, code="M-77").exists()
    assert exists is (persona == "coordinator")
    if persona != "coordinator":
        return
    body = response.json()
    assert (body["email"], body["name"]) == ("rosa.quispe@example.org", "Rosa Quispe")
    assert sorted(body["strengths"]) == ["C1", "C2"]
    assert body["teaching_years"] == "12.5"
    mentor = MentorProfile.objects.get(program=world.program, code="M-77")
    assert not mentor.user.has_usable_password()
    assert Membership.objects.filter(user=mentor.user, program=world.program, role="mentor")
    assert AuditEntry.objects.filter(action="people.mentor_profile.created").exists()


def test_a_mentor_with_a_taken_code_or_a_strength_outside_the_framework_is_refused(
    api_as, world, framework
):
    client = api_as("coordinator")
    taken = client.post(
        f"{BASE}/mentors/",
        mentor_body(world, code=world.mentor_profile.code),
        format="json",
    )
    assert taken.status_code == 400
    assert "code" in taken.json()["error"]["fields"]
    unknown = client.post(f"{BASE}/mentors/", mentor_body(world, strengths=["Z9"]), format="json")
    assert unknown.status_code == 400
    assert "strengths" in unknown.json()["error"]["fields"]
    foreign = client.post(f"{BASE}/mentors/", mentor_body(world, cohorts=[999999]), format="json")
    assert foreign.status_code == 400
    assert "cohorts" in foreign.json()["error"]["fields"]
    assert not MentorProfile.objects.filter(code="M-77").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_change_a_mentor(api_as, world, framework, persona):
    url = f"{BASE}/mentors/{world.mentor_profile.code}/"
    response = api_as(persona).patch(
        url, {"capacity": 3, "strengths": ["C3"], "last_name": "Mamani"}, format="json"
    )
    expected = 200 if persona == "coordinator" else DENIED[persona]
    assert response.status_code == expected
    world.mentor_profile.refresh_from_db()
    assert (world.mentor_profile.capacity == 3) is (persona == "coordinator")
    if persona == "coordinator":
        assert response.json()["strengths"] == ["C3"]
        assert response.json()["name"].endswith("Mamani")
        assert AuditEntry.objects.filter(action="people.mentor_profile.updated").exists()


def test_a_bad_value_in_a_change_is_refused_in_the_error_format(api_as, world):
    response = api_as("coordinator").patch(
        f"{BASE}/mentors/{world.mentor_profile.code}/",
        {"highest_degree": "wizard", "capacity": -1},
        format="json",
    )
    assert response.status_code == 400
    assert {"highest_degree", "capacity"} <= set(response.json()["error"]["fields"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_create_mentees(api_as, world, framework, persona):
    school = SchoolFactory(program=world.program, code="IE-1")
    body = {
        "code": "D-501",
        "email": "director@example.org",
        "first_name": "Julio",
        "last_name": "Mamani",
        "position": "principal",
        "school": school.code,
        "years_in_position": "4",
        "languages": ["es"],
        "preferred_modality": "in_person",
        "connectivity": "low",
        "cohorts": [world.program.cohorts.get().pk],
        "needs": ["C4"],
    }
    response = api_as(persona).post(f"{BASE}/mentees/", body, format="json")
    expected = 201 if persona == "coordinator" else DENIED[persona]
    assert response.status_code == expected, response.json()
    if persona != "coordinator":
        assert not MenteeProfile.objects.filter(code="D-501").exists()
        return
    created = response.json()
    assert created["school"] == {"code": "IE-1", "name": school.name}
    assert created["region"]["id"] == school.region_id  # from the school when not given
    assert created["needs"] == ["C4"]
    mentee = MenteeProfile.objects.get(program=world.program, code="D-501")
    assert Membership.objects.filter(user=mentee.user, program=world.program, role="mentee")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_change_a_mentee(api_as, world, persona):
    url = f"{BASE}/mentees/{world.mentee_profile.code}/"
    response = api_as(persona).patch(url, {"connectivity": "none"}, format="json")
    expected = 200 if persona == "coordinator" else DENIED[persona]
    assert response.status_code == expected
    world.mentee_profile.refresh_from_db()
    assert (world.mentee_profile.connectivity == "none") is (persona == "coordinator")


def test_a_mentee_of_another_school_program_is_refused(api_as, world):
    elsewhere = SchoolFactory(code="IE-FAR")
    response = api_as("coordinator").patch(
        f"{BASE}/mentees/{world.mentee_profile.code}/", {"school": elsewhere.code}, format="json"
    )
    assert response.status_code == 400
    assert "school" in response.json()["error"]["fields"]


def test_a_missing_mentor_is_not_found(api_as, world):
    response = api_as("coordinator").patch(f"{BASE}/mentors/NOPE/", {"capacity": 2}, format="json")
    assert response.status_code == 404


def test_a_change_that_changes_nothing_is_not_audited(api_as, world):
    client = api_as("coordinator")
    url = f"{BASE}/mentees/{world.mentee_profile.code}/"
    cohort = world.program.cohorts.get()
    same = {"position": world.mentee_profile.position, "cohorts": [cohort.pk]}
    assert client.patch(url, same, format="json").status_code == 200
    assert not AuditEntry.objects.filter(action="people.mentee_profile.updated").exists()
    assert client.patch(url, {"cohorts": []}, format="json").json()["cohorts"] == []
    entry = AuditEntry.objects.get(action="people.mentee_profile.updated")
    assert entry.data["after"] == {"cohorts": ""}
