"""The OpenAPI schema documents every app's endpoints, writes included."""

import json

import pytest

P = "/api/v1/programs/{program_slug}"
WRITES = {
    "/api/v1/programs/": {"post"},
    "/api/v1/programs/{slug}/": {"patch"},
    f"{P}/cohorts/": {"post"},
    f"{P}/cohorts/{{id}}/": {"patch"},
    f"{P}/mentors/": {"post"},
    f"{P}/mentors/{{code}}/": {"patch"},
    f"{P}/mentees/": {"post"},
    f"{P}/mentees/{{code}}/": {"patch"},
    f"{P}/imports/": {"post"},
    f"{P}/imports/preview/": {"post"},
    f"{P}/calls/{{id}}/rubric/": {"get", "put"},
    "/api/v1/frameworks/{slug}/{kind}/{item_id}/": {"get", "patch"},
    f"{P}/matching/runs/": {"get", "post"},
    f"{P}/matching/runs/settings/": {"get"},
    f"{P}/matching/runs/{{id}}/": {"get"},
    f"{P}/matching/runs/{{id}}/proposals/": {"get"},
    f"{P}/matching/runs/{{id}}/proposals/{{proposal_id}}/": {"get"},
    f"{P}/matching/runs/{{id}}/proposals/{{proposal_id}}/lock/": {"post"},
    f"{P}/matching/runs/{{id}}/proposals/{{proposal_id}}/exclude/": {"post"},
    f"{P}/matching/runs/{{id}}/swap/": {"post"},
    f"{P}/matching/runs/{{id}}/publish/": {"post"},
    f"{P}/matching/partnerships/": {"get"},
    f"{P}/reports/mentor-experience/": {"get"},
    f"{P}/reports/coverage/": {"get"},
}
APPS = [
    "frameworks", "cohorts", "schools", "mentors", "mentees", "imports", "calls", "applications",
    "training", "matching", "visits", "rounds", "agreements", "group-sessions", "surveys",
    "costs", "studies", "reports",
]  # fmt: skip


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_documents_the_writes_of_every_app(schema):
    missing = {
        path: sorted(methods - set(schema["paths"].get(path, {})))
        for path, methods in WRITES.items()
        if methods - set(schema["paths"].get(path, {}))
    }
    assert missing == {}


def test_every_app_has_endpoints_in_the_schema(schema):
    paths = " ".join(schema["paths"])
    assert [app for app in APPS if f"/{app}/" not in paths] == []


def test_every_operation_documents_its_errors_in_the_error_format(schema):
    wanted = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        if "/matching/" not in path and "/reports/" not in path and "/imports/" not in path:
            continue
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert "401" in operation["responses"], (method, path)
            body = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert body == wanted, (method, path)
