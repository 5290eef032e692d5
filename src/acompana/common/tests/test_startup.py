"""A production start (DEBUG off) without collected static files fails at once, clearly."""

import json
import os
import runpy
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from acompana.config.startup import (
    MANIFEST_CHECK_ID,
    check_static_manifest,
    require_static_manifest,
    static_manifest_missing,
)

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static(settings, tmp_path):
    """The static files settings of DEBUG=false, with an empty STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    return tmp_path


def collect(static_root):
    (static_root / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1"}))


def test_without_the_manifest_the_problem_is_named_with_the_command_that_fixes_it(
    production_static,
):
    problem = static_manifest_missing()
    assert problem is not None
    assert str(production_static / "staticfiles.json") in problem
    assert "acompana collectstatic --noinput" in problem


def test_the_deployment_check_reports_a_missing_manifest_as_an_error(production_static):
    errors = check_static_manifest()
    assert [(e.id, e.is_serious()) for e in errors] == [(MANIFEST_CHECK_ID, True)]
    collect(production_static)
    assert check_static_manifest() == []


def test_starting_without_the_manifest_raises_a_configuration_error(production_static):
    with pytest.raises(ImproperlyConfigured, match="collectstatic"):
        require_static_manifest()
    collect(production_static)
    require_static_manifest()


@pytest.mark.parametrize("module", ["acompana.config.wsgi", "acompana.config.asgi"])
def test_the_app_servers_entry_points_refuse_to_start_without_the_manifest(
    production_static, module
):
    with pytest.raises(ImproperlyConfigured, match=r"staticfiles\.json"):
        runpy.run_module(module)
    collect(production_static)
    assert runpy.run_module(module)["application"] is not None


def test_with_debug_on_no_manifest_is_needed(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert static_manifest_missing() is None
    assert check_static_manifest() == []


def test_check_deploy_fails_with_debug_off_before_collectstatic(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-0123456789",
        "ALLOWED_HOSTS": "acompana.example.org",
        "ACOMPANA_VAR_DIR": str(tmp_path),
    }
    env.pop("HTTPS", None)
    out = subprocess.run(
        [sys.executable, "-m", "acompana", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert MANIFEST_CHECK_ID in out.stderr + out.stdout
    assert "acompana collectstatic --noinput" in out.stderr + out.stdout
