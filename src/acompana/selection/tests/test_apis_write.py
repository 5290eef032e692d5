"""Writes of selection and induction over the API, and the rest of it: opening calls,
applying with evidence, the coordinators' filtered list of applications; creating plans and
sessions, forming and editing breakout groups; readiness; buddy pairs and their meetings;
specialists who accompany mentors. Each endpoint follows the rules of its page."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acompana.accounts.tests.factories import UserFactory
from acompana.api.testing import (
    BASE,
    COORDINATORS_ONLY,
    PERSONAS,
)
from acompana.people.models import BuddyPair, SpecialistAssignment
from acompana.selection.models import Application, Call, Evidence
from acompana.selection.tests.test_apis import apply, make_call, queries
from acompana.visits.tests.test_apis import check_error

CALLS = f"{BASE}/calls/"
APPLICATIONS = f"{BASE}/applications/"
PLANS = f"{BASE}/training/plans/"
SESSIONS = f"{BASE}/training/sessions/"
READINESS = f"{BASE}/training/readiness/"
PAIRS = f"{BASE}/training/buddy-pairs/"
ASSIGNMENTS = f"{BASE}/training/specialist-assignments/"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ok(status: int, created: bool = False) -> int:
    return (201 if created else 200) if status == 200 else status


# --- Calls and applications --------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_open_a_call(api_as, world, cohort, persona, status):
    today = timezone.localdate()
    body = {
        "cohort": cohort.pk,
        "title": "Convocatoria 2027",
        "opens_on": str(today),
        "closes_on": str(today + datetime.timedelta(days=30)),
    }

    response = api_as(persona).post(CALLS, body, format="json")

    if status != 200:
        check_error(response, status)
        assert not Call.objects.exists()
        return
    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert (response.json()["id"], call.title, call.cohort) == (
        call.pk,
        "Convocatoria 2027",
        cohort,
    )


def test_a_call_that_closes_before_it_opens_or_of_another_program_gives_400(api_as, cohort):
    client = api_as("coordinator")
    today = timezone.localdate()
    base = {"cohort": cohort.pk, "title": "x", "opens_on": str(today)}

    backwards = client.post(
        CALLS, {**base, "closes_on": str(today - datetime.timedelta(days=1))}, format="json"
    )
    foreign = client.post(CALLS, {**base, "cohort": 999999, "closes_on": str(today)}, format="json")

    assert backwards.status_code == 400
    assert list(foreign.json()["error"]["fields"]) == ["cohort"]
    assert not Call.objects.exists()


def application_body(call, *files, **overrides):
    body = {
        "call": call.pk,
        "highest_degree": "master",
        "teaching_years": "12.5",
        "management_years": "0",
        "accompaniment_experience": "true",
        "technical_assistance": "false",
        "programs_served": "1",
        "region": "Puno",
        "languages": ["es", "ay"],
        "motivation": "Acompañar a directores rurales",
        "evidence_kind": "degree",
        "evidence": list(files) or [SimpleUploadedFile("titulo.pdf", PDF)],
        **overrides,
    }
    return body


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_signed_in_applies_to_an_open_call_with_evidence(api_as, world, persona):
    call = make_call(world)

    response = api_as(persona).post(APPLICATIONS, application_body(call), format="multipart")

    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert application.candidate == world.persona(persona)
    assert (application.teaching_years, application.languages) == (Decimal("12.5"), ["es", "ay"])
    assert [e.kind for e in application.evidence.all()] == ["degree"]
    assert response.json()["evidence"][0]["name"].endswith(".pdf")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "only PDF"),
        (SimpleUploadedFile("fake.pdf", b"hello"), "not really a PDF"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024)), "larger than 5 MB"),
    ],
)
def test_evidence_is_checked_as_on_the_page(api_as, world, upload, message):
    call = make_call(world)

    response = api_as("outsider").post(
        APPLICATIONS, application_body(call, upload), format="multipart"
    )

    assert response.status_code == 400
    assert message in " ".join(response.json()["error"]["fields"]["evidence"])
    assert not Application.objects.exists() and not Evidence.objects.exists()


def test_an_application_needs_evidence_an_open_call_and_only_one_per_candidate(api_as, world):
    call = make_call(world)
    closed = make_call(world, "Cerrada")
    closed.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    closed.save()
    client = api_as("outsider")
    body = application_body(call)
    del body["evidence"]

    assert client.post(APPLICATIONS, body, format="multipart").status_code == 400
    assert (
        client.post(APPLICATIONS, application_body(closed), format="multipart").status_code == 400
    )
    assert client.post(APPLICATIONS, application_body(call), format="multipart").status_code == 201
    again = client.post(APPLICATIONS, application_body(call), format="multipart")
    assert again.status_code == 400
    missing = client.post(
        APPLICATIONS, {**application_body(call), "call": 999999}, format="multipart"
    )
    check_error(missing, 404)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_list_applications(api_as, world, persona, status):
    apply(make_call(world), world.outsider)

    response = api_as(persona).get(APPLICATIONS)

    if status != 200:
        check_error(response, status)
        return
    (row,) = response.json()["results"]
    assert (row["status"], row["no_management_experience"], row["evidence_count"]) == (
        "submitted",
        True,
        1,
    )


def test_the_application_list_filters_and_costs_the_same_queries_for_few_and_many(api_as, world):
    call = make_call(world)
    client = api_as("coordinator")
    apply(call, UserFactory(first_name="Rosa", last_name="Quispe"))
    few = queries(client, APPLICATIONS)
    for n in range(20):
        apply(call, UserFactory(first_name=f"Gestor{n}"), management_years=Decimal("2"))
    many = queries(client, APPLICATIONS)

    def names(**params):
        rows = client.get(APPLICATIONS, params).json()["results"]
        return [row["candidate"] for row in rows]

    assert many == few <= 6
    assert names(q="quispe") == ["Rosa Quispe"]
    assert names(no_management_experience="true") == ["Rosa Quispe"]
    assert len(names(no_management_experience="false")) == 21
    assert names(status="admitted") == []
    assert len(names(cohort=call.cohort_id, call=call.pk)) == 21
    assert client.get(APPLICATIONS, {"status": "maybe"}).status_code == 400


# --- Authentication and schema -----------------------------------------------------------------


def test_every_new_endpoint_refuses_an_anonymous_caller_with_401(api, world, session):
    pair = BuddyPair.objects.create(
        program=world.program,
        novice=world.mentor_profile,
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 3, 1),
    )
    assignment = SpecialistAssignment.objects.get()
    for method, address in [
        ("post", CALLS),
        ("get", APPLICATIONS),
        ("post", APPLICATIONS),
        ("post", PLANS),
        ("post", SESSIONS),
        ("post", f"{SESSIONS}{session.pk}/groups/"),
        ("post", f"{SESSIONS}{session.pk}/groups/move/"),
        ("get", READINESS),
        ("post", f"{READINESS}sign/"),
        ("post", f"{READINESS}unsign/"),
        ("get", PAIRS),
        ("post", PAIRS),
        ("post", f"{PAIRS}{pair.pk}/end/"),
        ("get", f"{PAIRS}{pair.pk}/meetings/"),
        ("post", f"{PAIRS}{pair.pk}/meetings/"),
        ("get", ASSIGNMENTS),
        ("post", ASSIGNMENTS),
        ("delete", f"{ASSIGNMENTS}{assignment.pk}/"),
    ]:
        response = getattr(api, method)(address, {}, format="json")

        assert response.status_code == 401, (method, address)
        assert response.json()["error"]["code"] == "not_authenticated"


NEW_PATHS = {
    "/api/v1/programs/{program_slug}/calls/": {"get", "post"},
    "/api/v1/programs/{program_slug}/applications/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/plans/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/sessions/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/sessions/{id}/groups/": {"post"},
    "/api/v1/programs/{program_slug}/training/sessions/{id}/groups/move/": {"post"},
    "/api/v1/programs/{program_slug}/training/readiness/": {"get"},
    "/api/v1/programs/{program_slug}/training/readiness/sign/": {"post"},
    "/api/v1/programs/{program_slug}/training/readiness/unsign/": {"post"},
    "/api/v1/programs/{program_slug}/training/buddy-pairs/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/buddy-pairs/{id}/end/": {"post"},
    "/api/v1/programs/{program_slug}/training/buddy-pairs/{id}/meetings/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/specialist-assignments/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/specialist-assignments/{id}/": {"delete"},
}


def test_the_schema_documents_the_new_endpoints_and_the_multipart_application(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]

    for path, methods in NEW_PATHS.items():
        assert set(paths[path]) - {"parameters"} == methods, path
    body = paths["/api/v1/programs/{program_slug}/applications/"]["post"]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]
    assert "/api/v1/programs/{program_slug}/training/buddy-pairs/{id}/" not in paths
    assert "/api/v1/programs/{program_slug}/training/readiness/{id}/" not in paths
