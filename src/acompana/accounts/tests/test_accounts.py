import pytest
from django.conf import settings
from django.urls import reverse

from acompana.accounts.models import User
from acompana.accounts.services import membership_add
from acompana.common.models import AuditEntry


def test_people_sign_in_with_their_email_and_land_on_their_home(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "Mentor@Example.org", "password": "pass-word-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("hub:home")


def test_a_wrong_password_is_refused(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "mentor@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_repeated_failures_lock_the_account_out(world, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "mentor@example.org", "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": "mentor@example.org", "password": "pass-word-123"}
    )
    assert response.status_code == 429


def test_signing_out_needs_a_post(world, as_persona):
    client = as_persona("mentor")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("hub:home")).status_code == 302


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", "Import schools, mentors or mentees"),
        ("mentor", "My mentees"),
        ("mentee", "My mentor"),
        ("specialist", "Mentors I accompany"),
        ("trainer", "Trainer"),
        ("researcher", "Researcher"),
        ("outsider", "You do not belong to any program yet"),
    ],
)
def test_each_role_has_its_own_home_page(world, as_persona, persona, expected):
    response = as_persona(persona).get(reverse("hub:home"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_mentor_home_lists_their_mentees_and_no_one_else(world, as_persona):
    body = as_persona("mentor").get(reverse("hub:home")).content.decode()
    assert world.mentee_profile.user.get_full_name() in body
    assert world.other_mentee_profile.user.get_full_name() not in body


def test_the_language_switch_changes_the_page_language_and_is_remembered(world, as_persona):
    client = as_persona("mentor")
    response = client.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert User.objects.get(pk=world.mentor.pk).preferred_language == "es"
    assert "Mis mentorados" in client.get(reverse("hub:home")).content.decode()
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert "My mentees" in client.get(reverse("hub:home")).content.decode()


def test_the_language_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_a_signed_in_person_sees_their_preferred_language(world, client):
    world.mentor.preferred_language = "es"
    world.mentor.save()
    client.force_login(world.mentor)
    assert "Mis mentorados" in client.get(reverse("hub:home")).content.decode()


def test_adding_a_membership_is_audited_once(world):
    membership_add(
        user=world.outsider, program=world.program, role="trainer", actor=world.coordinator
    )
    membership_add(
        user=world.outsider, program=world.program, role="trainer", actor=world.coordinator
    )
    entries = AuditEntry.objects.filter(action="accounts.membership.added")
    assert entries.count() == 1
    assert entries.get().actor == world.coordinator


def test_the_audit_log_page_shows_the_program_actions_to_coordinators(world, as_persona):
    membership_add(
        user=world.outsider, program=world.program, role="trainer", actor=world.coordinator
    )
    body = as_persona("coordinator").get(reverse("programs:audit", args=[world.program.slug]))
    assert "accounts.membership.added" in body.content.decode()


def test_passwords_are_hashed_with_argon2_by_default():
    from acompana.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_coordinator_home_lists_mentors_not_yet_ready_for_field_work(world, as_persona):
    from acompana.training.services import readiness_items_default

    readiness_items_default(cohort=world.program.cohorts.get())
    body = as_persona("coordinator").get(reverse("hub:home")).content.decode()
    assert "Mentors not yet ready for field work" in body
    assert world.mentor_profile.code in body
