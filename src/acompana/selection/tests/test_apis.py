"""Selection of mentors and their training over the API: calls, ranking, applications, reviews
and decisions; training plans, sessions, attendance, feedback and its summary.

Calls and rankings are for coordinators; an application is read by its candidate (who need
not be a member) and coordinators, and is not found for anyone else; coordinators review and
decide. Training is read by coordinators, trainers (their own sessions) and mentors (the
sessions they are invited to, their own breakout group); the session's trainer and
coordinators record attendance; a mentor who attended rates a session once.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.api.testing import BASE
from acompana.selection import services as selection_services
from acompana.selection.models import Application, Review
from acompana.training.tests.test_apis import session_url
from acompana.visits.tests.test_apis import check_error

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
COORDINATORS_ONLY = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}
TRAINING_READ = COORDINATORS_ONLY | {"trainer": 200, "mentor": 200}
MANAGERS = COORDINATORS_ONLY | {"trainer": 200}
# The outsider is the candidate: they read their own application; the others never see it.
APPLICATION_READ = {p: 404 for p in PERSONAS} | {"coordinator": 200, "outsider": 200}
APPLICATION_MANAGE = {p: 404 for p in PERSONAS} | {"coordinator": 200, "outsider": 403}

CALLS = f"{BASE}/calls/"
PLANS = f"{BASE}/training/plans/"
SESSIONS = f"{BASE}/training/sessions/"
MOTIVATION_SECRET = "Quiero acompañar a directores rurales"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


# --- Selection ---------------------------------------------------------------------------------


def make_call(world, title: str = "Convocatoria 2026"):
    today = timezone.localdate()
    return selection_services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title=title,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )


def apply(call, candidate, **overrides) -> Application:
    data = {
        "highest_degree": "doctorate",
        "teaching_years": Decimal("22"),
        "management_years": Decimal("0"),
        "accompaniment_experience": True,
        "programs_served": 0,
        "motivation": MOTIVATION_SECRET,
        **overrides,
    }
    upload = SimpleUploadedFile("titulo.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    return selection_services.application_submit(
        call=call, candidate=candidate, data=data, evidence=[(upload, "degree")]
    )


@pytest.fixture
def call(world):
    return make_call(world)


@pytest.fixture
def application(world, call) -> Application:
    return apply(call, world.outsider)


def app_url(application: Application, rest: str = "") -> str:
    return f"{BASE}/applications/{application.pk}/{rest}"


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_list_the_calls(api_as, call, persona, status):
    response = api_as(persona).get(CALLS)

    if status != 200:
        check_error(response, status)
        return
    assert [row["title"] for row in response.json()["results"]] == ["Convocatoria 2026"]


def test_the_call_list_costs_the_same_queries_for_few_and_many_calls(api_as, world):
    client = api_as("coordinator")
    make_call(world)
    few = queries(client, CALLS)

    for n in range(20):
        make_call(world, f"Convocatoria {n}")
    many = queries(client, CALLS)

    assert client.get(CALLS).json()["count"] == 21
    assert many == few <= 5


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_read_the_ranking(api_as, world, call, persona, status):
    weak = apply(call, world.outsider, highest_degree="bachelor", teaching_years=Decimal("2"))
    strong = apply(call, world.researcher, management_years=Decimal("4"))
    selection_services.review_save(
        application=strong,
        reviewer=world.coordinator,
        scores={"openness": 4, "empathy": 4},
        comment="",
    )

    response = api_as(persona).get(f"{CALLS}{call.pk}/ranking/")

    if status != 200:
        check_error(response, status)
        return
    rows = response.json()
    assert [row["application"] for row in rows] == [strong.pk, weak.pk]
    assert rows[0]["rank"] == 1
    assert rows[0]["no_management_experience"] is False
    assert rows[1]["no_management_experience"] is True
    assert rows[0]["total"] > rows[1]["total"]
    assert {c["code"] for c in rows[0]["criteria"]} >= {"openness", "empathy"}
    assert set(rows[0]["criteria"][0]) == {
        "code",
        "points",
        "weighted",
        "weighted_max",
        "reviewers",
        "spread",
        "disagreement",
    }
    assert isinstance(rows[0]["disagreements"], list)


@pytest.mark.parametrize(("persona", "status"), APPLICATION_READ.items())
def test_an_application_is_read_by_its_candidate_and_coordinators(
    api_as, application, persona, status
):
    response = api_as(persona).get(app_url(application))

    if status != 200:
        check_error(response, status)
        assert MOTIVATION_SECRET not in response.content.decode()
        return
    body = response.json()
    assert body["id"] == application.pk
    assert body["motivation"] == MOTIVATION_SECRET
    assert [e["kind"] for e in body["evidence"]] == ["degree"]


def test_a_candidate_never_sees_another_candidates_application(api_as, world, call, application):
    others = apply(call, world.mentor, motivation="Mi propia motivación")

    check_error(api_as("outsider").get(app_url(others)), 404)
    check_error(api_as("mentor").get(app_url(application)), 404)
    assert api_as("mentor").get(app_url(others)).json()["motivation"] == "Mi propia motivación"
    check_error(api_as("outsider").get(f"{BASE}/applications/abc/"), 404)


@pytest.mark.parametrize(("persona", "status"), APPLICATION_MANAGE.items())
def test_only_coordinators_review_an_application(api_as, world, application, persona, status):
    body = {"scores": {"openness": 3, "empathy": None}, "comment": "Clara"}

    response = api_as(persona).post(app_url(application, "reviews/"), body, format="json")

    if status != 200:
        check_error(response, status)
        assert not Review.objects.exists()
        return
    assert response.status_code == 200, response.content
    review = Review.objects.get()
    assert (review.reviewer, review.comment) == (world.coordinator, "Clara")
    assert response.json()["scores"] == review.scores


def test_an_unknown_panel_criterion_gives_400(api_as, application):
    response = api_as("coordinator").post(
        app_url(application, "reviews/"), {"scores": {"nope": 1}}, format="json"
    )

    assert response.status_code == 400
    assert not Review.objects.exists()


@pytest.mark.parametrize(("persona", "status"), APPLICATION_MANAGE.items())
def test_only_coordinators_decide_an_application(api_as, application, persona, status):
    body = {"status": "waitlisted", "reason": "Buen perfil, sin vacantes"}

    response = api_as(persona).post(app_url(application, "decision/"), body, format="json")

    application.refresh_from_db()
    if status != 200:
        check_error(response, status)
        assert application.status == Application.Status.SUBMITTED
        return
    assert response.status_code == 200, response.content
    assert application.status == Application.Status.WAITLISTED
    assert response.json()["decision_reason"] == "Buen perfil, sin vacantes"


@pytest.mark.parametrize("body", [{"status": "waitlisted"}, {"status": "maybe", "reason": "x"}])
def test_a_decision_needs_a_valid_status_and_a_reason(api_as, application, body):
    response = api_as("coordinator").post(app_url(application, "decision/"), body, format="json")

    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


# --- Authentication and schema -----------------------------------------------------------------


def test_every_endpoint_refuses_an_anonymous_caller_with_401(api, application, plan, session):
    for method, address in [
        ("get", CALLS),
        ("get", f"{CALLS}{application.call_id}/ranking/"),
        ("get", app_url(application)),
        ("post", app_url(application, "reviews/")),
        ("post", app_url(application, "decision/")),
        ("get", PLANS),
        ("get", f"{PLANS}{plan.pk}/feedback-summary/"),
        ("get", SESSIONS),
        ("get", session_url(session)),
        ("post", session_url(session, "attendance/")),
        ("post", session_url(session, "feedback/")),
    ]:
        response = getattr(api, method)(address, {}, format="json")

        assert response.status_code == 401, (method, address)
        assert response.json()["error"]["code"] == "not_authenticated"


PATHS = {
    "/api/v1/programs/{program_slug}/calls/": {"get", "post"},
    "/api/v1/programs/{program_slug}/calls/{id}/ranking/": {"get"},
    "/api/v1/programs/{program_slug}/applications/{id}/": {"get"},
    "/api/v1/programs/{program_slug}/applications/{id}/reviews/": {"post"},
    "/api/v1/programs/{program_slug}/applications/{id}/decision/": {"post"},
    "/api/v1/programs/{program_slug}/training/plans/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/plans/{id}/feedback-summary/": {"get"},
    "/api/v1/programs/{program_slug}/training/sessions/": {"get", "post"},
    "/api/v1/programs/{program_slug}/training/sessions/{id}/": {"get"},
    "/api/v1/programs/{program_slug}/training/sessions/{id}/attendance/": {"post"},
    "/api/v1/programs/{program_slug}/training/sessions/{id}/feedback/": {"post"},
}


def test_the_schema_documents_every_endpoint_and_only_those(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]

    for path, methods in PATHS.items():
        assert set(paths[path]) - {"parameters"} == methods, path
    assert "/api/v1/programs/{program_slug}/calls/{id}/" not in paths
    # Listing and creating applications: see test_selection_training_write.py.
    assert set(paths["/api/v1/programs/{program_slug}/applications/"]) == {"get", "post"}
