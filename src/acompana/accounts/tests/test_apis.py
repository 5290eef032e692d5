"""The API for a program's people: roles, access and invitations (coordinators only)."""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.accounts.models import Membership, User
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.common.models import AuditEntry

BASE = "/api/v1/programs/test-program"


def without_password(world, email):
    user = UserFactory(email=email)
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, program=world.program, role="mentee")
    return user


def test_coordinators_list_roles_with_access_state(world, api_as):
    without_password(world, "nuevo@example.org")
    rows = api_as("coordinator").get(f"{BASE}/members/").json()["results"]
    states = {r["email"]: r["access"] for r in rows}
    assert states["nuevo@example.org"] == "never_invited"
    assert states["coordinator@example.org"] == "active"
    trainers = api_as("coordinator").get(f"{BASE}/members/", {"role": "trainer"}).json()
    assert [r["email"] for r in trainers["results"]] == ["trainer@example.org"]


def test_a_role_is_given_and_ended_through_the_api(world, api_as):
    client = api_as("coordinator")
    created = client.post(
        f"{BASE}/members/", {"email": "Nueva@Example.org", "role": "researcher"}, format="json"
    )
    assert created.status_code == 201 and created.json()["access"] == "never_invited"
    assert client.delete(f"{BASE}/members/{created.json()['id']}/").status_code == 204
    assert not Membership.objects.filter(user__email="nueva@example.org").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.membership.added", "accounts.membership.removed"} <= actions


def test_the_last_coordinator_cannot_be_ended_through_the_api(world, api_as):
    mine = Membership.objects.get(user=world.coordinator, role="coordinator")
    response = api_as("coordinator").delete(f"{BASE}/members/{mine.pk}/")
    assert response.status_code == 400
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_invitations_are_sent_and_resent_through_the_api(world, api_as):
    person = without_password(world, "nuevo@example.org")
    client = api_as("coordinator")
    sent = client.post(f"{BASE}/invitations/", {"role": "mentee"}, format="json")
    assert sent.status_code == 202 and sent.json() == {"sent": 1}
    again = client.post(f"{BASE}/invitations/resend/", {"user": person.pk}, format="json")
    assert again.status_code == 202
    assert len(mail.outbox) == 2
    refused = client.post(f"{BASE}/invitations/resend/", {"user": world.mentor.pk}, format="json")
    assert refused.status_code == 400
    pending = client.post(f"{BASE}/invitations/", {"pending": True}, format="json")
    assert pending.json() == {"sent": 0}


def test_deactivation_through_the_api_stops_the_persons_token_at_once(world, api_as):
    membership = Membership.objects.get(user=world.trainer, role="trainer")
    trainer = api_as("trainer")
    assert trainer.get("/api/v1/programs/").status_code == 200
    response = api_as("coordinator").post(f"{BASE}/members/{membership.pk}/deactivate/")
    assert response.status_code == 200 and response.json()["access"] == "deactivated"
    assert trainer.get("/api/v1/programs/").status_code == 401
    session = Client()
    session.force_login(User.objects.get(pk=world.trainer.pk))
    assert session.get("/").status_code == 302  # an inactive user's session does not sign in
    api_as("coordinator").post(f"{BASE}/members/{membership.pk}/reactivate/")
    assert trainer.get("/api/v1/programs/").status_code == 200


def test_a_person_who_also_takes_part_in_another_program_is_not_deactivated_by_its_coordinator(
    world, api_as
):
    from acompana.accounts.tests.factories import MembershipFactory
    from acompana.programs.tests.factories import ProgramFactory

    MembershipFactory(user=world.trainer, program=ProgramFactory(slug="otro"), role="mentor")
    membership = Membership.objects.get(user=world.trainer, role="trainer")
    response = api_as("coordinator").post(f"{BASE}/members/{membership.pk}/deactivate/")
    assert response.status_code == 400
    assert "site administrator" in response.json()["error"]["message"] + str(
        response.json()["error"].get("fields", "")
    )
    assert User.objects.get(pk=world.trainer.pk).is_active


@pytest.mark.parametrize("persona", ["mentor", "mentee", "trainer", "specialist", "researcher"])
def test_only_coordinators_use_these_endpoints(world, api_as, persona):
    client = api_as(persona)
    assert client.get(f"{BASE}/members/").status_code == 403
    assert client.post(f"{BASE}/invitations/", {}, format="json").status_code == 403


def test_a_coordinator_of_another_program_gets_404(world, api_as):
    from acompana.programs.tests.factories import ProgramFactory

    other = ProgramFactory(slug="otro")
    MembershipFactory(user=UserFactory(email="c2@example.org"), program=other, role="coordinator")
    token, _ = Token.objects.get_or_create(user=User.objects.get(email="c2@example.org"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"{BASE}/members/").status_code == 404
    assert client.post(f"{BASE}/invitations/", {}, format="json").status_code == 404
