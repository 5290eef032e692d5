"""Time logs and expenses through the services: every check, the approval workflow with its
optimistic concurrency, and the emails that tell people to act."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.costs import services
from acompana.costs.models import CostSettings, Expense, TimeLog
from acompana.costs.tests.factories import PDF, ExpenseFactory, TimeLogFactory
from acompana.visits import services as visit_services

DAY = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str = "boleta.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def log(world, hours: str, day: datetime.date = DAY, **kwargs) -> TimeLog:
    return services.time_log_create(
        mentor=world.mentor_profile,
        worked_on=day,
        category=kwargs.pop("category", "visits"),
        hours=Decimal(hours),
        actor=world.mentor,
        **kwargs,
    )


def draft(world, amount: str = "45.50", **kwargs) -> Expense:
    return services.expense_create(
        mentor=world.mentor_profile,
        spent_on=DAY,
        category=kwargs.pop("category", "travel"),
        amount=Decimal(amount),
        description="Pasaje Cusco - Paucartambo",
        actor=world.mentor,
        **kwargs,
    )


def submitted(world, django_capture_on_commit_callbacks, **kwargs) -> Expense:
    with django_capture_on_commit_callbacks(execute=True):
        return services.expense_submit(expense=draft(world, **kwargs), actor=world.mentor)


# --- Time logs ---------------------------------------------------------------------------------


def test_a_mentor_logs_time_and_the_action_is_audited(world):
    entry = log(world, "3.25", note="Visita y reunión con el CONEI")
    assert entry.program == world.program and entry.hours == Decimal("3.25")
    assert AuditEntry.objects.filter(action="costs.time_log.created", actor=world.mentor).exists()


@pytest.mark.parametrize("hours", ["0", "-1", "24.01", "1.005"])
def test_hours_must_be_positive_at_most_a_day_and_to_the_hundredth(world, hours):
    with pytest.raises(ValidationError):
        log(world, hours)
    assert not TimeLog.objects.exists()


def test_a_person_cannot_log_more_than_24_hours_in_one_day(world):
    log(world, "10")
    log(world, "10", category="travel")
    with pytest.raises(ValidationError, match="24 hours"):
        log(world, "4.5", category="preparation")
    log(world, "4")  # exactly 24
    log(world, "8", day=DAY + datetime.timedelta(days=1))  # another day is its own


def test_the_daily_limit_counts_the_persons_logs_in_every_program(world):
    from acompana.people.tests.factories import MentorProfileFactory

    elsewhere = MentorProfileFactory(user=world.mentor)
    TimeLogFactory(mentor=elsewhere, worked_on=DAY, hours=Decimal("20"))
    with pytest.raises(ValidationError):
        log(world, "5")


def test_editing_a_log_does_not_count_its_own_old_hours_against_the_limit(world):
    entry = log(world, "20")
    services.time_log_update(
        log=entry, worked_on=DAY, category="visits", hours=Decimal("24"), actor=world.mentor
    )
    entry.refresh_from_db()
    assert entry.hours == Decimal("24")


def test_time_cannot_be_logged_for_a_future_day(world):
    with pytest.raises(ValidationError, match="future"):
        log(world, "2", day=timezone.localdate() + datetime.timedelta(days=1))


def test_a_log_links_only_one_of_the_mentors_own_visits(world):
    other = visit_services.visit_schedule(
        mentor=world.other_mentor_profile,
        mentee=world.other_mentee_profile,
        scheduled_at=timezone.now() - datetime.timedelta(days=3),
        mode="in_person",
        actor=world.other_mentor_profile.user,
    )
    with pytest.raises(ValidationError, match="own visits"):
        log(world, "2", visit=other)
    mine = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() - datetime.timedelta(days=3),
        mode="video",
        actor=world.mentor,
    )
    assert log(world, "2", visit=mine).visit == mine


def test_only_the_mentor_changes_or_deletes_their_log(world):
    entry = log(world, "2")
    with pytest.raises(PermissionDenied):
        services.time_log_delete(log=entry, actor=world.coordinator)
    services.time_log_delete(log=entry, actor=world.mentor)
    assert not TimeLog.objects.exists()


# --- Expenses ----------------------------------------------------------------------------------


def test_an_expense_starts_as_a_draft_in_the_programs_currency(world):
    assert draft(world).status == Expense.Status.DRAFT
    assert draft(world).currency == "PEN"
    CostSettings.objects.create(program=world.program, currency="USD")
    assert draft(world).currency == "USD"


def test_a_receipt_is_kept_when_it_is_a_real_pdf_jpeg_or_png(world):
    expense = draft(world, receipt=pdf())
    assert expense.receipt_name.endswith(".pdf")
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    assert services.expense_receipt_attach(expense=expense, receipt=png, actor=world.mentor)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("boleta.docx", b"PK\x03\x04rest", "only PDF, JPEG or PNG"),
        ("boleta.exe", b"MZ", "only PDF, JPEG or PNG"),
        ("boleta.pdf", b"<html>not a pdf", "not really a PDF"),
        ("boleta.jpg", b"%PDF-1.4", "not really a JPG"),
        ("boleta.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_a_receipt_of_another_type_or_too_big_is_refused(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        draft(world, receipt=SimpleUploadedFile(name, content))
    assert not Expense.objects.exists()


def test_amounts_are_positive_with_at_most_two_decimals(world):
    for amount in ["0", "-3", "10.005"]:
        with pytest.raises(ValidationError):
            draft(world, amount=amount)


def test_submitting_emails_every_coordinator_in_their_language(
    world, django_capture_on_commit_callbacks
):
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    expense = submitted(world, django_capture_on_commit_callbacks)
    assert expense.status == Expense.Status.SUBMITTED and expense.submitted_at
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    message = mail.outbox[0]
    assert world.mentor_profile.code in message.subject
    assert "04/05/2026" in message.body  # the Spanish short date (day first)
    assert f"/p/test-program/costs/expenses/{expense.pk}/" in message.body


def test_a_mentor_changes_only_drafts_and_rejected_expenses(
    world, django_capture_on_commit_callbacks
):
    expense = submitted(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="only drafts and rejected"):
        services.expense_update(
            expense=expense,
            spent_on=DAY,
            category="travel",
            amount=Decimal("1"),
            description="x",
            actor=world.mentor,
        )
    with pytest.raises(ValidationError):
        services.expense_delete(expense=expense, actor=world.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.expense_decide(
            expense=expense,
            approve=False,
            reason="Falta la boleta",
            version=expense.version,
            actor=world.coordinator,
        )
    corrected = services.expense_update(
        expense=expense,
        spent_on=DAY,
        category="travel",
        amount=Decimal("40"),
        description="Pasaje con boleta",
        receipt=pdf(),
        actor=world.mentor,
    )
    assert corrected.status == Expense.Status.REJECTED and corrected.amount == Decimal("40")
    resubmitted = services.expense_submit(expense=corrected, actor=world.mentor)
    assert resubmitted.status == Expense.Status.SUBMITTED
    assert resubmitted.decision_reason == "" and resubmitted.decided_by is None


def test_another_persons_expense_cannot_be_changed(world):
    expense = ExpenseFactory(mentor=world.other_mentor_profile)
    with pytest.raises(PermissionDenied):
        services.expense_submit(expense=expense, actor=world.mentor)


def test_a_coordinator_approves_and_the_mentor_is_emailed_in_their_language(
    world, django_capture_on_commit_callbacks
):
    world.mentor.preferred_language = "en"
    world.mentor.save()
    expense = submitted(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.expense_decide(
            expense=expense,
            approve=True,
            reason="",
            version=expense.version,
            actor=world.coordinator,
        )
    assert decided.status == Expense.Status.APPROVED
    assert decided.decided_by == world.coordinator and decided.decided_at
    assert [m.to for m in mail.outbox] == [[world.mentor.email]]
    assert "approved" in mail.outbox[0].subject
    assert "05/04/2026" in mail.outbox[0].body  # the English short date (month first)
    assert AuditEntry.objects.filter(action="costs.expense.approved").count() == 1


def test_a_rejection_needs_a_reason_that_reaches_the_mentor(
    world, django_capture_on_commit_callbacks
):
    expense = submitted(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="reason"):
        services.expense_decide(
            expense=expense,
            approve=False,
            reason=" ",
            version=expense.version,
            actor=world.coordinator,
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.expense_decide(
            expense=expense,
            approve=False,
            reason="El pasaje no corresponde a una visita",
            version=expense.version,
            actor=world.coordinator,
        )
    assert "rejected" in mail.outbox[0].subject
    assert "El pasaje no corresponde a una visita" in mail.outbox[0].body


def test_the_second_coordinator_to_decide_is_told_it_was_already_decided(
    world, django_capture_on_commit_callbacks
):
    from acompana.accounts.tests.factories import MembershipFactory, UserFactory

    second = UserFactory(first_name="Rosa", last_name="Quispe")
    MembershipFactory(user=second, program=world.program, role="coordinator")
    expense = submitted(world, django_capture_on_commit_callbacks)
    seen = expense.version  # both coordinators opened the same page
    services.expense_decide(
        expense=expense, approve=True, reason="", version=seen, actor=world.coordinator
    )
    with pytest.raises(services.ExpenseConflict, match="already decided: approved by") as caught:
        services.expense_decide(
            expense=expense, approve=False, reason="No", version=seen, actor=second
        )
    assert caught.value.current.decided_by == world.coordinator
    expense.refresh_from_db()
    assert expense.status == Expense.Status.APPROVED and expense.decision_reason == ""


def test_a_decision_on_a_version_since_resubmitted_is_refused(
    world, django_capture_on_commit_callbacks
):
    expense = submitted(world, django_capture_on_commit_callbacks)
    stale = expense.version
    services.expense_decide(
        expense=expense,
        approve=False,
        reason="Falta boleta",
        version=stale,
        actor=world.coordinator,
    )
    services.expense_submit(expense=expense, actor=world.mentor)
    with pytest.raises(services.ExpenseConflict, match="changed since you opened it"):
        services.expense_decide(
            expense=expense, approve=True, reason="", version=stale + 1, actor=world.coordinator
        )


def test_only_coordinators_decide_and_never_on_their_own_expense(
    world, django_capture_on_commit_callbacks
):
    from acompana.accounts.tests.factories import MembershipFactory

    expense = submitted(world, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.expense_decide(
            expense=expense, approve=True, reason="", version=expense.version, actor=world.mentor
        )
    MembershipFactory(user=world.mentor, program=world.program, role="coordinator")
    world.mentor.__dict__.pop("_acompana_roles", None)
    with pytest.raises(ValidationError, match="your own expense"):
        services.expense_decide(
            expense=expense, approve=True, reason="", version=expense.version, actor=world.mentor
        )


def test_deleting_a_draft_removes_its_receipt_file(world, django_capture_on_commit_callbacks):
    expense = draft(world, receipt=pdf())
    storage, name = expense.receipt.storage, expense.receipt.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.expense_delete(expense=expense, actor=world.mentor)
    assert not storage.exists(name) and not Expense.objects.exists()


# --- Budget and currency -----------------------------------------------------------------------


def test_a_budget_line_is_set_once_per_year_and_category(world):
    services.budget_line_save(
        program=world.program,
        year=2026,
        category="travel",
        amount=Decimal("100"),
        actor=world.coordinator,
    )
    line = services.budget_line_save(
        program=world.program,
        year=2026,
        category="travel",
        amount=Decimal("250.50"),
        actor=world.coordinator,
    )
    assert world.program.budget_lines.get().amount == Decimal("250.50") == line.amount
    with pytest.raises(PermissionDenied):
        services.budget_line_save(
            program=world.program,
            year=2026,
            category="travel",
            amount=Decimal("1"),
            actor=world.mentor,
        )
    with pytest.raises(ValidationError):
        services.budget_line_save(
            program=world.program,
            year=2026,
            category="travel",
            amount=Decimal("-1"),
            actor=world.coordinator,
        )


def test_the_currency_changes_only_while_no_expense_is_recorded(world):
    services.cost_settings_save(program=world.program, currency="usd", actor=world.coordinator)
    assert world.program.cost_settings.currency == "USD"
    draft(world)
    with pytest.raises(ValidationError, match="currency cannot change"):
        services.cost_settings_save(program=world.program, currency="PEN", actor=world.coordinator)
