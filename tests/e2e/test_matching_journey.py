import pytest

from acompana.demo.services import demo_load
from acompana.people.models import Partnership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "demo-pass-123"


def test_a_coordinator_matches_the_demo_cohort_reviews_and_publishes(page, sign_in, browser):
    program = demo_load(password=PASSWORD)
    sign_in("coordinator@demo.example.org", PASSWORD)
    page.click("button[value=en]")  # demo accounts prefer Spanish

    # Configure criteria: management experience matters most, a shared language is a must.
    page.goto(f"/p/{program.slug}/matching/")
    page.select_option("#id_cohort", label="2021 · Virtual")
    page.select_option("#id_objective", "total")
    page.select_option("#id_w_management", "10")
    page.select_option("#id_w_language", "must")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#pairs")
    assert "Ready for review" in page.locator("#run-status").inner_text()
    run_url = page.url

    # Open one pair's explanation.
    first_new = page.locator("#pairs tr[id^=pair-]:not(:has(.tag))").first
    person = first_new.get_attribute("data-person")
    first_new.locator("td.num a").click()
    assert page.locator("#explanation").is_visible()
    assert "Management experience for principals" in page.locator("#explanation").inner_text()

    # Lock that pair.
    page.goto(run_url)
    row = page.locator(f"#pairs tr[data-person='{person}']")
    row.get_by_role("button", name="Lock").click()
    assert page.locator(f"#pairs tr[data-person='{person}'] .tag", has_text="locked").count() == 1

    # Swap two new pairs of different mentors.
    candidates = page.locator("#pairs tr[id^=pair-]:not(:has(.tag))")
    first = candidates.first
    first_mentor = first.get_attribute("data-mentor")
    second = page.locator(
        f"#pairs tr[id^=pair-]:not(:has(.tag)):not([data-mentor='{first_mentor}'])"
    ).first
    a_person, b_person = first.get_attribute("data-person"), second.get_attribute("data-person")
    b_mentor = second.get_attribute("data-mentor")
    first.locator("input[name=pick]").check()
    second.locator("input[name=pick]").check()
    page.click("#swap-form button[type=submit]")
    assert "Swapped" in page.locator(".messages").inner_text()
    assert (
        page.locator(f"#pairs tr[data-person='{a_person}']").get_attribute("data-mentor")
        == b_mentor
    )
    assert (
        page.locator(f"#pairs tr[data-person='{b_person}']").get_attribute("data-mentor")
        == first_mentor
    )

    # Publish: the check page says how many people will be emailed, then the coordinator confirms.
    page.click("#publish")
    assert int(page.locator("#publish-emails").inner_text()) > 0
    page.click("#confirm-publish")
    assert "Published" in page.locator(".messages").inner_text()
    new_pair = Partnership.objects.get(mentee__code=a_person, ended_on=None)
    assert new_pair.mentor.code == b_mentor

    # The mentor sees their new mentee on their home page.
    mentor_page = browser.new_context(base_url=page.url.split("/p/")[0]).new_page()
    mentor_page.goto("/accounts/login/")
    mentor_page.fill("#id_username", new_pair.mentor.user.email)
    mentor_page.fill("#id_password", PASSWORD)
    mentor_page.click(".login button[type=submit]")
    mentor_page.wait_for_url("**/")
    mentor_page.click("button[value=en]")
    assert new_pair.mentee.user.get_full_name() in mentor_page.locator("main").inner_text()
