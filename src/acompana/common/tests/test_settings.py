import os
import subprocess
import sys

import pytest

from acompana.config.env import env_bool, env_int, env_list
from acompana.config.settings import _email_settings


def test_booleans_integers_and_lists_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example.org, b.example.org,")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a.example.org", "b.example.org"]


def test_a_malformed_value_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ValueError, match="X_BOOL must be a boolean"):
        env_bool("X_BOOL")


def test_email_urls_configure_smtp_with_tls():
    config = _email_settings("smtp://user%40x:p%40ss@mail.example.org:587?tls=1")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 587
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("user@x", "p@ss")
    assert config["EMAIL_USE_TLS"] is True


def test_a_postgres_database_url_is_understood(monkeypatch):
    import dj_database_url

    db = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/acompana")
    assert (db["ENGINE"], db["NAME"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "acompana",
        5432,
    )


def test_the_deployment_check_is_clean_when_debug_is_off(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-0123456789",
        "ALLOWED_HOSTS": "acompana.example.org",
        "ACOMPANA_VAR_DIR": str(tmp_path),
    }
    for name in ("HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter is set for browser tests
        env.pop(name, None)
    # What `acompana collectstatic` leaves in STATIC_ROOT (a deployment runs it before this).
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    out = subprocess.run(
        [sys.executable, "-m", "acompana", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_a_development_secret_is_generated_once_and_reused(tmp_path, monkeypatch):
    from acompana.config.env import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
