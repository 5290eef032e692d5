"""Password reset, invitations (every token path) and deactivation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from acompana.accounts.models import AccessState, Invitation, Membership, Role, User
from acompana.accounts.selectors import access_state, users_to_invite
from acompana.accounts.services import (
    InvitationInvalid,
    invitation_accept,
    invitation_send,
    invitation_send_many,
    user_deactivate,
    user_reactivate,
)
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.common.models import AuditEntry

NEW_PASSWORD = "otoño-en-lima-2026"


def invited_person(program, email="nueva@example.org", language="es", role=Role.MENTEE):
    user = UserFactory(email=email, preferred_language=language, password=None)
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, program=program, role=role)
    return user


def link_in(message) -> str:
    found = re.search(r"https?://\S+|/accounts/\S+", message.body)
    assert found, message.body
    return found.group(0).split("testserver", 1)[-1]


def invitation_path(message) -> str:
    path = link_in(message)
    return path[path.index("/accounts/") :]


# --- Password reset ------------------------------------------------------------------------


def test_the_password_reset_page_uses_djangos_url_name(client):
    assert reverse("accounts:password_reset") == "/accounts/password_reset/"
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_password_reset_answers_the_same_for_known_and_unknown_emails(world, client):
    known = client.post(reverse("accounts:password_reset"), {"email": "mentor@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nadie@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["mentor@example.org"]]


def test_a_password_reset_link_sets_a_new_password_once_and_is_audited(world, client):
    client.post(reverse("accounts:password_reset"), {"email": "Mentor@Example.org"})
    path = invitation_path(mail.outbox[0])
    page = client.get(path, follow=True)
    assert page.status_code == 200 and page.context["validlink"]
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    world.mentor.refresh_from_db()
    assert world.mentor.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.password.reset").exists()
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert reverse("accounts:password_reset").encode() in again.content


def test_a_weak_password_is_refused_by_djangos_validators(world, client):
    client.post(reverse("accounts:password_reset"), {"email": "mentor@example.org"})
    page = client.get(invitation_path(mail.outbox[0]), follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert b'id="error-summary"' in response.content


def test_the_reset_email_is_in_the_recipients_language(world, client):
    world.mentor.preferred_language = "en"
    world.mentor.save()
    client.post(reverse("accounts:password_reset"), {"email": "mentor@example.org"})
    assert "Choose a new password" in mail.outbox[0].subject


def test_people_never_invited_get_no_reset_email_but_the_same_answer(world, client):
    invited_person(world.program)
    response = client.post(reverse("accounts:password_reset"), {"email": "nueva@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_requests_are_limited_per_address_with_the_same_answer(
    world, client, settings
):
    settings.ACCESS_EMAILS_PER_HOUR = 2
    answers = {
        client.post(reverse("accounts:password_reset"), {"email": "mentor@example.org"})["Location"]
        for _ in range(4)
    }
    assert answers == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 2


# --- Invitations ---------------------------------------------------------------------------


def test_an_invitation_email_in_the_recipients_language_sets_the_first_password(world, client):
    person = invited_person(world.program, language="en")
    assert access_state(person) == AccessState.NEVER_INVITED
    invitation_send(user=person, program=world.program, actor=world.coordinator)
    assert access_state(person) == AccessState.INVITED
    message = mail.outbox[0]
    assert message.to == ["nueva@example.org"] and "invitation" in message.subject
    path = invitation_path(message)
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:login")
    person.refresh_from_db()
    assert access_state(person) == AccessState.ACTIVE
    signed_in = client.post(
        reverse("accounts:login"), {"username": "nueva@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == reverse("hub:home")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.invitation.sent", "accounts.invitation.accepted"} <= actions


def test_an_invitation_used_twice_says_so_and_offers_a_new_link(world, client):
    person = invited_person(world.program)
    invitation_send(user=person, program=world.program)
    path = invitation_path(mail.outbox[0])
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path)
    assert again.status_code == 410 and again.context["reason"] == "used"
    assert reverse("accounts:password_reset").encode() in again.content
    second = client.post(path, {"new_password1": "x" + NEW_PASSWORD, "new_password2": "x"})
    assert second.status_code == 410
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_an_expired_invitation_says_so(world, client, time_machine):
    person = invited_person(world.program)
    invitation_send(user=person, program=world.program)
    time_machine.move_to(timezone.now() + timedelta(days=15))
    response = client.get(invitation_path(mail.outbox[0]))
    assert response.status_code == 410 and response.context["reason"] == "expired"


def test_invitations_expire_after_the_configured_days(world, settings):
    settings.INVITATION_DAYS = 3
    person = invited_person(world.program)
    invitation = invitation_send(user=person, program=world.program)
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)


def test_a_tampered_invitation_link_is_refused(world, client):
    person = invited_person(world.program)
    invitation_send(user=person, program=world.program)
    path = invitation_path(mail.outbox[0])
    tampered = path[:-2] + ("A" if path[-2] != "A" else "B") + "/"
    response = client.get(tampered)
    assert response.status_code == 410 and response.context["reason"] == "unknown"
    posted = client.post(tampered, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert posted.status_code == 410
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_an_invitation_of_a_deactivated_person_is_refused(world, client):
    person = invited_person(world.program)
    invitation_send(user=person, program=world.program)
    user_deactivate(user=person, actor=world.coordinator, program=world.program)
    response = client.get(invitation_path(mail.outbox[0]))
    assert response.status_code == 410 and response.context["reason"] == "deactivated"
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=invitation_path(mail.outbox[0]).split("/")[-2], password="x")


def test_a_resend_replaces_the_earlier_link_and_is_audited(world, client):
    person = invited_person(world.program)
    invitation_send(user=person, program=world.program)
    invitation_send(user=person, program=world.program)
    first, second = (invitation_path(m) for m in mail.outbox)
    assert client.get(first).context["reason"] == "replaced"
    assert client.get(second).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.invitation.resent").count() == 1


def test_people_with_a_password_or_deactivated_are_not_invited(world):
    person = invited_person(world.program)
    user_deactivate(user=person, actor=None)
    with pytest.raises(ValueError):
        invitation_send(user=world.mentor)
    sent = invitation_send_many(users=[world.mentor, person], program=world.program)
    assert sent == 0 and mail.outbox == []


def test_the_people_to_invite_can_be_only_those_never_invited(world):
    first = invited_person(world.program, email="a@example.org")
    invited_person(world.program, email="b@example.org", role=Role.MENTOR)
    invitation_send(user=first, program=world.program)
    pending = users_to_invite(program=world.program, pending=True)
    assert [u.email for u in pending] == ["b@example.org"]
    mentees = users_to_invite(program=world.program, role=Role.MENTEE)
    assert [u.email for u in mentees] == ["a@example.org"]


# --- Deactivation --------------------------------------------------------------------------


def test_deactivating_stops_the_session_and_the_api_token_at_once_and_keeps_records(world, client):
    client.force_login(world.mentor)
    assert client.get(reverse("hub:home")).status_code == 200
    token = Token.objects.create(user=world.mentor)
    api = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/programs/", **api).status_code == 200
    memberships = Membership.objects.filter(user=world.mentor).count()

    user_deactivate(user=world.mentor, actor=world.coordinator, program=world.program)

    assert client.get(reverse("hub:home")).status_code == 302
    from django.test import Client

    assert Client().get("/api/v1/programs/", **api).status_code == 401
    assert Membership.objects.filter(user=world.mentor).count() == memberships
    assert access_state(User.objects.get(pk=world.mentor.pk)) == AccessState.DEACTIVATED
    assert AuditEntry.objects.filter(action="accounts.user.deactivated").exists()

    user_reactivate(user=world.mentor, actor=world.coordinator, program=world.program)
    assert Client().get("/api/v1/programs/", **api).status_code == 200


def test_invitations_store_only_a_hash_of_the_token(world):
    person = invited_person(world.program)
    invitation = invitation_send(user=person)
    token = invitation_path(mail.outbox[0]).split("/")[-2]
    assert token not in Invitation.objects.get(pk=invitation.pk).token_hash


def test_password_reset_requests_are_limited_per_client_too(world, client, settings):
    settings.ACCESS_EMAILS_PER_CLIENT_PER_HOUR = 2
    for email in ("mentor@example.org", "mentee@example.org", "coordinator@example.org"):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 2
