"""A candidate's journey: the public page of an open call, sign-up, the emailed link, the
application, and the home listing it; a closed call shows no form."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from acompana.accounts.models import User
from acompana.selection.models import Application
from acompana.selection.services import call_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mañana-de-sol-2032"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def test_a_candidate_signs_up_from_a_calls_public_page_and_applies(world, page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    slug = world.program.slug
    cohort = world.program.cohorts.get()
    today = timezone.localdate()
    call = call_create(
        program=world.program,
        cohort=cohort,
        title="Convocatoria abierta",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )
    closed = call_create(
        program=world.program,
        cohort=cohort,
        title="Convocatoria cerrada",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=2),
        actor=world.coordinator,
    )

    # A closed call says so, without a form.
    page.goto(f"/p/{slug}/calls/{closed.pk}/open/")
    assert page.locator("#call-closed").is_visible()
    assert page.locator("#signup-form").count() == 0

    # The open call, read without signing in; the candidate signs up.
    page.goto(f"/p/{slug}/calls/{call.pk}/open/")
    assert "Convocatoria abierta" in page.locator("h1").inner_text()
    page.fill("#id_first_name", "Rosa")
    page.fill("#id_last_name", "Quispe")
    page.fill("#id_email", "rosa.quispe@example.org")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.click("#signup-form button[type=submit]")
    page.wait_for_selector("#signup-sent")
    assert not User.objects.get(email="rosa.quispe@example.org").is_active

    # The emailed link: confirm, signed in, on to the application form.
    message = next(m for m in mail.outbox if m.to == ["rosa.quispe@example.org"])
    link = re.search(r"/accounts/verify/\S+/", message.body).group(0)
    page.goto(link)
    page.click("#signup-verify button[type=submit]")
    page.wait_for_selector("#application-form")
    assert "verified" in page.locator(".messages").inner_text()

    evidence = tmp_path / "titulo.pdf"
    evidence.write_bytes(PDF)
    page.select_option("#id_highest_degree", "master")
    page.fill("#id_teaching_years", "12")
    page.fill("#id_management_years", "4")
    page.fill("#id_programs_served", "1")
    page.fill("#id_motivation", "Quiero acompañar a directivos de escuelas rurales.")
    page.select_option("#id_evidence_kind", "degree")
    page.set_input_files("#id_evidence_files", str(evidence))
    page.click("#application-form button[type=submit]")
    page.wait_for_selector("#status")
    assert Application.objects.filter(call=call, candidate__email="rosa.quispe@example.org")

    # The home lists the application with its status.
    page.goto("/")
    mine = page.locator("#my-applications").inner_text()
    assert "Convocatoria abierta" in mine and "Submitted" in mine
