"""Evidence files are private: random storage names, no public URL, downloads only for the
candidate and coordinators, handed to the proxy when one is configured."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from acompana.accounts.tests.factories import UserFactory
from acompana.selection import services

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
RANDOM = re.compile(r"^evidence/\d{4}/[0-9a-f]{32}\.pdf$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_SERVER = ""


@pytest.fixture
def application(world):
    today = timezone.localdate()
    call = services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Convocatoria de mentores 2026",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )
    data = {
        "highest_degree": "doctorate",
        "teaching_years": Decimal("22"),
        "management_years": Decimal("0"),
        "accompaniment_experience": True,
        "technical_assistance": False,
        "programs_served": 0,
        "region": "Cusco",
        "languages": ["es"],
        "motivation": "Quiero acompañar a directores rurales",
        "references": "Dra. Quispe",
    }
    return services.application_submit(
        call=call,
        candidate=world.outsider,
        data=data,
        evidence=[(SimpleUploadedFile("titulo-candidate-1.pdf", PDF), "degree")],
    )


def url(world, application, evidence):
    return reverse("selection:evidence", args=[world.program.slug, application.pk, evidence.pk])


def test_evidence_is_stored_under_a_random_name_and_keeps_the_name_it_was_given(application):
    evidence = application.evidence.get()
    assert RANDOM.match(evidence.file.name), evidence.file.name
    assert "titulo" not in evidence.file.name and "candidate" not in evidence.file.name
    assert evidence.original_name == evidence.filename == "titulo-candidate-1.pdf"


def test_the_application_page_shows_the_original_name(world, application, as_persona):
    page = as_persona("coordinator").get(
        reverse("selection:application", args=[world.program.slug, application.pk])
    )
    body = page.content.decode()
    assert "titulo-candidate-1.pdf" in body
    assert application.evidence.get().file.name not in body


def test_the_candidate_downloads_it_by_its_name_and_no_media_url_serves_it(
    world, application, as_persona, client
):
    evidence = application.evidence.get()
    candidate = as_persona("outsider")
    response = candidate.get(url(world, application, evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="titulo-candidate-1.pdf"' in response["Content-Disposition"]
    assert candidate.get(f"/media/{evidence.file.name}").status_code == 404
    client.logout()
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    assert client.get("/media/evidence/2026/titulo-candidate-1.pdf").status_code == 404


@pytest.mark.parametrize("persona", ["mentor", "mentee", "trainer", "researcher", "specialist"])
def test_members_who_are_not_coordinators_cannot_download_evidence(
    world, application, as_persona, persona
):
    evidence = application.evidence.get()
    assert as_persona(persona).get(url(world, application, evidence)).status_code == 404


def test_another_candidate_cannot_download_evidence(world, application, client):
    client.force_login(UserFactory())
    evidence = application.evidence.get()
    assert client.get(url(world, application, evidence)).status_code == 404


def test_with_nginx_the_evidence_is_handed_to_an_internal_location(
    world, application, as_persona, settings
):
    settings.PRIVATE_FILES_SERVER = "nginx"
    settings.PRIVATE_FILES_INTERNAL_PREFIX = "/protected/"
    evidence = application.evidence.get()
    response = as_persona("coordinator").get(url(world, application, evidence))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{evidence.file.name}"
    assert response.content == b""
    assert 'filename="titulo-candidate-1.pdf"' in response["Content-Disposition"]


def test_the_api_names_evidence_by_the_name_it_was_given(world, application):
    api = APIClient()
    api.force_authenticate(world.coordinator)
    response = api.get(f"/api/v1/programs/test-program/applications/{application.pk}/")
    assert response.status_code == 200, response.content
    assert [e["name"] for e in response.json()["evidence"]] == ["titulo-candidate-1.pdf"]


def test_the_admin_links_evidence_through_the_checked_download(world, application, client):
    from acompana.accounts.tests.factories import UserFactory

    evidence = application.evidence.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for address in (
        reverse("admin:selection_evidence_change", args=[evidence.pk]),
        reverse("admin:selection_application_change", args=[application.pk]),
    ):
        page = client.get(address).content.decode()
        assert url(world, application, evidence) in page
        assert evidence.file.name not in page and "/media/" not in page
