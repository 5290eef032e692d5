"""Every operation of the API, fuzzed with Schemathesis from the published schema.

For each persona (a coordinator, a mentor and a principal: the mentee) and each operation of
/api/schema/, Schemathesis generates requests, valid ones and invalid ones, and checks the
answers: no 5xx, a status the schema documents, and a body that matches the schema for that
status. Writes (POST, PUT, PATCH, DELETE) run too: the test database is thrown away.

The requests go to the project's WSGI application in-process (``schemathesis.openapi.
from_wsgi``), the same Django stack a live server runs (middleware, authentication, the
exception handler), without a server thread competing for the test database.

Bounded for the normal suite: ``FUZZ_EXAMPLES`` examples per operation, mode and persona
(default 3), a fixed seed so that a run is repeatable, and ``FUZZ_BUDGET`` seconds (default
600) after which no further operation is started. ``make fuzz`` runs the same test with more
examples, a random seed and a longer budget.
"""

import os
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# Seconds after which no further operation is started (the count printed says how many ran).
BUDGET = float(os.environ.get("FUZZ_BUDGET", "600"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") not in ("", "0")
PERSONAS = ("coordinator", "mentor", "mentee")
CHECKS: list[Callable[..., Any]] = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
]
# Operations left out, each with its reason. Every other operation is fuzzed.
EXCLUDED: dict[tuple[str, str], str] = {
    # Revoking the token would sign the persona out for the rest of the run.
    ("DELETE", "/api/v1/auth/token/"): "revokes the token the run signs in with",
}


class FuzzSummary(UserWarning):
    """What the fuzzing run covered (reported, not a problem)."""


@pytest.fixture
def api_schema(db, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    # Each WSGI request ends by closing "old" database connections, which on PostgreSQL would
    # close the test's own connection inside its transaction; Django's test client unhooks
    # the same handlers.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def run_operation(
    operation: Any, mode: GenerationMode, token: str, program: str, failures: list[str]
) -> int:
    """Fuzz one operation as one persona; return how many requests were sent."""
    sent = 0
    # Inside the persona's program, or nearly every request would stop at the 404 of a
    # program that does not exist.
    fixed = {"program_slug": program} if "{program_slug}" in operation.path else None

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    def fuzz(case: Any) -> None:
        nonlocal sent
        sent += 1
        response = case.call(headers={"Authorization": f"Token {token}"})
        case.validate_response(response, checks=CHECKS)

    try:
        fuzz()
    except hypothesis.errors.Unsatisfiable:
        pass  # no invalid request can be made (e.g. only string path parameters): nothing to do
    except (Exception, BaseExceptionGroup) as exc:  # every failure is reported, the run goes on
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        failures.append(f"{operation.method.upper()} {operation.path} [{mode}]: {summary[:2000]}")
    return sent


def test_no_operation_answers_5xx_or_outside_its_schema(api_schema, world, capsys):
    tokens = {
        name: Token.objects.get_or_create(user=world.persona(name))[0].key for name in PERSONAS
    }
    operations = [result.ok() for result in api_schema.get_all_operations()]
    covered = [op for op in operations if (op.method.upper(), op.path) not in EXCLUDED]
    failures: list[str] = []
    requests = 0
    ran: set[tuple[str, str]] = set()
    deadline = time.monotonic() + BUDGET
    for persona in PERSONAS:
        for operation in covered:
            if time.monotonic() > deadline:
                break
            ran.add((operation.method.upper(), operation.path))
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                requests += run_operation(
                    operation, mode, tokens[persona], world.program.slug, failures
                )

    summary = (
        f"schemathesis: {len(ran)} operations covered "
        f"(of {len(operations)}; {len(EXCLUDED)} excluded), {requests} requests, "
        f"{len(failures)} failures"
    )
    with capsys.disabled():
        print(f"\n{summary}")
    # Also in the warnings summary: with pytest-xdist (make test) a worker's output is not shown.
    warnings.warn(FuzzSummary(summary), stacklevel=1)
    assert not failures, "\n\n".join(failures)
