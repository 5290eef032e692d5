"""Obtaining, using and revoking API tokens."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.accounts.tests.factories import UserFactory
from acompana.common.models import AuditEntry

TOKEN_URL = "/api/v1/auth/token/"
PROGRAMS_URL = "/api/v1/programs/"
PASSWORD = "pass-word-123"  # what UserFactory sets


def obtain(api, email: str, password: str = PASSWORD):
    return api.post(TOKEN_URL, {"email": email, "password": password}, format="json")


def test_the_right_password_gives_a_token(api, world):
    response = obtain(api, "mentor@example.org")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=world.mentor).key}


def test_asking_twice_gives_the_same_token(api, world):
    first = obtain(api, "mentor@example.org").json()["token"]
    second = obtain(api, "mentor@example.org").json()["token"]

    assert first == second


def test_the_email_is_matched_whatever_its_case(api, world):
    response = obtain(api, "Mentor@Example.ORG")

    assert response.status_code == 200


def test_a_wrong_password_gives_a_validation_error_and_no_token(api, world):
    response = obtain(api, "mentor@example.org", "not-the-password")

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "The request is not valid.",
            "fields": {"non_field_errors": ["Wrong email or password."]},
        }
    }
    assert not Token.objects.exists()


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(api, world):
    unknown = obtain(api, "nobody@example.org")
    wrong = obtain(api, "mentor@example.org", "not-the-password")

    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()


def test_an_inactive_user_gets_no_token(api, db):
    UserFactory(email="gone@example.org", is_active=False)

    response = obtain(api, "gone@example.org")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["Wrong email or password."]}
    assert not Token.objects.exists()


def test_a_request_without_email_or_password_lists_the_missing_fields(api, db):
    response = api.post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"email", "password"}


def test_the_token_authenticates_requests_in_the_authorization_header(api, world):
    token = obtain(api, "coordinator@example.org").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.get(PROGRAMS_URL)

    assert response.status_code == 200
    assert [program["slug"] for program in response.json()["results"]] == ["test-program"]


def test_deleting_the_token_revokes_it(api, world):
    token = obtain(api, "mentor@example.org").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api.delete(TOKEN_URL).status_code == 204
    response = api.get(PROGRAMS_URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert not Token.objects.filter(user=world.mentor).exists()


def test_revoking_a_token_is_audited(api, world):
    token = obtain(api, "mentor@example.org").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    api.delete(TOKEN_URL)

    assert AuditEntry.objects.filter(action="api.token.revoked", actor=world.mentor).exists()


def test_a_revoked_token_still_in_the_header_does_not_stop_asking_for_a_new_one(api, world):
    old = obtain(api, "mentor@example.org").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    api.delete(TOKEN_URL)

    response = obtain(api, "mentor@example.org")

    assert response.status_code == 200
    assert response.json()["token"] != old


def test_an_anonymous_delete_is_refused_with_401(api, db):
    response = api.delete(TOKEN_URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_token_of_a_user_made_inactive_stops_working(api, world):
    token = obtain(api, "mentor@example.org").json()["token"]
    world.mentor.is_active = False
    world.mentor.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.get(PROGRAMS_URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        PROGRAMS_URL,
        "/api/v1/programs/test-program/",
        "/api/v1/programs/test-program/cohorts/",
        "/api/v1/programs/test-program/schools/",
        "/api/v1/programs/test-program/mentors/",
        "/api/v1/programs/test-program/mentees/",
    ],
)
def test_an_anonymous_request_gets_401_in_the_error_format(api, world, url):
    response = api.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    }


def test_a_made_up_token_gets_401_in_the_error_format(api, world):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = api.get(PROGRAMS_URL)

    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "authentication_failed", "message": "Invalid token."}
    }


def test_a_browser_session_cannot_revoke_the_token_without_the_csrf_token(world):
    browser = APIClient(enforce_csrf_checks=True)
    Token.objects.create(user=world.mentor)
    browser.force_login(world.mentor)

    without_csrf = browser.delete(TOKEN_URL)

    assert without_csrf.status_code == 403
    assert without_csrf.json()["error"]["code"] == "permission_denied"
    assert Token.objects.filter(user=world.mentor).exists()


def test_a_signed_in_browser_session_also_works(client, world):
    client.force_login(world.coordinator)

    response = client.get(PROGRAMS_URL)

    assert response.status_code == 200
