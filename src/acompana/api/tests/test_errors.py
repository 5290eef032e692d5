"""Every error, whatever its cause, comes as {"error": {"code", "message", "fields"?}}."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework import serializers

from acompana.api.errors import exception_handler
from acompana.api.testing import BASE

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
    response = api_as("coordinator").delete(f"{BASE}/schools/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


# --- What services raise, through the one exception handler ------------------------------------


class ConflictingView:
    def conflict_representation(self, current):
        return {"saved": current}


class StaleRecord(Exception):
    def __init__(self, current):
        super().__init__("stale")
        self.current = current


def handle(exc, view=None):
    return exception_handler(exc, {"view": view})


def test_a_service_validation_error_with_fields_gives_400_naming_them():
    response = handle(ValidationError({"ends_on": ["Ends before it starts."]}))

    assert response.status_code == 400
    assert response.data == {
        "error": {
            "code": "invalid",
            "message": "The request is not valid.",
            "fields": {"ends_on": ["Ends before it starts."]},
        }
    }


def test_a_service_validation_error_without_fields_gives_400_with_non_field_errors():
    response = handle(ValidationError("Closed."))

    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"non_field_errors": ["Closed."]}


def test_a_service_conflict_gives_409_with_what_is_saved_now():
    response = handle(StaleRecord(current=7), ConflictingView())

    assert response.status_code == 409
    error = response.data["error"]
    assert error["code"] == "conflict"
    assert error["current"] == {"saved": 7}


def test_a_conflict_coded_validation_error_keeps_its_message_in_the_409():
    exc = ValidationError("Decided by someone else.", code="conflict")
    exc.current = 3

    response = handle(exc, ConflictingView())

    assert response.status_code == 409
    assert response.data["error"]["message"] == "Decided by someone else."


def test_a_conflict_where_the_view_cannot_show_the_current_record_stays_a_400():
    response = handle(ValidationError("Changed.", code="stale"), object())

    assert response.status_code == 400


def test_an_unexpected_exception_is_left_to_django():
    assert handle(RuntimeError("boom")) is None


class RoundView:
    action = "create"
    service_error_fields = {"create": "ends_on"}


def test_a_service_error_naming_no_field_is_given_the_field_the_view_names_for_the_action():
    response = handle(ValidationError("Ends before it starts."), RoundView())

    assert response.data["error"]["fields"] == {"ends_on": ["Ends before it starts."]}


def test_errors_inside_a_list_stay_under_their_field_led_by_their_path():
    exc = serializers.ValidationError(
        {
            "participants": {0: ["A valid integer is required."]},
            "answers": [{}, {"level": ["Bad."]}],
            "steps": {"non_field_errors": ["At least one step."]},
        }
    )

    response = handle(exc)

    assert response.data["error"]["fields"] == {
        "participants": ["0: A valid integer is required."],
        "answers": ["1.level: Bad."],
        "steps": ["At least one step."],
    }
