"""A program's time zone and language: set when it is created or changed, validated, and applied
to the requests that open the program (pages and API), for people without a language of their
own; elsewhere, and after the request, the site's."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.accounts.models import Membership, Role
from acompana.accounts.tests.factories import UserFactory
from acompana.common.models import AuditEntry
from acompana.programs.models import Program
from acompana.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

# 00:30 UTC on 2 March: 08:30 in Manila, 19:30 on 1 March in Lima.
AT = datetime.datetime(2026, 3, 2, 0, 30, tzinfo=datetime.UTC)


def _cell(page: str) -> str:
    """The audit entry's time as the page shows it."""
    return page.split("<tbody><tr><td>", 1)[1].split("</td>", 1)[0]


def _audit_page(client, program: Program, *, preferred_language: str = "") -> str:
    user = UserFactory(preferred_language=preferred_language)
    Membership.objects.create(user=user, program=program, role=Role.COORDINATOR)
    entry = AuditEntry.objects.create(action="programs.test", program=program, target_repr="x")
    AuditEntry.objects.filter(pk=entry.pk).update(at=AT)
    client.force_login(user)
    response = client.get(f"/p/{program.slug}/audit/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_programs_pages_show_times_in_its_time_zone_and_its_language(client):
    page = _audit_page(client, ProgramFactory(slug="tip", time_zone="Asia/Manila", language="en"))
    assert "March 2, 2026" in page or "03/02/2026" in page or "3/2/2026" in page, _cell(page)
    assert "8:30" in _cell(page)
    assert '<html lang="en"' in page
    # The request over, the site's time zone is back.
    assert timezone.get_current_timezone_name() == "America/Lima"


def test_a_program_without_a_time_zone_shows_the_sites(client):
    page = _audit_page(client, ProgramFactory(slug="plain"), preferred_language="es")
    assert _cell(page) == "01/03/2026 19:30"


def test_a_persons_own_language_wins_over_the_programs(client):
    program = ProgramFactory(slug="tip", time_zone="Asia/Manila", language="en")
    page = _audit_page(client, program, preferred_language="es")
    assert '<html lang="es"' in page
    assert _cell(page) == "02/03/2026 08:30"


def test_outside_a_request_nothing_is_switched():
    from acompana.programs import locale

    with translation.override("es"):
        locale.apply(ProgramFactory(slug="tip", time_zone="Asia/Manila", language="en"))
        assert translation.get_language() == "es"
    assert timezone.get_current_timezone_name() == "America/Lima"


def _admin() -> APIClient:
    user = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_sets_and_validates_the_time_zone_and_language():
    admin = _admin()
    created = admin.post(
        "/api/v1/programs/",
        {"slug": "tip", "name": "TIP", "time_zone": "Asia/Manila", "language": "en"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["time_zone"] == "Asia/Manila"
    assert created.json()["language"] == "en"
    refused = admin.post(
        "/api/v1/programs/", {"slug": "x", "name": "X", "time_zone": "Mars/Olympus"}, format="json"
    )
    assert refused.status_code == 400
    assert "time_zone" in refused.json()["error"]["fields"]
    assert not Program.objects.filter(slug="x").exists()
    changed = admin.patch("/api/v1/programs/tip/", {"time_zone": "Mars/Olympus"}, format="json")
    assert changed.status_code == 400
    assert Program.objects.get(slug="tip").time_zone == "Asia/Manila"
    changed = admin.patch("/api/v1/programs/tip/", {"time_zone": ""}, format="json")
    assert changed.status_code == 200
    assert Program.objects.get(slug="tip").zone.key == "America/Lima"


def test_createprogram_takes_a_time_zone_and_a_language():
    call_command(
        "createprogram",
        "tip",
        name="TIP",
        coordinator="tip@example.org",
        time_zone="Asia/Manila",
        language="en",
    )
    program = Program.objects.get(slug="tip")
    assert (program.time_zone, program.language) == ("Asia/Manila", "en")


def test_the_jitsi_server_is_an_https_address():
    admin = _admin()
    created = admin.post("/api/v1/programs/", {"slug": "tip", "name": "TIP"}, format="json")
    assert created.status_code == 201
    refused = admin.patch(
        "/api/v1/programs/tip/", {"jitsi_url": "http://meet.example.org"}, format="json"
    )
    assert refused.status_code == 400
    assert "jitsi_url" in refused.json()["error"]["fields"]
    changed = admin.patch(
        "/api/v1/programs/tip/", {"jitsi_url": "https://meet.example.org"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["jitsi_url"] == "https://meet.example.org"
