"""Uploads in an S3-compatible bucket (several app servers share it): a local S3 server (moto's)
stands in for the object store; files are private and only the checking views hand them out."""

import socket
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from acompana.config import settings as project_settings
from acompana.costs.models import Expense
from acompana.costs.tests.factories import PDF

BASE = "/p/test-program/costs"
BUCKET = "acompana-files"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, and the project's S3 settings pointing at it."""
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    s3 = boto3.resource("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **keys)
    store = s3.Bucket(BUCKET)
    if store.creation_date is None:
        store.create()
    store.objects.all().delete()
    options = {
        **project_settings._S3_FILES["OPTIONS"],
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**project_settings._S3_FILES, "OPTIONS": options},
    }
    return store


def test_the_s3_option_is_private_and_signs_every_url():
    options = project_settings._S3_FILES["OPTIONS"]
    assert project_settings._S3_FILES["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_a_receipt_goes_to_the_bucket_and_comes_back_only_through_the_checking_view(
    bucket, as_persona, world
):
    mentor = as_persona("mentor")
    response = mentor.post(
        f"{BASE}/expenses/",
        {
            "spent_on": "2026-05-04",
            "category": "travel",
            "amount": "38.50",
            "description": "Combi a Ccatcca",
            "receipt": SimpleUploadedFile("boleta.pdf", PDF),
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    stored = [item.key for item in bucket.objects.all()]
    assert stored == [expense.receipt.name]  # a random name, not "boleta.pdf"
    assert "boleta" not in expense.receipt.name

    download = mentor.get(f"{BASE}/expenses/{expense.pk}/receipt/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="boleta.pdf"' in download["Content-Disposition"]
    coordinator = as_persona("coordinator").get(f"{BASE}/expenses/{expense.pk}/receipt/")
    assert b"".join(coordinator.streaming_content) == PDF

    # A member with no right to it is refused; someone outside the program does not see it.
    assert as_persona("mentee").get(f"{BASE}/expenses/{expense.pk}/receipt/").status_code == 403
    assert as_persona("outsider").get(f"{BASE}/expenses/{expense.pk}/receipt/").status_code == 404

    # The object itself is private: its plain address answers 403 to anyone without the keys.
    plain = f"{bucket.meta.client.meta.endpoint_url}/{BUCKET}/{expense.receipt.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain, timeout=10)
    assert refused.value.code == 403
