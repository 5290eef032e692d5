"""The PDF documents over the API, with their pages' rules."""

import pytest

from acompana.agreements import services as agreements
from acompana.api.testing import BASE

pytestmark = pytest.mark.django_db

DOCS = f"{BASE}/documents"


@pytest.fixture
def agreement(world):
    template = agreements.template_defaults_ensure(program=world.program)[0]
    return agreements.agreement_issue(
        partnership=world.mentee_profile.partnerships.get(),
        template=template,
        actor=world.coordinator,
        notify=False,
    )


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200), ("mentor", 403)])
def test_the_annual_report_for_coordinators(world, api_as, persona, status):
    cohort = world.program.cohorts.get()
    answer = api_as(persona).get(f"{DOCS}/annual-report/?cohort={cohort.pk}")
    assert answer.status_code == status
    if status == 200:
        assert answer["Content-Type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("persona", "status"), [("mentee", 200), ("mentor", 200), ("specialist", 403)]
)
def test_the_agreement_and_the_record_of_visits(world, api_as, agreement, persona, status):
    client = api_as(persona)
    assert client.get(f"{DOCS}/agreement/?agreement={agreement.pk}").status_code == status
    record = client.get(f"{DOCS}/mentee-record/?mentee={world.mentee_profile.code}")
    assert record.status_code == status


def test_a_missing_or_foreign_parameter_is_refused(api_as):
    client = api_as("coordinator")
    assert client.get(f"{DOCS}/annual-report/").status_code == 400
    assert client.get(f"{DOCS}/annual-report/?cohort=999999").status_code == 400
    assert client.get(f"{DOCS}/mentee-record/?mentee=NOPE").status_code == 404
