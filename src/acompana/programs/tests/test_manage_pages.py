"""Programs from a page (site administrators) or the command line; cohorts (coordinators)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from acompana.accounts.models import Membership, User
from acompana.accounts.tests.factories import UserFactory
from acompana.common.models import AuditEntry
from acompana.programs.models import Cohort, Program


def test_a_site_administrator_creates_a_program_with_its_coordinator(db, client):
    admin = UserFactory(email="admin@example.org", is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("programs:new")).status_code == 200
    response = client.post(
        reverse("programs:new"),
        {"name": "Mentoría 2027", "slug": "mentoria-2027", "coordinator": "Coord@Example.org"},
    )
    assert response["Location"] == reverse("programs:detail", args=["mentoria-2027"])
    program = Program.objects.get(slug="mentoria-2027")
    coordinator = User.objects.get(email="coord@example.org")
    assert Membership.objects.filter(user=coordinator, program=program, role="coordinator")
    assert not coordinator.has_usable_password()
    assert AuditEntry.objects.filter(action="programs.program.created").exists()


def test_a_taken_or_reserved_address_is_refused_with_an_error_summary(world, client):
    client.force_login(UserFactory(email="admin@example.org", is_staff=True))
    for slug in ("test-program", "new"):
        response = client.post(
            reverse("programs:new"),
            {"name": "Otro", "slug": slug, "coordinator": "c@example.org"},
        )
        assert response.status_code == 200
        assert b'id="error-summary"' in response.content
    assert Program.objects.count() == 1


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "outsider"])
def test_only_site_administrators_create_programs(world, as_persona, persona):
    assert as_persona(persona).get(reverse("programs:new")).status_code == 403


def test_a_coordinator_creates_and_edits_a_cohort(world, as_persona):
    client = as_persona("coordinator")
    response = client.post(
        reverse("programs:cohort_new", args=["test-program"]),
        {"year": 2027, "name": "Norte", "modality": "hybrid", "starts_on": "2027-03-01"},
    )
    cohort = Cohort.objects.get(program=world.program, name="Norte")
    assert response["Location"] == reverse("programs:cohort", args=["test-program", cohort.pk])
    client.post(
        reverse("programs:cohort_edit", args=["test-program", cohort.pk]),
        {"year": 2027, "name": "Norte", "modality": "virtual", "starts_on": "2027-03-01"},
    )
    cohort.refresh_from_db()
    assert cohort.modality == "virtual"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"programs.cohort.created", "programs.cohort.updated"} <= actions


def test_a_cohort_ending_before_it_starts_is_refused(world, as_persona):
    response = as_persona("coordinator").post(
        reverse("programs:cohort_new", args=["test-program"]),
        {"year": 2027, "modality": "hybrid", "starts_on": "2027-03-01", "ends_on": "2027-01-01"},
    )
    assert response.status_code == 200 and b'id="error-summary"' in response.content
    assert not Cohort.objects.filter(year=2027).exists()


@pytest.mark.parametrize("persona", ["mentor", "mentee", "trainer", "specialist", "researcher"])
def test_only_coordinators_manage_cohorts(world, as_persona, persona):
    cohort = Cohort.objects.get(program=world.program)
    client = as_persona(persona)
    assert client.get(reverse("programs:cohort_new", args=["test-program"])).status_code == 403
    url = reverse("programs:cohort_edit", args=["test-program", cohort.pk])
    assert client.get(url).status_code == 403


def test_createprogram_makes_a_program_from_an_empty_database(db, capsys):
    call_command(
        "createprogram", "mentoria-2027", "--name", "Mentoría 2027", "--coordinator", "c@x.org"
    )
    out = capsys.readouterr().out
    assert "Created program mentoria-2027" in out and "acompana invite" in out
    program = Program.objects.get(slug="mentoria-2027")
    assert Membership.objects.filter(program=program, role="coordinator").count() == 1
    with pytest.raises(CommandError):
        call_command("createprogram", "mentoria-2027", "--name", "X", "--coordinator", "c@x.org")
    with pytest.raises(CommandError):
        call_command("createprogram", "new", "--name", "X", "--coordinator", "c@x.org")


def test_a_cohorts_mentor_capacity_is_set_on_its_page_and_given_to_new_mentors(world, as_persona):
    from acompana.people.services import mentor_profile_create

    as_persona("coordinator").post(
        reverse("programs:cohort_new", args=["test-program"]),
        {"year": 2027, "name": "Sur", "modality": "virtual", "mentor_capacity": 4},
    )
    cohort = Cohort.objects.get(program=world.program, name="Sur")
    assert cohort.mentor_capacity == 4
    mentor = mentor_profile_create(
        program=world.program,
        code="M-SUR",
        email="sur@example.org",
        first_name="Rosa",
        last_name="Sur",
        fields={},
        cohorts=[cohort],
        actor=world.coordinator,
    )
    assert mentor.capacity == 4
