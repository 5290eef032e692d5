"""Time and cost over the API: time logs and expenses (own only), receipts (multipart upload,
download by the owner and coordinators), submission, decisions with a version check, budget
lines and the report. Every endpoint has its permission matrix."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.api.testing import BASE
from acompana.costs.models import BudgetLine, Expense, TimeLog
from acompana.costs.tests.factories import (
    PDF,
    BudgetLineFactory,
    ExpenseFactory,
    TimeLogFactory,
)
from acompana.people.tests.factories import MentorProfileFactory
from acompana.visits import services as visit_services

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}
READ = DENIED | {"coordinator": 200, "mentor": 200}
COORDINATORS = DENIED | {"coordinator": 200}
LOGS = f"{BASE}/costs/time-logs/"
EXPENSES = f"{BASE}/costs/expenses/"
BUDGET = f"{BASE}/costs/budget-lines/"
REPORT = f"{BASE}/costs/report/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(world):
    return {
        "log": TimeLogFactory(mentor=world.mentor_profile),
        "their_log": TimeLogFactory(mentor=world.other_mentor_profile),
        "expense": ExpenseFactory(
            mentor=world.mentor_profile,
            status=Expense.Status.SUBMITTED,
            receipt=SimpleUploadedFile("boleta.pdf", PDF),
        ),
        "theirs": ExpenseFactory(
            mentor=world.other_mentor_profile, receipt=SimpleUploadedFile("suya.pdf", PDF)
        ),
    }


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --- Permission matrices -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (LOGS, READ),
        (EXPENSES, READ),
        (BUDGET, COORDINATORS),
        (f"{REPORT}?year=2026", COORDINATORS),
    ],
)
def test_each_list_answers_only_the_roles_it_serves(api_as, records, persona, path, expected):
    assert api_as(persona).get(path).status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_record_and_its_receipt_are_for_the_mentor_and_coordinators(api_as, records, persona):
    client = api_as(persona)
    expected = READ[persona]
    assert client.get(f"{LOGS}{records['log'].pk}/").status_code == expected
    assert client.get(f"{EXPENSES}{records['expense'].pk}/").status_code == expected
    response = client.get(f"{EXPENSES}{records['expense'].pk}/receipt/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_mentors_create_time_logs_and_expenses(api_as, world, persona):
    client = api_as(persona)
    day = "2026-05-04"
    log = client.post(LOGS, {"worked_on": day, "category": "travel", "hours": "3"}, format="json")
    expense = client.post(
        EXPENSES,
        {"spent_on": day, "category": "travel", "amount": "12.50", "description": "Combi"},
        format="json",
    )
    expected = {"mentor": 201}.get(persona, DENIED[persona])
    assert (log.status_code, expense.status_code) == (expected, expected)
    assert TimeLog.objects.exists() == Expense.objects.exists() == (persona == "mentor")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_changes_deletes_and_submits(api_as, world, records, persona):
    client = api_as(persona)
    log = records["log"]
    draft = ExpenseFactory(mentor=world.mentor_profile)
    owner = {"mentor": 200}.get(persona, DENIED[persona])
    assert client.patch(f"{LOGS}{log.pk}/", {"hours": "4"}, format="json").status_code == owner
    assert (
        client.patch(f"{EXPENSES}{draft.pk}/", {"amount": "9.90"}, format="json").status_code
        == owner
    )
    assert client.post(f"{EXPENSES}{draft.pk}/submit/").status_code == owner
    gone = {"mentor": 204}.get(persona, DENIED[persona])
    assert client.delete(f"{LOGS}{log.pk}/").status_code == gone
    if persona == "coordinator":
        return
    other = ExpenseFactory(mentor=world.mentor_profile)
    assert client.delete(f"{EXPENSES}{other.pk}/").status_code == gone


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_approve_and_reject(api_as, records, world, persona):
    expense = records["expense"]
    client = api_as(persona)
    expected = {"coordinator": 200, "mentor": 403}.get(persona, DENIED[persona])
    response = client.post(
        f"{EXPENSES}{expense.pk}/reject/",
        {"version": expense.version, "reason": "Sin boleta"},
        format="json",
    )
    assert response.status_code == expected
    expense.refresh_from_db()
    assert (expense.status == Expense.Status.REJECTED) == (persona == "coordinator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_set_and_delete_budget_lines(api_as, world, persona):
    line = BudgetLineFactory(program=world.program)
    client = api_as(persona)
    response = client.post(
        BUDGET, {"year": 2026, "category": "materials", "amount": "800.00"}, format="json"
    )
    assert response.status_code == {"coordinator": 201}.get(persona, DENIED[persona])
    response = client.delete(f"{BUDGET}{line.pk}/")
    assert response.status_code == {"coordinator": 204}.get(persona, DENIED[persona])


def test_anonymous_callers_get_401(api):
    for path in [LOGS, EXPENSES, BUDGET, f"{REPORT}?year=2026"]:
        assert api.get(path).status_code == 401


# --- A mentor never reaches another mentor's records ---------------------------------------------


def test_a_mentor_lists_only_their_own_and_gets_404_for_anothers(api_as, records):
    client = api_as("mentor")
    assert ids(client.get(LOGS)) == {records["log"].pk}
    assert ids(client.get(EXPENSES)) == {records["expense"].pk}
    assert ids(client.get(f"{EXPENSES}?mentor={records['theirs'].mentor.code}")) == set()
    theirs, their_log = records["theirs"].pk, records["their_log"].pk
    for response in [
        client.get(f"{EXPENSES}{theirs}/"),
        client.get(f"{EXPENSES}{theirs}/receipt/"),
        client.patch(f"{EXPENSES}{theirs}/", {"amount": "1"}, format="json"),
        client.post(f"{EXPENSES}{theirs}/submit/"),
        client.delete(f"{EXPENSES}{theirs}/"),
        client.get(f"{LOGS}{their_log}/"),
        client.delete(f"{LOGS}{their_log}/"),
    ]:
        assert response.status_code == 404
    assert Expense.objects.get(pk=theirs).status == Expense.Status.DRAFT
    assert TimeLog.objects.filter(pk=their_log).exists()


def test_coordinators_list_everyone_and_filter_by_mentor_and_status(api_as, records):
    client = api_as("coordinator")
    assert ids(client.get(EXPENSES)) == {records["expense"].pk, records["theirs"].pk}
    assert ids(client.get(f"{EXPENSES}?status=submitted")) == {records["expense"].pk}
    code = records["their_log"].mentor.code
    assert ids(client.get(f"{LOGS}?mentor={code}")) == {records["their_log"].pk}


# --- Time logs ---------------------------------------------------------------------------------


def test_a_mentor_logs_time_on_their_visit_within_the_daily_limit(api_as, world):
    visit = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() - datetime.timedelta(days=2),
        mode="in_person",
        actor=world.mentor,
    )
    client = api_as("mentor")
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client.post(
        LOGS,
        {"worked_on": day, "category": "visits", "hours": "20", "visit": visit.pk},
        format="json",
    )
    assert response.status_code == 201 and response.json()["visit"] == visit.pk
    too_much = client.post(LOGS, {"worked_on": day, "category": "travel", "hours": "4.5"})
    assert too_much.status_code == 400
    assert "24 hours" in str(too_much.json()["error"]["fields"])
    assert (
        client.post(
            LOGS, {"worked_on": day, "category": "travel", "hours": "0"}, format="json"
        ).status_code
        == 400
    )


def test_a_time_log_cannot_point_to_another_mentors_visit(api_as, world):
    visit = visit_services.visit_schedule(
        mentor=world.other_mentor_profile,
        mentee=world.other_mentee_profile,
        scheduled_at=timezone.now() - datetime.timedelta(days=2),
        mode="video",
        actor=world.other_mentor_profile.user,
    )
    response = api_as("mentor").post(
        LOGS,
        {"worked_on": "2026-05-04", "category": "visits", "hours": "1", "visit": visit.pk},
        format="json",
    )
    assert response.status_code == 400 and "visit" in response.json()["error"]["fields"]


# --- Expenses, receipts and decisions ----------------------------------------------------------


def test_a_mentor_creates_an_expense_with_its_receipt_as_multipart_and_submits_it(
    api_as, world, django_capture_on_commit_callbacks
):
    client = api_as("mentor")
    response = client.post(
        EXPENSES,
        {
            "spent_on": "2026-05-04",
            "category": "connectivity",
            "amount": "30.00",
            "description": "Recarga de datos",
            "receipt": SimpleUploadedFile("recarga.png", b"\x89PNG\r\n\x1a\n0000"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["receipt"].endswith(".png") and body["status"] == "draft"
    assert body["currency"] == "PEN" and body["amount"] == "30.00"
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"{EXPENSES}{body['id']}/submit/")
    assert submitted.json()["status"] == "submitted"
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]


def test_a_receipt_is_uploaded_later_and_checked_like_evidence(api_as, world):
    expense = ExpenseFactory(mentor=world.mentor_profile)
    client = api_as("mentor")
    fake = client.post(
        f"{EXPENSES}{expense.pk}/receipt/",
        {"receipt": SimpleUploadedFile("boleta.pdf", b"not a pdf")},
        format="multipart",
    )
    assert fake.status_code == 400 and "not really a PDF" in str(fake.json())
    docx = client.post(
        f"{EXPENSES}{expense.pk}/receipt/",
        {"receipt": SimpleUploadedFile("boleta.docx", b"PK\x03\x04")},
        format="multipart",
    )
    assert docx.status_code == 400
    good = client.post(
        f"{EXPENSES}{expense.pk}/receipt/",
        {"receipt": SimpleUploadedFile("boleta.pdf", PDF)},
        format="multipart",
    )
    assert good.status_code == 200 and good.json()["receipt"].endswith(".pdf")
    download = client.get(f"{EXPENSES}{expense.pk}/receipt/")
    assert b"".join(download.streaming_content) == PDF


def test_a_submitted_expense_cannot_be_changed_by_its_mentor(api_as, records):
    response = api_as("mentor").patch(
        f"{EXPENSES}{records['expense'].pk}/", {"amount": "1.00"}, format="json"
    )
    assert response.status_code == 400
    assert Expense.objects.get(pk=records["expense"].pk).amount == Decimal("45.00")


def test_the_second_decision_gets_409_with_who_decided(
    api_as, world, records, django_capture_on_commit_callbacks
):
    expense = records["expense"]
    second = UserFactory()
    MembershipFactory(user=second, program=world.program, role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        first = api_as("coordinator").post(
            f"{EXPENSES}{expense.pk}/approve/", {"version": expense.version}, format="json"
        )
    assert first.status_code == 200 and first.json()["status"] == "approved"
    assert [m.to for m in mail.outbox] == [[world.mentor.email]]
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=second).key}")
    response = other.post(
        f"{EXPENSES}{expense.pk}/reject/",
        {"version": expense.version, "reason": "No corresponde"},
        format="json",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and "already decided" in error["message"]
    assert error["current"]["status"] == "approved"


def test_a_rejection_without_reason_is_a_400(api_as, records):
    expense = records["expense"]
    response = api_as("coordinator").post(
        f"{EXPENSES}{expense.pk}/reject/", {"version": expense.version}, format="json"
    )
    assert response.status_code == 400


# --- Budget and report -------------------------------------------------------------------------


def test_a_budget_line_is_replaced_for_the_same_year_and_category(api_as, world):
    client = api_as("coordinator")
    for amount in ["100.00", "250.00"]:
        client.post(BUDGET, {"year": 2026, "category": "travel", "amount": amount}, format="json")
    assert BudgetLine.objects.get().amount == Decimal("250.00")
    assert [row["amount"] for row in client.get(f"{BUDGET}?year=2026").json()] == ["250.00"]


def test_the_report_gives_totals_per_mentor_region_and_budget(api_as, world, records):
    Expense.objects.filter(pk=records["expense"].pk).update(status=Expense.Status.APPROVED)
    BudgetLineFactory(program=world.program, amount=Decimal("90"))
    body = api_as("coordinator").get(f"{REPORT}?year=2026").json()
    assert body["cost"] == "45.00" and body["mentees"] == 2
    assert body["cost_per_mentee"] == "22.50"
    mine = next(m for m in body["mentors"] if m["code"] == world.mentor_profile.code)
    assert (mine["hours"], mine["cost"], mine["mentees"]) == ("2.50", "45.00", 1)
    travel = next(b for b in body["budget"] if b["category"] == "travel")
    assert (travel["budget"], travel["spent"], travel["used_percent"]) == ("90.00", "45.00", 50)


def test_the_report_needs_a_year_and_a_cohort_of_the_program(api_as, world):
    client = api_as("coordinator")
    assert client.get(REPORT).status_code == 400
    assert client.get(f"{REPORT}?year=2026&cohort=999999").status_code == 400
    cohort = world.program.cohorts.get()
    assert client.get(f"{REPORT}?year=2026&cohort={cohort.pk}").json()["cohort"] == cohort.pk


def test_lists_and_the_report_keep_a_fixed_number_of_queries(api_as, world):
    def count(client, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    TimeLogFactory(mentor=world.mentor_profile)
    ExpenseFactory(mentor=world.mentor_profile, status=Expense.Status.APPROVED)
    coordinator = api_as("coordinator")
    paths = [LOGS, EXPENSES, f"{REPORT}?year=2026"]
    before = [count(coordinator, p) for p in paths]
    for _ in range(10):
        mentor = MentorProfileFactory(program=world.program)
        TimeLogFactory(mentor=mentor)
        ExpenseFactory(mentor=mentor, status=Expense.Status.APPROVED)
    assert [count(coordinator, p) for p in paths] == before
    # the report: one more for the protected time of teachers, one for the personnel rates,
    # one for the hours of circle meetings
    assert max(before) <= 17
