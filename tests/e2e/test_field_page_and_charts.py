"""The visit page held in one hand at 390 px, and a chart read at 1366 px, on the demo.

The visit page: the parts of the visit in order, the next step on the first screen, writing
areas as wide as the screen and buttons large enough for a thumb, nothing scrolling sideways.
The cost report: the chart spans the page, budget and spent in two colours, numbers in the
reader's language, the same figures in a table. Both are photographed into docs/screenshots/.
"""

from pathlib import Path

import pytest

from acompana.demo.services import demo_load
from acompana.visits.models import Visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "demo-pass-123"
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


def test_a_mentor_works_through_a_visit_one_handed_on_a_phone(page, sign_in):
    demo_load(password=PASSWORD)
    email = "mentor-1a@demo.example.org"
    sign_in(email, PASSWORD)
    visit = Visit.objects.filter(mentor__user__email=email).order_by("-scheduled_at").first()
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    page.goto(f"/p/{visit.program.slug}/visits/{visit.pk}/")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    headings = page.locator(".visit-part > h2").all_inner_texts()
    assert headings == ["Antes de la visita", "Durante la visita", "Después de la visita"]
    # The parts are reached with a thumb: each link of the part menu is at least 44 px high.
    for box in (a.bounding_box() for a in page.locator(".visit-parts a").all()):
        assert box and box["height"] >= 44
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "visit-phone.png"))
    # Writing areas take the width of the screen, with their label above.
    area = page.locator("#id_events")
    box, label = area.bounding_box(), page.locator("label[for=id_events]").bounding_box()
    assert box and label and box["width"] >= 0.8 * 390 and label["y"] < box["y"]
    area.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "visit-notebook-phone.png"))
    button = page.locator("#notebook-form button[type=submit]").bounding_box()
    assert button and button["height"] >= 44 and button["width"] >= 0.8 * 390


def test_the_cost_report_chart_spans_the_page_with_two_colours_and_spanish_numbers(page, sign_in):
    program = demo_load(password=PASSWORD)
    sign_in("coordinator@demo.example.org", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    page.goto(f"/p/{program.slug}/costs/report/")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    chart = page.locator(".chart-wide svg.chart").first
    main = page.locator("main").bounding_box()
    box = chart.bounding_box()
    assert main and box and box["width"] >= 0.6 * main["width"]
    fills = set(
        chart.locator("rect[height='14']").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))")
    )
    assert len(fills) == 2  # budget and spent
    texts = " ".join(chart.locator("text").all_text_contents())
    assert "Presupuesto" in texts
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "costs-chart-desktop.png"))
    details = page.locator(".chart-wide details.chart-table").first
    details.locator("summary").click()
    cells = details.locator("tbody td").all_inner_texts()
    assert cells and all("." not in c or "," in c for c in cells)  # 1.234,50, never 1234.50
    page.screenshot(path=str(SCREENSHOTS / "costs-chart-table-desktop.png"), full_page=True)
