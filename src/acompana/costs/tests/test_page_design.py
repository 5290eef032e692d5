"""Time and cost pages on the design system: the tab being shown is marked, expense statuses are
badges, the report's totals are figures, a line over its budget is flagged, an empty budget says
what to do next, and a form with errors opens with a summary linking to each field."""

from decimal import Decimal

from django.urls import reverse

from acompana.costs.models import Expense
from acompana.costs.tests.factories import BudgetLineFactory, ExpenseFactory


def test_the_expense_list_marks_its_tab_and_shows_each_status_as_a_badge(world, as_persona):
    ExpenseFactory(mentor=world.mentor_profile, status=Expense.Status.SUBMITTED)
    body = as_persona("coordinator").get(reverse("costs:expenses", args=[world.program.slug]))
    page = body.content.decode()
    tabs = page.split('class="subnav costs-tabs"', 1)[1].split("</nav>", 1)[0]
    expenses = reverse("costs:expenses", args=[world.program.slug])
    assert f'href="{expenses}" aria-current="page"' in tabs
    assert tabs.count("aria-current") == 1
    row = page.split('id="expenses"', 1)[1].split("</table>", 1)[0]
    assert '<span class="badge warning">Submitted</span>' in row


def test_the_report_shows_its_totals_as_figures_and_flags_a_line_over_budget(world, as_persona):
    BudgetLineFactory(program=world.program, year=2026, category="travel", amount=Decimal("10"))
    ExpenseFactory(
        mentor=world.mentor_profile, amount=Decimal("45.00"), status=Expense.Status.APPROVED
    )
    body = as_persona("coordinator").get(
        reverse("costs:report", args=[world.program.slug]) + "?year=2026"
    )
    page = body.content.decode()
    totals = page.split('id="report-totals"', 1)[1].split("</ul>", 1)[0]
    assert totals.count('class="figure-value"') == 5
    assert "approved cost" in totals
    budget = page.split('id="report-budget"', 1)[1].split("</section>", 1)[0]
    over = budget.split('class="over-budget"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge danger">over budget</span>' in over


def test_an_empty_budget_says_how_to_set_the_first_line(world, as_persona):
    page = as_persona("coordinator").get(reverse("costs:budget", args=[world.program.slug]))
    empty = page.content.decode().split('class="empty"', 1)[1].split("</div>", 1)[0]
    assert "No budget yet." in empty
    assert "Set a line for each year and category below" in empty


def test_a_time_log_with_errors_opens_with_a_summary_linking_to_the_field(world, as_persona):
    url = reverse("costs:time", args=[world.program.slug])
    body = as_persona("mentor").post(url, {"category": "visits", "hours": "2"})
    summary = body.content.decode().split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_worked_on">' in summary


def test_the_reports_mentor_table_is_paged_and_its_download_lists_every_mentor(
    world, as_persona, monkeypatch
):
    from acompana.costs import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    for mentor in (world.mentor_profile, world.other_mentor_profile):
        ExpenseFactory(mentor=mentor, amount=Decimal("5.00"), status=Expense.Status.APPROVED)
    address = reverse("costs:report", args=[world.program.slug])
    client = as_persona("coordinator")
    page = client.get(address, {"year": 2026}).content.decode()
    mentors = page.split('id="report-mentors"', 1)[1].split("</section>", 1)[0]
    assert mentors.count("<tr><td>") == 1 and "Page 1 of 2" in mentors
    assert "2 mentors in all; the downloads list every one." in mentors
    second = client.get(address, {"year": 2026, "page": 2}).content.decode()
    assert "Page 2 of 2" in second
    csv = client.get(address, {"year": 2026, "table": "mentors", "format": "csv"})
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 3
