"""Personnel rates over the API (coordinators): add, list, change with the version read (409
when stale), refuse an overlap, delete; the cost report gives the personnel cost."""

import datetime
from decimal import Decimal

import pytest

from acompana.api.testing import BASE
from acompana.costs.tests.factories import TimeLogFactory

pytestmark = pytest.mark.django_db

URL = f"{BASE}/costs/personnel-rates/"


def rate(**extra):
    return {"basis": "hour", "amount": "20.00", "valid_from": "2026-01-01"} | extra


def test_coordinators_add_change_and_delete_rates(world, api_as):
    client = api_as("coordinator")
    made = client.post(URL, rate(valid_to="2026-06-30"), format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["mentor"] is None and made.json()["version"] == 1
    overlap = client.post(URL, rate(valid_from="2026-06-30"), format="json")
    assert overlap.status_code == 400
    own = client.post(
        URL, rate(mentor=world.mentor_profile.code, basis="visit", amount="50"), format="json"
    )
    assert own.status_code == 201 and own.json()["mentor"] == world.mentor_profile.code
    assert len(client.get(URL).json()["results"]) == 2
    changed = client.put(f"{URL}{pk}/", rate(amount="25.00", version=1), format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(f"{URL}{pk}/", rate(amount="30.00", version=1), format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["amount"] == "25.00"
    TimeLogFactory(
        mentor=world.other_mentor_profile, hours=Decimal("2"), worked_on=datetime.date(2026, 3, 2)
    )
    report = client.get(f"{BASE}/costs/report/?year=2026").json()
    assert report["personnel_cost"] == "50.00"  # 2 h x 25
    assert client.delete(f"{URL}{pk}/").status_code == 204


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("outsider", 404)])
def test_others_cannot_read_or_set_rates(api_as, persona, status):
    client = api_as(persona)
    assert client.get(URL).status_code == status
    assert client.post(URL, rate(), format="json").status_code == status


def test_a_rate_for_a_mentor_of_another_program_is_refused(world, api_as):
    answer = api_as("coordinator").post(URL, rate(mentor="NOPE"), format="json")
    assert answer.status_code == 400
