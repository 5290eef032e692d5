"""The in-person vs virtual comparison on the demo, read on a phone (390 px) and at 1366 px:
nothing scrolls sideways but the table's own frame, and the two charts fit the screen.
Photographed into docs/screenshots/."""

from pathlib import Path

import pytest

from acompana.demo.services import demo_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "demo-pass-123"
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


def test_the_modality_comparison_reads_on_a_phone_and_a_laptop(page, sign_in):
    program = demo_load(password=PASSWORD)
    sign_in("coordinator@demo.example.org", PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    for width, height, name in ((390, 844, "phone"), (1366, 768, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/p/{program.slug}/reports/modality/")
        assert page.locator("h1").inner_text() == "Presencial y virtual"
        assert not page.evaluate(SCROLLS_SIDEWAYS)
        charts = page.locator("svg.chart")
        assert charts.count() == 2
        box = charts.first.bounding_box()
        assert box and box["width"] <= width
        page.screenshot(path=str(SCREENSHOTS / f"modality-{name}.png"), full_page=True)
