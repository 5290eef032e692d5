"""Private files: random storage names and downloads handed out only after a view's check."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory

from acompana.common.files import (
    RandomName,
    original_filename,
    private_file_response,
    random_storage_name,
)

RANDOM = re.compile(r"^receipts/\d{4}/[0-9a-f]{32}\.pdf$")


@pytest.fixture
def stored(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    storage = FileSystemStorage(location=tmp_path)
    (tmp_path / "receipts" / "2026").mkdir(parents=True)
    (tmp_path / "receipts" / "2026" / "0123abcd.pdf").write_bytes(b"%PDF-1.7 receipt")
    field = models.FileField(storage=storage)
    field.name = "receipt"
    return FieldFile(None, field, "receipts/2026/0123abcd.pdf")


def test_a_storage_name_is_random_and_keeps_only_a_plain_extension():
    names = {random_storage_name("receipts", "boleta-Rosa Quispe.PDF") for _ in range(50)}
    assert len(names) == 50
    assert all(RANDOM.match(name) for name in names)
    assert "Rosa" not in "".join(names)
    for odd in ["sin-extension", "titulo.pdf;.exe x", "notas.<script>"]:
        assert re.match(r"^evidence/\d{4}/[0-9a-f]{32}$", random_storage_name("evidence", odd))


def test_the_upload_to_is_random_and_can_be_written_into_migrations():
    upload_to = RandomName("evidence")
    assert upload_to(None, "titulo-candidate-1.pdf") != upload_to(None, "titulo-candidate-1.pdf")
    path, args, _kwargs = upload_to.deconstruct()
    assert (path, args) == ("acompana.common.files.RandomName", ("evidence",))
    assert upload_to == RandomName("evidence")


def test_the_original_file_name_loses_any_folder():
    assert original_filename("C:\\Users\\rosa\\boleta.pdf") == "boleta.pdf"
    assert original_filename("../../etc/passwd") == "passwd"
    assert original_filename("", default="receipt") == "receipt"


def test_django_streams_the_file_with_its_original_name(stored, settings):
    settings.PRIVATE_FILES_SERVER = ""
    response = private_file_response(RequestFactory().get("/"), stored, "boleta de Rosa.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 receipt"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "boleta" in response["Content-Disposition"]
    assert "0123abcd" not in response["Content-Disposition"]


def test_nginx_sends_the_file_through_an_internal_location(stored, settings):
    settings.PRIVATE_FILES_SERVER = "nginx"
    settings.PRIVATE_FILES_INTERNAL_PREFIX = "/private-media/"
    response = private_file_response(RequestFactory().get("/"), stored, "boleta.pdf")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/private-media/receipts/2026/0123abcd.pdf"
    assert response["Content-Disposition"] == 'attachment; filename="boleta.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_apache_sends_the_file_named_by_x_sendfile(stored, settings, tmp_path):
    settings.PRIVATE_FILES_SERVER = "apache"
    response = private_file_response(RequestFactory().get("/"), stored, "boleta.pdf")
    assert response.content == b""
    assert response["X-Sendfile"] == str(tmp_path / "receipts" / "2026" / "0123abcd.pdf")


def test_a_missing_file_is_not_found(stored, settings, tmp_path):
    (tmp_path / "receipts" / "2026" / "0123abcd.pdf").unlink()
    for server in ["", "nginx"]:
        settings.PRIVATE_FILES_SERVER = server
        with pytest.raises(Http404):
            private_file_response(RequestFactory().get("/"), stored, "boleta.pdf")


def test_an_unknown_file_server_is_a_configuration_error(stored, settings):
    settings.PRIVATE_FILES_SERVER = "lighttpd"
    with pytest.raises(ImproperlyConfigured):
        private_file_response(RequestFactory().get("/"), stored, "boleta.pdf")
