"""Receipts are private: random storage names, no public URL, downloads only for those the
expense's permission check lets through, handed to the proxy when one is configured."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from acompana.costs import services
from acompana.costs.models import Expense
from acompana.costs.tests.factories import PDF

BASE = "/p/test-program/costs"
API = "/api/v1/programs/test-program/costs"
RANDOM = re.compile(r"^receipts/\d{4}/[0-9a-f]{32}\.pdf$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_SERVER = ""


def record(as_persona, name="boleta-Rosa-Quispe.pdf"):
    client = as_persona("mentor")
    client.post(
        f"{BASE}/expenses/",
        {
            "spent_on": "2026-05-04",
            "category": "travel",
            "amount": "38.50",
            "description": "Combi a Ccatcca",
            "receipt": SimpleUploadedFile(name, PDF),
        },
    )
    return Expense.objects.get()


def test_a_receipt_is_stored_under_a_random_name_and_keeps_the_name_it_was_given(as_persona):
    expense = record(as_persona)
    assert RANDOM.match(expense.receipt.name), expense.receipt.name
    assert "Rosa" not in expense.receipt.name
    assert expense.receipt_original_name == "boleta-Rosa-Quispe.pdf"
    assert expense.receipt_name == "boleta-Rosa-Quispe.pdf"


def test_two_receipts_with_the_same_name_get_unrelated_names(world):
    names = set()
    for _ in range(2):
        expense = services.expense_create(
            mentor=world.mentor_profile,
            spent_on=datetime.date(2026, 5, 4),
            category="travel",
            amount=Decimal("10"),
            description="Pasaje",
            receipt=SimpleUploadedFile("boleta.pdf", PDF),
            actor=world.mentor,
        )
        names.add(expense.receipt.name)
    assert len(names) == 2


def test_the_download_gives_the_original_name_and_no_media_url_serves_the_file(as_persona, client):
    expense = record(as_persona)
    mentor = as_persona("mentor")
    response = mentor.get(f"{BASE}/expenses/{expense.pk}/receipt/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="boleta-Rosa-Quispe.pdf"' in response["Content-Disposition"]
    assert mentor.get(f"/media/{expense.receipt.name}").status_code == 404
    assert client.get(f"/media/{expense.receipt.name}").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("mentee", 403)])
def test_others_cannot_download_the_receipt(as_persona, persona, status):
    expense = record(as_persona)
    assert as_persona(persona).get(f"{BASE}/expenses/{expense.pk}/receipt/").status_code == status


def test_another_mentor_cannot_download_the_receipt(as_persona, world):
    expense = record(as_persona)
    other = APIClient()
    other.force_login(world.other_mentor_profile.user)
    assert other.get(f"{BASE}/expenses/{expense.pk}/receipt/").status_code == 404
    assert other.get(f"{API}/expenses/{expense.pk}/receipt/").status_code == 404


def test_with_nginx_the_page_and_the_api_hand_the_receipt_to_an_internal_location(
    as_persona, world, settings
):
    expense = record(as_persona)
    settings.PRIVATE_FILES_SERVER = "nginx"
    page = as_persona("coordinator").get(f"{BASE}/expenses/{expense.pk}/receipt/")
    api = APIClient()
    api.force_authenticate(world.coordinator)
    through_api = api.get(f"{API}/expenses/{expense.pk}/receipt/")
    for response in [page, through_api]:
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/private-media/{expense.receipt.name}"
        assert response.content == b""
        assert 'filename="boleta-Rosa-Quispe.pdf"' in response["Content-Disposition"]


def test_with_apache_the_receipt_is_named_by_x_sendfile(as_persona, settings):
    expense = record(as_persona)
    settings.PRIVATE_FILES_SERVER = "apache"
    response = as_persona("coordinator").get(f"{BASE}/expenses/{expense.pk}/receipt/")
    assert response["X-Sendfile"] == expense.receipt.path


def test_the_admin_links_the_receipt_through_the_checked_download(as_persona, client, world):
    from acompana.accounts.tests.factories import UserFactory

    expense = record(as_persona)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:costs_expense_change", args=[expense.pk])).content.decode()
    assert reverse("costs:receipt", args=[world.program.slug, expense.pk]) in page
    assert expense.receipt.name not in page and "/media/" not in page
