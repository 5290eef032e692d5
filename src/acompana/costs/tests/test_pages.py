"""The time and cost pages: who may open and post to each (the permission matrix), what a
mentor can reach of another mentor's records (nothing), decisions, receipts, the report and
its exports, and the query budgets of the list pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from openpyxl import load_workbook

from acompana.common.models import AuditEntry
from acompana.costs.models import BudgetLine, Expense, TimeLog
from acompana.costs.tests.factories import (
    PDF,
    BudgetLineFactory,
    ExpenseFactory,
    TimeLogFactory,
)
from acompana.people.tests.factories import MentorProfileFactory

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
BASE = "/p/test-program/costs"
DENIED = {p: 403 for p in PERSONAS} | {"outsider": 404}
MENTORS_AND_COORDINATORS = DENIED | {"coordinator": 200, "mentor": 200}
COORDINATORS = DENIED | {"coordinator": 200}
OWNER_ONLY = DENIED | {"mentor": 200}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(world):
    """The mentor's and another mentor's time log and submitted expense, with receipts."""
    mine = ExpenseFactory(
        mentor=world.mentor_profile,
        status=Expense.Status.SUBMITTED,
        receipt=SimpleUploadedFile("mine.pdf", PDF),
    )
    theirs = ExpenseFactory(
        mentor=world.other_mentor_profile,
        status=Expense.Status.DRAFT,
        description="Recarga de datos de otro mentor",
        receipt=SimpleUploadedFile("theirs.pdf", PDF),
    )
    return {
        "my_log": TimeLogFactory(mentor=world.mentor_profile, note="Mi preparación"),
        "their_log": TimeLogFactory(
            mentor=world.other_mentor_profile, note="Preparación de otro mentor"
        ),
        "mine": mine,
        "theirs": theirs,
    }


# --- The permission matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/time/", MENTORS_AND_COORDINATORS),
        ("/expenses/", MENTORS_AND_COORDINATORS),
        ("/budget/", COORDINATORS),
        ("/report/", COORDINATORS),
        ("/report/?format=csv", COORDINATORS),
        ("/report/?format=xlsx&table=regions", COORDINATORS),
    ],
)
def test_each_page_opens_only_for_the_roles_it_serves(as_persona, persona, path, expected):
    assert as_persona(persona).get(BASE + path).status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_section_entry_sends_mentors_and_coordinators_to_their_page(as_persona, persona):
    response = as_persona(persona).get(f"{BASE}/")
    expected = {"coordinator": 302, "mentor": 302}.get(persona, DENIED[persona])
    assert response.status_code == expected
    if persona == "coordinator":
        assert response["Location"].endswith("/costs/expenses/?status=submitted")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_mentors_expense_and_receipt_are_for_them_and_coordinators(as_persona, records, persona):
    client = as_persona(persona)
    pk = records["mine"].pk
    expected = MENTORS_AND_COORDINATORS[persona]
    assert client.get(f"{BASE}/expenses/{pk}/").status_code == expected
    response = client.get(f"{BASE}/expenses/{pk}/receipt/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_mentor_edits_their_time_log(as_persona, records, persona):
    pk = records["my_log"].pk
    client = as_persona(persona)
    expected = OWNER_ONLY[persona]
    assert client.get(f"{BASE}/time/{pk}/").status_code == expected
    response = client.post(f"{BASE}/time/{pk}/delete/")
    assert response.status_code == (302 if expected == 200 else expected)
    assert TimeLog.objects.filter(pk=pk).exists() == (persona != "mentor")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_mentor_submits_and_deletes_their_expense(as_persona, world, persona):
    expense = ExpenseFactory(mentor=world.mentor_profile)
    client = as_persona(persona)
    expected = OWNER_ONLY[persona]
    response = client.post(f"{BASE}/expenses/{expense.pk}/submit/")
    assert response.status_code == (302 if expected == 200 else expected)
    expense.refresh_from_db()
    assert (expense.status == Expense.Status.SUBMITTED) == (persona == "mentor")
    other = ExpenseFactory(mentor=world.mentor_profile)
    response = client.post(f"{BASE}/expenses/{other.pk}/delete/")
    assert response.status_code == (302 if expected == 200 else expected)
    assert Expense.objects.filter(pk=other.pk).exists() == (persona != "mentor")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_decide(as_persona, records, persona):
    expense = records["mine"]
    response = as_persona(persona).post(
        f"{BASE}/expenses/{expense.pk}/decide/",
        {"decision": "approve", "reason": "", "version": expense.version},
    )
    expected = {"coordinator": 302, "mentor": 403}.get(persona, DENIED[persona])
    assert response.status_code == expected
    expense.refresh_from_db()
    assert (expense.status == Expense.Status.APPROVED) == (persona == "coordinator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_change_the_budget(as_persona, world, persona):
    line = BudgetLineFactory(program=world.program)
    client = as_persona(persona)
    response = client.post(
        f"{BASE}/budget/lines/",
        {"year": 2026, "category": "materials", "amount": "500"},
    )
    expected = COORDINATORS[persona]
    assert response.status_code == (302 if expected == 200 else expected)
    response = client.post(f"{BASE}/budget/{line.pk}/delete/")
    assert response.status_code == (302 if expected == 200 else expected)
    saved = set(BudgetLine.objects.values_list("category", flat=True))
    assert saved == ({"materials"} if persona == "coordinator" else {"travel"})


@pytest.mark.parametrize(
    "path",
    ["/time/", "/expenses/", "/budget/", "/report/", "/expenses/1/", "/expenses/1/receipt/"],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, path):
    response = client.get(BASE + path)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- A mentor never reaches another mentor's records ---------------------------------------------


def test_a_mentor_cannot_open_another_mentors_expense_receipt_or_log_by_url(as_persona, records):
    client = as_persona("mentor")
    theirs, their_log = records["theirs"].pk, records["their_log"].pk
    for path in [
        f"/expenses/{theirs}/",
        f"/expenses/{theirs}/receipt/",
        f"/time/{their_log}/",
    ]:
        assert client.get(BASE + path).status_code == 404, path
    for path in [
        f"/expenses/{theirs}/submit/",
        f"/expenses/{theirs}/delete/",
        f"/time/{their_log}/delete/",
    ]:
        assert client.post(BASE + path).status_code == 404, path
    assert Expense.objects.get(pk=theirs).status == Expense.Status.DRAFT


def test_a_mentors_lists_hold_only_their_own_records(as_persona, records):
    client = as_persona("mentor")
    expenses = client.get(f"{BASE}/expenses/").content.decode()
    assert "Pasaje a la I.E. 50123" in expenses
    assert "Recarga de datos de otro mentor" not in expenses
    logs = client.get(f"{BASE}/time/").content.decode()
    assert "Mi preparación" in logs and "Preparación de otro mentor" not in logs


def test_coordinators_see_everyones_records(as_persona, records):
    client = as_persona("coordinator")
    expenses = client.get(f"{BASE}/expenses/").content.decode()
    assert "Recarga de datos de otro mentor" in expenses
    logs = client.get(f"{BASE}/time/").content.decode()
    assert "Mi preparación" in logs and "Preparación de otro mentor" in logs


# --- Working through the pages -----------------------------------------------------------------


def test_a_mentor_logs_time_on_the_page_and_is_told_about_the_daily_limit(as_persona, world):
    client = as_persona("mentor")
    form = {"worked_on": "2026-05-04", "category": "travel", "hours": "20", "note": "Viaje"}
    assert client.post(f"{BASE}/time/", form).status_code == 302
    response = client.post(f"{BASE}/time/", form | {"hours": "5"}, follow=True)
    assert "over 24 hours in the day" in response.content.decode()
    assert TimeLog.objects.get().hours == Decimal("20")


def test_a_coordinator_cannot_log_time_as_a_mentor(as_persona):
    response = as_persona("coordinator").post(
        f"{BASE}/time/", {"worked_on": "2026-05-04", "category": "travel", "hours": "2"}
    )
    assert response.status_code == 403 and not TimeLog.objects.exists()


def test_a_mentor_records_an_expense_with_its_receipt_and_submits_it(
    as_persona, world, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_persona("mentor")
    response = client.post(
        f"{BASE}/expenses/",
        {
            "spent_on": "2026-05-04",
            "category": "travel",
            "amount": "38.50",
            "description": "Combi a Ccatcca",
            "receipt": SimpleUploadedFile("boleta.pdf", PDF),
        },
    )
    expense = Expense.objects.get()
    assert response["Location"] == f"{BASE}/expenses/{expense.pk}/"
    assert expense.receipt and expense.amount == Decimal("38.50")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}/expenses/{expense.pk}/submit/")
    expense.refresh_from_db()
    assert expense.status == Expense.Status.SUBMITTED
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]


def test_a_fake_receipt_is_refused_on_the_page(as_persona):
    response = as_persona("mentor").post(
        f"{BASE}/expenses/",
        {
            "spent_on": "2026-05-04",
            "category": "travel",
            "amount": "10",
            "description": "x",
            "receipt": SimpleUploadedFile("boleta.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "not really a PDF" in response.content.decode()
    assert not Expense.objects.exists()


def test_a_submitted_expense_shows_no_edit_form_to_its_mentor(as_persona, records):
    client = as_persona("mentor")
    pk = records["mine"].pk
    page = client.get(f"{BASE}/expenses/{pk}/").content.decode()
    assert 'id="expense-form"' not in page and 'id="decision-form"' not in page
    response = client.post(
        f"{BASE}/expenses/{pk}/",
        {"spent_on": "2026-05-04", "category": "travel", "amount": "1", "description": "x"},
        follow=True,
    )
    assert "Only drafts and rejected expenses can be changed." in response.content.decode()
    assert Expense.objects.get(pk=pk).amount == Decimal("45.00")


def test_the_second_coordinator_sees_already_decided(as_persona, world, records, client):
    from acompana.accounts.tests.factories import MembershipFactory, UserFactory

    expense = records["mine"]
    page = as_persona("coordinator").get(f"{BASE}/expenses/{expense.pk}/").content.decode()
    assert 'id="decision-form"' in page
    form = {"decision": "reject", "reason": "Sin sustento", "version": expense.version}
    first = as_persona("coordinator").post(f"{BASE}/expenses/{expense.pk}/decide/", form)
    assert first.status_code == 302
    second = UserFactory()
    MembershipFactory(user=second, program=world.program, role="coordinator")
    client.force_login(second)
    response = client.post(
        f"{BASE}/expenses/{expense.pk}/decide/",
        form | {"decision": "approve"},
        follow=True,
    )
    assert "already decided: rejected by" in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == Expense.Status.REJECTED and expense.decided_by == world.coordinator
    assert AuditEntry.objects.filter(action__startswith="costs.expense.r").count() == 1


def test_a_coordinator_sets_the_budget_on_the_page(as_persona, world):
    client = as_persona("coordinator")
    client.post(
        f"{BASE}/budget/lines/",
        {"year": 2026, "category": "travel", "amount": "12000.00"},
    )
    page = client.get(f"{BASE}/budget/").content.decode()
    assert BudgetLine.objects.get().amount == Decimal("12000.00")
    assert 'id="budget-2026"' in page


# --- Report and exports ------------------------------------------------------------------------


def test_the_report_page_shows_spent_against_budget_with_a_chart(as_persona, world, records):
    Expense.objects.filter(pk=records["mine"].pk).update(status=Expense.Status.APPROVED)
    BudgetLineFactory(program=world.program, year=2026, amount=Decimal("100"))
    page = as_persona("coordinator").get(f"{BASE}/report/?year=2026").content.decode()
    assert "<svg" in page and 'id="report-budget"' in page
    assert world.mentor_profile.code in page
    assert "45" in page and "100" in page


def test_the_report_exports_as_csv_and_xlsx(as_persona, world, records):
    Expense.objects.filter(pk=records["mine"].pk).update(status=Expense.Status.APPROVED)
    client = as_persona("coordinator")
    csv = client.get(f"{BASE}/report/?year=2026&format=csv").content.decode("utf-8-sig")
    header, *rows = csv.strip().splitlines()
    assert header.startswith("Code,Mentor,Region,Hours,Approved cost")
    mine = next(r for r in rows if r.startswith(world.mentor_profile.code))
    # 2.50 hours logged, 45.00 approved, one mentee served: 45.00 per mentee.
    assert mine.endswith(",2.50,45.00,0.00,1,45.00")
    response = client.get(f"{BASE}/report/?year=2026&format=xlsx&table=budget")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Category", "Budget", "Spent (approved)")
    assert rows[1][:3] == ("Travel", 0, 45)


# --- Query budgets -----------------------------------------------------------------------------


def _many(world, n: int) -> None:
    mentors = [MentorProfileFactory(program=world.program) for _ in range(3)] + [
        world.mentor_profile
    ]
    day = datetime.date(2026, 3, 1)
    TimeLog.objects.bulk_create(
        TimeLog(
            program=world.program,
            mentor=mentors[i % 4],
            worked_on=day + datetime.timedelta(days=i),
            category="visits",
            hours=Decimal("2"),
        )
        for i in range(n)
    )
    Expense.objects.bulk_create(
        Expense(
            program=world.program,
            mentor=mentors[i % 4],
            spent_on=day + datetime.timedelta(days=i),
            category="travel",
            amount=Decimal("10"),
            description=f"Gasto {i}",
            status=Expense.Status.SUBMITTED,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("persona", ["coordinator", "mentor"])
@pytest.mark.parametrize("path", ["/time/", "/expenses/", "/expenses/?status=submitted"])
def test_list_pages_keep_a_fixed_query_budget(
    as_persona, world, persona, path, django_assert_max_num_queries
):
    _many(world, 60)
    client = as_persona(persona)
    with django_assert_max_num_queries(14):
        assert client.get(BASE + path).status_code == 200


def test_the_report_keeps_a_fixed_query_budget(as_persona, world, django_assert_max_num_queries):
    _many(world, 120)
    client = as_persona("coordinator")
    with django_assert_max_num_queries(22):
        assert client.get(f"{BASE}/report/?year=2026").status_code == 200


# --- Home page panel ---------------------------------------------------------------------------


def test_the_coordinators_home_counts_expenses_awaiting_approval(as_persona, world, records):
    ExpenseFactory(mentor=world.other_mentor_profile, status=Expense.Status.SUBMITTED)
    page = as_persona("coordinator").get("/").content.decode()
    figure = html.fromstring(page).get_element_by_id("expenses-awaiting")
    assert figure.xpath(".//a/@href") == ["/p/test-program/costs/expenses/?status=submitted"]
    assert figure.xpath("string(.//*[@class='figure-value'])") == "2"
    assert "expenses awaiting approval" in figure.text_content()
    assert 'id="expenses-awaiting"' not in as_persona("mentor").get("/").content.decode()


@pytest.mark.parametrize("year", ["99999", "0", "10000", "²"])
def test_an_impossible_year_filter_on_time_logs_is_ignored_rather_than_a_server_error(
    world, records, as_persona, year
):
    response = as_persona("coordinator").get(f"{BASE}/time/", {"year": year})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == TimeLog.objects.count()


def test_a_coordinator_sets_the_currency_on_its_own_address(as_persona, world):
    refused = as_persona("mentor").post(f"{BASE}/budget/currency/", {"currency": "USD"})
    client = as_persona("coordinator")
    response = client.post(f"{BASE}/budget/currency/", {"currency": "USD"})

    assert refused.status_code == 403
    assert response.status_code == 302
    assert 'value="USD"' in client.get(f"{BASE}/budget/").content.decode()
