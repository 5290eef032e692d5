"""A new coordinator's journey: a cohort, its people, the waiting list, invitations, matching."""

import re

import pytest
from django.core import mail

from acompana.programs.models import Cohort
from acompana.programs.tests.factories import SchoolFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "tarde-de-lluvia-2032"


def test_a_coordinator_brings_imported_mentees_from_the_waiting_list_to_matching(
    world, sign_in, browser, tmp_path
):
    slug = world.program.slug
    SchoolFactory(program=world.program, code="S-NORTE", name="Escuela del Norte")
    page = sign_in("coordinator@example.org")

    # A new cohort.
    page.goto(f"/p/{slug}/cohorts/new/")
    page.fill("#id_year", "2032")
    page.fill("#id_name", "Norte")
    page.select_option("#id_modality", "hybrid")
    page.click("form.card button[type=submit]")
    assert "The cohort is created." in page.locator(".messages").inner_text()

    # Its mentors: ticked on the mentors list and added to the cohort.
    page.goto(f"/p/{slug}/mentors/")
    for box in page.locator("input[name=codes]").all():
        box.check()
    page.select_option("#id_bulk_cohort", label="Norte")
    page.click("#cohort-form button:not([formaction])")
    assert "2 people added to Norte." in page.locator(".messages").inner_text()

    # Its mentees: imported with a cohort column.
    mentees = tmp_path / "mentees.csv"
    mentees.write_text(
        "code,first_name,last_name,email,position,school_code,cohort\n"
        "NT-1,Rosa,Quispe,rosa@example.org,director,S-NORTE,Norte\n"
        "NT-2,Julio,Mamani,julio@example.org,subdirector,S-NORTE,Norte\n"
    )
    page.goto(f"/p/{slug}/import/")
    page.select_option("#id_kind", "mentees")
    page.set_input_files("#id_file", str(mentees))
    page.click("form.card button[type=submit]")
    assert "2 created" in page.locator(".messages").inner_text()

    # The waiting list, from the home page.
    page.goto("/")
    assert page.locator("#mentees-waiting .stat").inner_text() == "2"
    page.click("#mentees-waiting")
    assert set(page.locator("table tbody td:nth-child(2) a").all_inner_texts()) == {
        "NT-1",
        "NT-2",
    }
    assert page.locator(".access-never_invited").count() == 2

    # Invitations to the cohort, after seeing who gets one.
    page.goto(f"/p/{slug}/invitations/")
    page.select_option("#id_cohort", label="Norte")
    page.click("form.filters button[type=submit]")
    assert "2 people will get an invitation" in page.locator("#invite-check").inner_text()
    page.click("#invite-check button[type=submit]")
    assert "2 invitations sent." in page.locator(".messages").inner_text()
    message = next(m for m in mail.outbox if m.to == ["rosa@example.org"])
    link = re.search(r"/accounts/invitation/\S+/", message.body).group(0)

    # The mentee opens the link, chooses a password and signs in.
    mentee = browser.new_context(base_url=page.url.split("/p/")[0], locale="en-US").new_page()
    mentee.goto(link)
    mentee.fill("#id_new_password1", PASSWORD)
    mentee.fill("#id_new_password2", PASSWORD)
    mentee.click(".login button[type=submit]")
    assert "Your password is set" in mentee.locator(".messages").inner_text()
    mentee.fill("#id_username", "rosa@example.org")
    mentee.fill("#id_password", PASSWORD)
    mentee.click(".login button[type=submit]")
    mentee.wait_for_url("**/")
    assert "Rosa" in mentee.locator("h1").inner_text()
    mentee.goto(link)
    assert "already been used" in mentee.locator("#invitation-invalid").inner_text()

    # Matching shows who is waiting before a run, then proposes the imported mentees.
    page.goto(f"/p/{slug}/matching/")
    assert "2 mentees waiting for a mentor" in page.locator("#waiting-before-run").inner_text()
    norte = Cohort.objects.get(program=world.program, name="Norte")
    page.select_option("#id_cohort", str(norte.pk))
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#pairs")
    proposed = {
        page.locator("#pairs tr[id^=pair-]").nth(i).get_attribute("data-person")
        for i in range(page.locator("#pairs tr[id^=pair-]").count())
    }
    assert {"NT-1", "NT-2"} <= proposed
