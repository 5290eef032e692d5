import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.core.management import CommandError, call_command
from django.db import connection

from acompana.accounts.tests.factories import UserFactory
from acompana.config import settings as project_settings
from acompana.config.serving import Serving, connection_problem

pytestmark = pytest.mark.django_db


def _serving(**changes):
    values = dict(
        bind="127.0.0.1:8000",
        workers=5,
        threads=2,
        app_servers=1,
        task_workers=1,
        reserved=5,
        pgbouncer=False,
    )
    return Serving(**{**values, **changes})


def test_connections_count_every_thread_of_every_app_server_and_every_task_worker():
    serving = _serving(app_servers=3, workers=5, threads=2, task_workers=4, reserved=5)
    assert serving.connections == 3 * 5 * 2 + 4 + 5


def test_more_connections_than_postgresql_accepts_is_refused_with_the_sum():
    problem = connection_problem(_serving(app_servers=10), max_connections=97)
    assert "10 app server(s) x 5 workers x 2 threads" in problem
    assert "= 106 connections, but PostgreSQL accepts 97" in problem
    assert connection_problem(_serving(app_servers=9), max_connections=97) == ""


def test_behind_pgbouncer_the_pool_bounds_the_connections_and_nothing_is_refused():
    assert connection_problem(_serving(app_servers=10, pgbouncer=True), max_connections=97) == ""


def test_serve_checks_the_connections_against_the_database(monkeypatch, capsys):
    monkeypatch.setenv("WEB_WORKERS", "3")
    monkeypatch.setenv("WEB_THREADS", "2")
    call_command("serve", "--check")
    assert "3 workers x 2 threads" in capsys.readouterr().out
    if connection.vendor != "postgresql":
        return
    monkeypatch.setenv("WEB_WORKERS", "1000")
    with pytest.raises(CommandError, match="lower WEB_WORKERS or WEB_THREADS"):
        call_command("serve", "--check")


def test_passwords_are_hashed_with_owasps_argon2id_parameters(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    params = argon2.extract_parameters(make_password("pass-word-123").removeprefix("argon2"))
    assert params.type is argon2.Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)


def test_a_hash_with_djangos_heavier_parameters_still_signs_in_and_is_upgraded(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory()
    user.password = Argon2PasswordHasher().encode("pass-word-123", Argon2PasswordHasher().salt())
    user.save()
    assert "m=102400,t=2,p=8" in user.password
    assert user.check_password("pass-word-123")
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
    assert user.check_password("pass-word-123")
