"""Every error, whatever its cause, comes as {"error": {"code", "message", "fields"?}}."""

import pytest

from acompana.api.tests.conftest import BASE

NOT_FOUND = {"error": {"code": "not_found", "message": "Not found."}}
FORBIDDEN = {
    "error": {
        "code": "permission_denied",
        "message": "You do not have permission to perform this action.",
    }
}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/no-such-program/",
        f"{BASE}/mentors/NO-SUCH-CODE/",
        f"{BASE}/mentees/NO-SUCH-CODE/",
        f"{BASE}/schools/NO-SUCH-CODE/",
        f"{BASE}/cohorts/999999/",
        f"{BASE}/cohorts/not-a-number/",
    ],
)
def test_something_that_does_not_exist_gives_404_in_the_error_format(api_as, world, url):
    response = api_as("coordinator").get(url)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_program_the_caller_is_not_in_gives_the_plain_404(api_as, world):
    response = api_as("outsider").get(f"{BASE}/mentors/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_role_that_may_not_see_a_resource_gives_403_in_the_error_format(api_as, world):
    response = api_as("researcher").get(f"{BASE}/mentors/")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_a_page_past_the_end_gives_404_in_the_error_format(api_as, world):
    response = api_as("coordinator").get(f"{BASE}/mentors/", {"page": 99})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("resource", "params", "field"),
    [
        ("mentors", {"experience": "wizard"}, "experience"),
        ("mentors", {"region": "north"}, "region"),
        ("mentors", {"cohort": "0"}, "cohort"),
        ("mentees", {"position": "janitor"}, "position"),
        ("mentees", {"cohort": "last"}, "cohort"),
    ],
)
def test_a_bad_filter_gives_400_naming_the_field(api_as, world, resource, params, field):
    response = api_as("coordinator").get(f"{BASE}/{resource}/", params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "The request is not valid."
    assert list(error["fields"]) == [field]
    assert isinstance(error["fields"][field][0], str)


def test_a_bad_filter_is_checked_after_the_permission(api_as, world):
    response = api_as("outsider").get(f"{BASE}/mentors/", {"experience": "wizard"})

    assert response.status_code == 404


def test_a_browser_gets_errors_as_json_too(api_as, world):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    response = api_as("coordinator").get(f"{BASE}/mentors/NO-SUCH-CODE/", HTTP_ACCEPT=browser)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_writing_is_not_allowed_and_says_so_in_the_error_format(api_as, world):
    response = api_as("coordinator").post(f"{BASE}/mentors/", {}, format="json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
