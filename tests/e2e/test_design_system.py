"""The design system in the browser: menus that fold on phones and stand open on desktops,
tables that stack into labelled rows, the error summary that takes the focus."""

import pytest

from acompana.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_on_a_phone_the_menus_fold_and_tables_stack(world, sign_in, page):
    page.set_viewport_size(PHONE)
    sign_in("coordinator@example.org")
    page.goto(f"/p/{world.program.slug}/visits/")

    menu = page.locator(".program-menu")
    visits = menu.get_by_role("link", name="Visits", exact=True)
    assert not visits.is_visible()
    menu.locator("summary").click()
    assert visits.is_visible()
    assert visits.get_attribute("aria-current") == "page"
    assert not page.locator(".site-menu").get_by_role("link", name="Frameworks").is_visible()
    assert fits(page)


def test_on_a_desktop_the_menus_stand_open_without_a_button(world, sign_in, page):
    page.set_viewport_size(DESKTOP)
    sign_in("coordinator@example.org")
    page.goto(f"/p/{world.program.slug}/visits/")

    assert page.locator(".program-menu").get_by_role("link", name="Audit log").is_visible()
    assert page.locator(".site-menu").get_by_role("link", name="Frameworks").is_visible()
    assert not page.locator(".program-menu > summary").is_visible()
    assert fits(page)


def test_the_design_page_stacks_tables_and_focuses_the_error_summary(sign_in, page):
    UserFactory(email="staff@example.org", is_staff=True)
    page.set_viewport_size(PHONE)
    sign_in("staff@example.org")
    page.goto("/design/")

    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    first_cell = page.locator("#tables ~ table tbody td").first
    assert first_cell.get_attribute("data-label") == "Date"
    label = first_cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Date"'  # the header's text, shown in the stacked row
    assert fits(page)  # the wide table scrolls inside its wrapper
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_name"
