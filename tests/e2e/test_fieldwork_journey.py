import pytest

from acompana.visits.models import FieldNote, Visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_mentor_records_a_visit_offline_and_the_principal_sees_only_the_shared_part(
    world, sign_in, page, browser, live_server
):
    slug = world.program.slug
    sign_in("mentor@example.org")

    # Schedule a visit with the mentee.
    page.goto(f"/p/{slug}/visits/")
    page.select_option("#id_mentee", str(world.mentee_profile.pk))
    page.fill("#id_scheduled_at", "2026-11-20T09:00")
    page.select_option("#id_mode", "in_person")
    page.fill("#id_place", "I.E. N.° 50123 Ccorca")
    page.click("#schedule-form button[type=submit]")
    page.wait_for_selector("#notebook-form")
    page.wait_for_load_state()  # notebook.js (deferred) listens for typing only once loaded
    visit_url = page.url

    # Write the notebook while offline: the draft stays in the browser, then is sent.
    page.context.set_offline(True)
    page.fill("#id_events", "Observé la sesión de comunicación; la señal se cortó.")
    page.locator("#notebook-state").filter(has_text="Offline").wait_for()
    assert not FieldNote.objects.filter(visit__mentee=world.mentee_profile).exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    try:
        page.locator("#notebook-state").filter(has_text="Saved").wait_for(timeout=30_000)
    except Exception:
        raise AssertionError(
            f"state: {page.locator('#notebook-state').inner_text()!r}, "
            f"online: {page.evaluate('navigator.onLine')}, "
            f"draft: {page.evaluate('JSON.stringify(localStorage)')}"
        ) from None
    note = FieldNote.objects.get(visit__mentee=world.mentee_profile)
    assert note.events.startswith("Observé la sesión")
    page.reload()
    assert "la señal se cortó" in page.locator("#id_events").input_value()

    # Fill a rubric.
    page.click("text=Rúbricas de observación de aula (Minedu, 2022)")
    page.locator("fieldset").first.locator("input[type=radio][value='3']").check()
    page.locator("fieldset").first.locator("textarea").fill("22 de 25 estudiantes participan")
    page.click("#instrument-form button[type=submit]")
    page.wait_for_selector("#notebook-form")

    # The reflective dialogue and two commitments; share the summary.
    page.fill("#id_strengths", "Lidera el GIA")
    page.fill("#id_summary", "Acordamos observar dos aulas antes de fin de mes.")
    page.click("#share")
    for text in ("Observar dos aulas con la rúbrica", "Revisar el PAT con el CONEI"):
        page.fill("#id_text", text)
        page.click("#commitment-form button[type=submit]")
    assert page.locator("#commitments li").count() == 2
    page.select_option("select[name=status]", "done")
    page.click("text=Change status")
    visit = Visit.objects.get(mentee=world.mentee_profile)
    assert visit.status == "done"

    # The principal sees the summary and commitments, never the notebook.
    principal = browser.new_context(base_url=live_server.url).new_page()
    principal.goto("/accounts/login/")
    principal.fill("#id_username", "mentee@example.org")
    principal.fill("#id_password", "pass-word-123")
    principal.click(".login button[type=submit]")
    principal.wait_for_url("**/")
    principal.goto(visit_url)
    body = principal.locator("main").inner_text()
    assert "Acordamos observar dos aulas" in body
    assert "Revisar el PAT con el CONEI" in body
    assert "la señal se cortó" not in body
    assert "Lidera el GIA" not in body

    # The next visit lists the open commitments first.
    page.goto(f"/p/{slug}/visits/")
    page.select_option("#id_mentee", str(world.mentee_profile.pk))
    page.fill("#id_scheduled_at", "2026-12-10T09:00")
    page.select_option("#id_mode", "video")
    page.click("#schedule-form button[type=submit]")
    page.wait_for_selector("#open-commitments")
    first_section = page.locator("main section.card").first
    assert first_section.get_attribute("id") == "open-commitments"
    assert "Observar dos aulas con la rúbrica" in first_section.inner_text()
