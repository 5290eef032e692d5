"""Candidates sign themselves up from the public page of an open call, verify their email by
a single-use link and continue to the application; closed calls say so and take nothing."""

import datetime
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from acompana.accounts.models import Invitation, Role, User
from acompana.accounts.tests.factories import MembershipFactory
from acompana.common.models import AuditEntry
from acompana.selection import services
from acompana.selection.models import Application
from acompana.selection.tests.test_selection import apply

PASSWORD = "otoño-en-cusco-2026"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_call(world, *, opens: int = -1, closes: int = 10, title: str = "Convocatoria 2026"):
    today = timezone.localdate()
    return services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title=title,
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=today + datetime.timedelta(days=closes),
        actor=world.coordinator,
    )


@pytest.fixture
def call(world):
    return make_call(world)


@pytest.fixture
def closed_call(world):
    return make_call(world, opens=-20, closes=-1, title="Convocatoria cerrada")


def public_url(call):
    return reverse("selection:call_public", args=[call.program.slug, call.pk])


def apply_url(call):
    return reverse("selection:apply", args=[call.program.slug, call.pk])


def signup(client, call, email="candidata@example.org", **overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Quispe",
        "email": email,
        "new_password1": PASSWORD,
        "new_password2": PASSWORD,
        **overrides,
    }
    return client.post(public_url(call), data)


def verify_path(message) -> str:
    found = re.search(r"/accounts/verify/\S+/", message.body)
    assert found, message.body
    return found.group(0)


# --- The public page -----------------------------------------------------------------------


def test_anyone_reads_an_open_call_without_signing_in_and_sees_the_sign_up_form(client, call):
    response = client.get(public_url(call))
    assert response.status_code == 200
    assert call.title in response.text
    assert 'id="signup-form"' in response.text


def test_the_public_page_shows_nothing_of_applicants_or_reviews(client, world, call):
    apply(call, world.outsider, motivation="Motivación privada")
    response = client.get(public_url(call))
    assert world.outsider.email not in response.text
    assert "Motivación privada" not in response.text
    assert "outsider" not in response.text


def test_a_closed_call_says_it_is_closed_and_shows_no_form(client, closed_call):
    response = client.get(public_url(closed_call))
    assert response.status_code == 200
    assert 'id="call-closed"' in response.text
    assert "<form" not in response.text.split('id="call-closed"', 1)[1].split("</main>")[0]
    assert 'id="signup-form"' not in response.text


def test_a_sign_up_to_a_closed_call_is_refused_and_creates_nobody(client, closed_call):
    response = signup(client, closed_call)
    assert response.status_code == 410
    assert not User.objects.filter(email="candidata@example.org").exists()
    assert mail.outbox == []


def test_a_call_not_yet_open_is_not_public(client, world):
    assert client.get(public_url(make_call(world, opens=3, closes=10))).status_code == 404


def test_a_signed_in_person_on_the_public_page_gets_a_link_to_apply(as_persona, call):
    response = as_persona("outsider").get(public_url(call))
    assert 'id="apply-link"' in response.text
    assert 'id="signup-form"' not in response.text


# --- Applying to a closed call ---------------------------------------------------------------


def test_the_application_form_of_a_closed_call_says_closed_and_shows_no_form(
    as_persona, closed_call
):
    response = as_persona("outsider").get(apply_url(closed_call))
    assert response.status_code == 200
    assert 'id="call-closed"' in response.text
    assert 'id="application-form"' not in response.text


def test_a_post_to_apply_to_a_closed_call_is_refused(as_persona, closed_call):
    response = as_persona("outsider").post(apply_url(closed_call), {"motivation": "Tarde"})
    assert response.status_code == 410
    assert not Application.objects.filter(call=closed_call).exists()


# --- Sign-up and verification ----------------------------------------------------------------


def test_sign_up_emails_a_link_that_verifies_signs_in_and_opens_the_application_form(client, call):
    response = signup(client, call)
    assert response.status_code == 200
    assert 'id="signup-sent"' in response.text
    user = User.objects.get(email="candidata@example.org")
    assert not user.is_active and user.check_password(PASSWORD)
    assert user.first_name == "Rosa"
    assert [m.to for m in mail.outbox] == [["candidata@example.org"]]
    path = verify_path(mail.outbox[0])
    assert client.get(reverse("hub:home")).status_code == 302  # not signed in yet

    page = client.get(path)
    assert page.status_code == 200 and 'id="signup-verify"' in page.text
    done = client.post(path, follow=True)
    assert done.redirect_chain[-1][0] == apply_url(call)
    assert 'id="application-form"' in done.text
    user.refresh_from_db()
    assert user.is_active
    assert int(client.session["_auth_user_id"]) == user.pk
    actions = set(
        AuditEntry.objects.filter(action__startswith="accounts.signup").values_list(
            "action", flat=True
        )
    )
    assert actions == {"accounts.signup.started", "accounts.signup.verified"}


def test_an_unverified_account_cannot_sign_in(client, call):
    signup(client, call)
    response = client.post(
        reverse("accounts:login"), {"username": "candidata@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200  # the sign-in form again, with an error
    assert "_auth_user_id" not in client.session


def test_the_verification_link_used_twice_says_so(client, call):
    signup(client, call)
    path = verify_path(mail.outbox[0])
    client.post(path)
    client.logout()
    again = client.post(path)
    assert again.status_code == 410
    assert "already verified" in again.text
    assert "_auth_user_id" not in client.session


def test_an_expired_verification_link_says_so_and_verifies_nothing(client, call, time_machine):
    signup(client, call)
    path = verify_path(mail.outbox[0])
    time_machine.move_to(timezone.now() + timedelta(days=3))
    response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.text
    assert not User.objects.get(email="candidata@example.org").is_active


def test_a_tampered_verification_link_verifies_nothing(client, call):
    signup(client, call)
    path = verify_path(mail.outbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.get(tampered).status_code == 410
    assert client.post(tampered).status_code == 410
    assert not User.objects.get(email="candidata@example.org").is_active


def test_a_verification_link_is_not_an_invitation_link(client, call):
    signup(client, call)
    token = verify_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    response = client.get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 410


def test_only_a_hash_of_the_verification_token_is_stored(client, call):
    signup(client, call)
    token = verify_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    link = Invitation.objects.get(kind=Invitation.Kind.SIGNUP)
    assert token not in link.token_hash
    assert link.next_path == apply_url(call)


def test_signing_up_again_before_verifying_replaces_the_first_link(client, call):
    signup(client, call)
    signup(client, call, first_name="Rosa María")
    first, second = (verify_path(m) for m in mail.outbox)
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 302
    assert User.objects.get(email="candidata@example.org").first_name == "Rosa María"


def test_the_password_is_checked_by_djangos_validators(client, call):
    response = signup(client, call, new_password1="12345678", new_password2="12345678")
    assert response.status_code == 200
    assert 'id="error-summary"' in response.text
    assert not User.objects.filter(email="candidata@example.org").exists()
    assert mail.outbox == []


def test_an_existing_email_gets_the_same_answer_and_a_sign_in_message_instead(client, world, call):
    new = signup(client, call, email="otra@example.org")
    existing = signup(client, call, email="MENTOR@example.org")
    assert new.status_code == existing.status_code == 200
    strip = lambda text: re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", text)  # noqa: E731
    assert strip(new.text) == strip(existing.text)
    sent = {m.to[0]: m for m in mail.outbox}
    assert "/accounts/verify/" not in sent["mentor@example.org"].body
    assert "/accounts/password_reset/" in sent["mentor@example.org"].body
    assert "already have an account" in sent["mentor@example.org"].subject
    world.mentor.refresh_from_db()
    assert world.mentor.is_active and not world.mentor.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.signup.existing").count() == 1


def test_sign_ups_are_rate_limited_per_address_like_the_password_reset(client, call, settings):
    settings.ACCESS_EMAILS_PER_HOUR = 2
    for _ in range(4):
        assert signup(client, call).status_code == 200
    assert len(mail.outbox) == 2


def test_the_verification_email_is_in_the_language_of_the_page(client, call):
    client.cookies["django_language"] = "es"
    signup(client, call)
    assert "Verifica" in mail.outbox[0].subject


# --- The candidate's home --------------------------------------------------------------------


def test_the_home_lists_open_calls_and_the_candidates_own_applications(
    as_persona, world, call, closed_call
):
    applied = make_call(world, title="Convocatoria ya postulada")
    apply(applied, world.outsider)
    response = as_persona("outsider").get(reverse("hub:home"))
    assert response.status_code == 200
    open_calls = response.text.split('id="open-calls"', 1)[1]
    assert call.title in open_calls
    assert closed_call.title not in response.text
    mine = response.text.split('id="my-applications"', 1)[1].split("</section>")[0]
    assert "Convocatoria ya postulada" in mine and "Submitted" in mine
    assert "Convocatoria ya postulada" not in open_calls


def test_a_candidate_whose_calls_are_all_applied_to_is_told_no_call_is_open_now(
    as_persona, world, call, closed_call
):
    apply(call, world.outsider)
    client = as_persona("outsider")
    open_calls = client.get(reverse("hub:home")).text.split('id="open-calls"', 1)[1]
    empty = open_calls.split("</section>")[0]
    assert 'class="empty"' in empty and "No call is open now" in empty
    assert "announce its next call" in empty
    client.cookies["django_language"] = "es"
    assert "No hay ninguna convocatoria abierta" in client.get(reverse("hub:home")).text


def test_the_home_of_a_mentor_of_the_program_does_not_offer_its_calls(as_persona, call):
    response = as_persona("mentor").get(reverse("hub:home"))
    assert 'id="open-calls"' not in response.text


def test_a_mentor_of_another_program_sees_the_call(as_persona, world, call):
    from acompana.programs.tests.factories import ProgramFactory

    MembershipFactory(user=world.outsider, program=ProgramFactory(), role=Role.MENTOR)
    response = as_persona("outsider").get(reverse("hub:home"))
    assert call.title in response.text


def test_opening_the_verification_link_alone_verifies_nothing(client, call):
    """Mail services open links to scan them: only the button verifies."""
    signup(client, call)
    assert client.get(verify_path(mail.outbox[0])).status_code == 200
    assert not User.objects.get(email="candidata@example.org").is_active
    assert "_auth_user_id" not in client.session
