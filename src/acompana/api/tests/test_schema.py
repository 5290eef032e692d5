"""The OpenAPI schema and the Swagger UI page, which must load nothing from other sites."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

ENDPOINTS = [
    "/api/v1/auth/token/",
    "/api/v1/programs/",
    "/api/v1/programs/{slug}/",
    "/api/v1/programs/{program_slug}/cohorts/",
    "/api/v1/programs/{program_slug}/cohorts/{id}/",
    "/api/v1/programs/{program_slug}/schools/",
    "/api/v1/programs/{program_slug}/schools/{code}/",
    "/api/v1/programs/{program_slug}/mentors/",
    "/api/v1/programs/{program_slug}/mentors/{code}/",
    "/api/v1/programs/{program_slug}/mentees/",
    "/api/v1/programs/{program_slug}/mentees/{code}/",
]
OFF_SITE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


class Resources(HTMLParser):
    """Every URL a page makes the browser load: scripts, stylesheets, icons, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src", "iframe": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Acompaña API"


def test_the_schema_documents_every_endpoint(schema):
    assert set(ENDPOINTS) <= set(schema["paths"])


def test_the_schema_documents_the_filters_of_the_people_lists(schema):
    def query_parameters(path: str) -> set[str]:
        operation = schema["paths"][path]["get"]
        return {p["name"] for p in operation["parameters"] if p["in"] == "query"}

    people = "/api/v1/programs/{program_slug}/"
    assert {"q", "region", "cohort", "experience"} <= query_parameters(f"{people}mentors/")
    assert {"q", "region", "cohort", "position"} <= query_parameters(f"{people}mentees/")


def test_the_schema_documents_the_error_format(schema):
    mentors = schema["paths"]["/api/v1/programs/{program_slug}/mentors/"]["get"]["responses"]

    assert {"200", "400", "401", "403", "404"} <= set(mentors)
    assert mentors["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


INTERNAL = re.compile(r"viewset|subclass|What the program-scoped|another viewset", re.IGNORECASE)


def test_the_schema_describes_operations_to_clients_not_the_code_behind_them(schema):
    leaks = [
        f"{method.upper()} {path}: {operation['description'][:80]}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if INTERNAL.search(operation.get("description", ""))
    ]

    assert leaks == []


def test_enums_shared_by_several_fields_have_one_name(schema):
    components = schema["components"]["schemas"]

    assert components["Modality"]["enum"] == ["in_person", "virtual", "hybrid"]
    assert not [name for name in components if re.fullmatch(r".*[0-9A-F]{3}Enum", name)]


def test_the_schema_also_comes_as_yaml(client, db):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_the_docs_page_is_html_that_loads_nothing_from_other_sites(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = Resources()
    page.feed(response.content.decode())
    assert page.urls, "the page should load Swagger UI"
    assert [url for url in page.urls if OFF_SITE.match(url)] == []


def test_the_docs_page_loads_swagger_ui_from_the_bundled_static_files(client, db):
    page = Resources()
    page.feed(client.get("/api/docs/").content.decode())

    static = [url for url in page.urls if "drf_spectacular_sidecar" in url]

    assert static, "Swagger UI should come from drf-spectacular-sidecar"
    for url in static:
        path = url.split("/static/", 1)[1].split("?")[0]
        assert finders.find(path), f"{path} is not among the static files"


def test_the_docs_script_points_at_the_local_schema(client, db):
    response = client.get("/api/docs/", {"script": ""})

    assert response.status_code == 200
    script = response.content.decode()
    assert "/api/schema/" in script
    assert not re.search(r"https?://", script)
