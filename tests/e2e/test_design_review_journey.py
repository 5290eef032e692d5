"""The program year on the demo: the coordinator rolls 2021 into 2022 on the page (a preview
first, then for real), writes two design-review points linked to evidence, changes a weight of
the 2022 call's rubric and sees it in the year-over-year diff; the review page is photographed
at 1366 and 390 px into docs/screenshots/ and scrolls sideways at neither size."""

from pathlib import Path

import pytest

from acompana.demo.services import demo_load
from acompana.programs.models import Cohort, ReviewPoint
from acompana.selection.models import Call
from acompana.training.models import TrainingPlan
from acompana.visits.models import Round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "demo-pass-123"


def _point(page, *, kind: str, area: str, text: str, evidence: list[str]) -> None:
    form = page.locator("#review-point-form")
    form.locator(f"input[name=kind][value={kind}]").check()
    form.locator("select[name=area]").select_option(area)
    form.locator("textarea[name=text]").fill(text)
    for value in evidence:
        form.locator(f"input[name=evidence][value='{value}']").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f".review-text:has-text('{text}')")


def test_the_coordinator_rolls_the_year_reviews_it_and_sees_the_design_change(sign_in, page):
    program = demo_load(password=PASSWORD)
    slug = program.slug
    old = program.cohorts.get(year=2021)
    sign_in("coordinator@demo.example.org", PASSWORD)

    # The rollover, from the cohort's page: a preview that writes nothing, then for real.
    page.goto(f"/p/{slug}/cohorts/{old.pk}/")
    page.click(f"a[href='/p/{slug}/cohorts/{old.pk}/rollover/']")
    page.fill("#id_name", "2022")
    page.fill("#id_year", "2022")
    page.click("#preview-rollover")
    page.wait_for_selector("#rollover-preview")
    assert not Cohort.objects.filter(program=program, year=2022).exists()
    page.click("#confirm-rollover")
    page.wait_for_selector("#rollover-created")
    new = Cohort.objects.get(program=program, year=2022)
    assert new.rolled_over_from == old

    # Two points of 2021's review, linked to evidence of the program.
    page.goto(f"/p/{slug}/cohorts/{old.pk}/")
    page.click("#cohort-review")
    page.wait_for_selector("#review-point-form")
    first_round = Round.objects.filter(cohort=old).order_by("starts_on").first()
    plan = TrainingPlan.objects.filter(cohort=old).first()
    assert first_round is not None and plan is not None
    _point(
        page,
        kind="learned",
        area="rounds",
        text="La primera ronda virtual perdió visitas por conectividad.",
        evidence=[f"round_coverage:{first_round.pk}", f"cancellation_reasons:{first_round.pk}"],
    )
    _point(
        page,
        kind="change",
        area="rubric",
        text="La experiencia en acompañamiento pesa más en la convocatoria 2022.",
        evidence=[f"training_feedback:{plan.pk}", f"group_session_hours:{old.pk}"],
    )
    assert ReviewPoint.objects.filter(cohort=old).count() == 2
    evidence = page.locator(".review-evidence a")
    assert evidence.count() == 4
    assert f"/p/{slug}/visits/coverage/" in evidence.first.get_attribute("href")
    diff = page.locator("#diff-heading + *").first
    assert diff.is_visible()

    # One change in 2022's design: a weight of the call's rubric.
    call = Call.objects.get(cohort=new)
    criterion = call.rubric["criteria"][0]
    code, weight = criterion["code"], criterion["weight"]
    page.goto(f"/p/{slug}/calls/{call.pk}/rubric/")
    details = page.locator(f"details:has(input[name=replaces][value={code}])")
    details.locator("summary").click()
    details.locator("input[name='edit-weight']").fill(str(weight + 5))
    details.locator("button[type=submit]").first.click()
    page.wait_for_url(f"**/calls/{call.pk}/rubric/")

    # The diff, on 2022's review page: that weight, and nothing moved by the year alone.
    page.goto(f"/p/{slug}/cohorts/{new.pk}/review/")
    table = page.locator("table.review-diff")
    assert table.count() == 1
    text = table.inner_text()
    assert f"{weight} → {weight + 5}" in text
    assert "/2021" not in text  # no date reported only because it moved a year

    # The page at both sizes, photographed; nothing scrolls sideways.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"/p/{slug}/cohorts/{old.pk}/review/")
    for size, (width, height) in {"desktop": (1366, 768), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/p/{slug}/cohorts/{old.pk}/review/")
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, size
        page.screenshot(path=str(SCREENSHOTS / f"design-review-{size}.png"), full_page=True)
