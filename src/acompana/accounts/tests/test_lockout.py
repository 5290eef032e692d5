"""The lockout counts an email however it is typed, on the sign-in page and on the token API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from acompana.accounts.lockout import lockout_username

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pass-word-123"  # what UserFactory sets
VARIANTS = [
    "mentor@example.org",
    "Mentor@example.org",
    "MENTOR@EXAMPLE.ORG",
    "mentor@Example.org",
    "mEntOr@example.ORG",
    " mentor@example.org ",
]
CASES = [*VARIANTS[:5], "MENTOR@example.org"]  # six spellings that differ only in case


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def sign_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def obtain(email: str, password: str):
    return APIClient().post(TOKEN_URL, {"email": email, "password": password}, format="json")


def test_the_lockout_username_ignores_case_and_surrounding_spaces():
    assert lockout_username(None, {"username": " Mentor@Example.ORG "}) == "mentor@example.org"
    assert lockout_username(None, {"username": None}) is None


def test_failures_in_different_letter_cases_lock_the_sign_in_page(world, client, lockout):
    statuses = [sign_in(client, email, "wrong").status_code for email in VARIANTS[:3]]

    assert statuses == [200, 200, 429]  # the third failure, in a third spelling, locks
    assert sign_in(client, "mentor@example.org", PASSWORD).status_code == 429


@pytest.mark.parametrize("email", VARIANTS)
def test_a_locked_account_cannot_sign_in_on_the_page_in_another_letter_case(
    world, client, lockout, email
):
    for _ in range(3):
        sign_in(client, "mentor@example.org", "wrong")

    response = sign_in(client, email, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_in_different_letter_cases_lock_the_token_api(world, lockout):
    statuses = [obtain(email, "wrong").status_code for email in VARIANTS[3:]]

    assert statuses == [400, 400, 429]
    response = obtain("mentor@example.org", PASSWORD)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"


@pytest.mark.parametrize("email", VARIANTS)
def test_a_locked_account_gets_no_token_in_another_letter_case(world, lockout, email):
    for _ in range(3):
        obtain("MENTOR@example.org", "wrong")

    response = obtain(email, PASSWORD)

    assert response.status_code == 429
    assert "token" not in response.json()


def test_the_page_and_the_api_count_failures_together(world, client, lockout):
    sign_in(client, "Mentor@Example.org", "wrong")
    obtain("mentor@EXAMPLE.org", "wrong")
    sign_in(client, "MENTOR@example.org", "wrong")

    assert obtain("mentor@example.org", PASSWORD).status_code == 429


def test_twenty_four_failures_over_six_letter_cases_lock_the_account(world, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        for email in CASES:
            sign_in(client, email, "wrong")

    assert sign_in(client, "mentor@example.org", PASSWORD).status_code == 429


def test_a_right_password_in_another_case_still_signs_in_before_the_limit(world, client, lockout):
    sign_in(client, "mentor@example.org", "wrong")

    response = sign_in(client, "MENTOR@Example.org", PASSWORD)

    assert response.status_code == 302
