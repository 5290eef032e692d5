"""What each resource holds, and how the list filters narrow it."""

import datetime
from decimal import Decimal

import pytest

from acompana.api.testing import BASE
from acompana.frameworks.models import Framework
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory
from acompana.programs.tests.factories import CohortFactory, RegionFactory


@pytest.fixture
def region(world):
    return RegionFactory(program=world.program, name="Cusco")


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_a_program_shows_its_slug_name_description_framework_gate_and_the_callers_roles(
    api_as, world
):
    world.program.description = "Acompañamiento a directivos"
    world.program.framework = Framework.objects.create(
        slug="marco-api", name="Marco", audience="principals"
    )
    world.program.save()

    response = api_as("coordinator").get(f"{BASE}/")

    assert response.json() == {
        "slug": "test-program",
        "name": "Programa de prueba",
        "description": "Acompañamiento a directivos",
        "framework": "marco-api",
        "time_zone": "",
        "language": "",
        "jitsi_url": "",
        "readiness_gate": False,
        "roles": ["coordinator"],
    }


def test_a_cohort_shows_its_dates_modality_and_head_counts(api_as, world):
    cohort = world.mentor_profile.cohorts.get()
    cohort.name, cohort.modality = "Cohorte 2026", "hybrid"
    cohort.starts_on, cohort.ends_on = datetime.date(2026, 3, 1), datetime.date(2026, 12, 15)
    cohort.save()

    response = api_as("mentee").get(f"{BASE}/cohorts/{cohort.pk}/")

    assert response.json() == {
        "id": cohort.pk,
        "year": 2026,
        "name": "Cohorte 2026",
        "modality": "hybrid",
        "starts_on": "2026-03-01",
        "ends_on": "2026-12-15",
        "mentor_capacity": None,
        "mentor_count": 2,
        "mentee_count": 2,
    }


def test_a_school_shows_its_region_place_and_mentee_count(api_as, world):
    school = world.mentee_profile.school
    school.latitude, school.longitude = Decimal("-13.531950"), Decimal("-71.967463")
    school.save()

    response = api_as("coordinator").get(f"{BASE}/schools/{school.code}/")

    assert response.json() == {
        "code": school.code,
        "name": school.name,
        "region": {"id": school.region.pk, "name": school.region.name},
        "level": "primary",
        "area": "rural",
        "latitude": "-13.531950",
        "longitude": "-71.967463",
        "mentee_count": 1,
    }


def test_the_school_list_searches_by_code_or_name(api_as, world):
    school = world.mentee_profile.school

    by_code = api_as("coordinator").get(f"{BASE}/schools/", {"q": school.code})
    by_name = api_as("coordinator").get(f"{BASE}/schools/", {"q": school.name})

    assert codes(by_code) == codes(by_name) == {school.code}


def test_a_mentor_shows_the_professional_profile(api_as, world, competencies, region):
    mentor = world.mentor_profile
    mentor.region = region
    mentor.management_years = Decimal("3.5")
    mentor.accompaniment_experience = True
    mentor.modality_preference = "virtual"
    mentor.languages = ["es", "qu"]
    mentor.save()
    mentor.strengths.add(*competencies[:2])
    user = mentor.user

    response = api_as("mentor").get(f"{BASE}/mentors/{mentor.code}/")

    assert response.json() == {
        "code": mentor.code,
        "name": f"{user.first_name} {user.last_name}",
        "email": "mentor@example.org",
        "access": None,  # shown to coordinators only
        "region": {"id": region.pk, "name": "Cusco"},
        "highest_degree": "licensed",
        "teaching_years": "12.0",
        "management_years": "3.5",
        "accompaniment_experience": True,
        "technical_assistance": False,
        "programs_served": 2,
        "capacity": 8,
        "languages": ["es", "qu"],
        "modality_preference": "virtual",
        "cohorts": [mentor.cohorts.get().pk],
        "strengths": ["C1", "C2"],
    }


def test_a_mentee_shows_position_school_and_needs(api_as, world, competencies):
    mentee = world.mentee_profile
    mentee.years_in_position = Decimal("1.5")
    mentee.connectivity = MenteeProfile.Connectivity.LOW
    mentee.save()
    mentee.needs.add(competencies[2])
    user, school = mentee.user, mentee.school

    response = api_as("mentor").get(f"{BASE}/mentees/{mentee.code}/")

    assert response.json() == {
        "code": mentee.code,
        "name": f"{user.first_name} {user.last_name}",
        "email": "mentee@example.org",
        "access": None,  # shown to coordinators only
        "position": "principal",
        "school": {"code": school.code, "name": school.name},
        "region": {"id": school.region.pk, "name": school.region.name},
        "years_in_position": "1.5",
        "languages": ["es"],
        "preferred_modality": "",
        "connectivity": "low",
        "cohorts": [mentee.cohorts.get().pk],
        "needs": ["C3"],
        "subject": "",
        "grade_level": "",
        "career_stage": "",
    }


def test_a_mentor_without_a_region_shows_null(api_as, world):
    response = api_as("coordinator").get(f"{BASE}/mentors/{world.mentor_profile.code}/")

    assert response.json()["region"] is None


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def mentors(world, region):
    """Four more mentors who differ in one way each."""
    later = CohortFactory(program=world.program, year=2027)
    novice = MentorProfileFactory(program=world.program, code="NOV", programs_served=1)
    no_management = MentorProfileFactory(
        program=world.program, code="NOMGT", management_years=Decimal(0)
    )
    in_cusco = MentorProfileFactory(program=world.program, code="CUS", region=region)
    in_2027 = MentorProfileFactory(program=world.program, code="C27")
    in_2027.cohorts.add(later)
    in_2027.user.first_name = "Zzyzx"
    in_2027.user.save()
    return {"novice": novice, "no_management": no_management, "cusco": in_cusco, "later": later}


def test_mentors_are_filtered_by_experience(api_as, world, mentors):
    def found(experience: str) -> set[str]:
        return codes(api_as("coordinator").get(f"{BASE}/mentors/", {"experience": experience}))

    everyone = codes(api_as("coordinator").get(f"{BASE}/mentors/"))
    assert found("novice") == {"NOV"}
    assert found("experienced") == everyone - {"NOV"}
    assert found("no_management") == {"NOMGT"}
    assert found("management") == everyone - {"NOMGT"}


def test_mentors_are_filtered_by_region_cohort_and_text(api_as, world, mentors, region):
    client = api_as("coordinator")

    assert codes(client.get(f"{BASE}/mentors/", {"region": region.pk})) == {"CUS"}
    assert codes(client.get(f"{BASE}/mentors/", {"cohort": mentors["later"].pk})) == {"C27"}
    assert codes(client.get(f"{BASE}/mentors/", {"q": "zzyz"})) == {"C27"}
    assert codes(client.get(f"{BASE}/mentors/", {"q": "nomg"})) == {"NOMGT"}


def test_filters_combine(api_as, world, mentors, region):
    params = {"region": region.pk, "experience": "novice"}

    assert codes(api_as("coordinator").get(f"{BASE}/mentors/", params)) == set()


def test_empty_filters_are_ignored(api_as, world, mentors):
    client = api_as("coordinator")
    params = {"q": "", "region": "", "cohort": "", "experience": ""}

    assert codes(client.get(f"{BASE}/mentors/", params)) == codes(client.get(f"{BASE}/mentors/"))


def test_filters_never_widen_what_a_persona_may_see(api_as, world, mentors):
    client = api_as("specialist")
    visible = codes(client.get(f"{BASE}/mentors/"))
    # A generated name or email of a mentor the specialist accompanies may contain "nov" too.
    found = codes(client.get(f"{BASE}/mentors/", {"q": "NOV"}))

    assert "NOV" not in visible
    assert found <= visible


def test_mentees_are_filtered_by_position_and_text(api_as, world):
    teacher = MenteeProfileFactory(
        program=world.program, code="TEA", position=MenteeProfile.Position.TEACHER
    )
    client = api_as("coordinator")

    assert codes(client.get(f"{BASE}/mentees/", {"position": "teacher"})) == {"TEA"}
    assert codes(client.get(f"{BASE}/mentees/", {"q": teacher.school.code})) == {"TEA"}


def test_mentees_are_filtered_by_region_and_cohort(api_as, world):
    mentee = world.mentee_profile
    client = api_as("coordinator")

    by_region = client.get(f"{BASE}/mentees/", {"region": mentee.region_id})
    by_cohort = client.get(f"{BASE}/mentees/", {"cohort": mentee.cohorts.get().pk})

    assert codes(by_region) == {mentee.code}
    assert codes(by_cohort) == {mentee.code, world.other_mentee_profile.code}


# --- Pagination --------------------------------------------------------------------------------


def test_lists_are_paginated_and_ordered_by_code(api_as, world):
    for n in range(5):
        MentorProfileFactory(program=world.program, code=f"P{n}")

    first = api_as("coordinator").get(f"{BASE}/mentors/", {"page_size": 3}).json()
    second = api_as("coordinator").get(first["next"]).json()

    assert first["count"] == 7
    everyone = [row["code"] for row in first["results"] + second["results"]]
    assert everyone[:6] == sorted(everyone[:6])
    assert first["previous"] is None
