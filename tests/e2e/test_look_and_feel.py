"""Every role of the demo, at desktop (1366x768) and phone (390x844) sizes: no page scrolls
sideways, axe-core finds no serious or critical accessibility violation, and the main page of
each role is photographed into docs/screenshots/. Two tasks are done with the keyboard alone:
coding a passage of a transcript, and correcting a form from its error summary.

axe-core comes from the npm registry (package.json, pinned in package-lock.json; `make pytest`
runs `npm ci`) and is injected from node_modules, never from a CDN.

The pages open in Spanish, the demo accounts' preferred language (it wins over the browser's
en-US), and are photographed so; the coordinator's and the mentor's pages are checked again in
English (the language switch's cookie), whose shorter words wrap differently.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acompana.agreements.models import Agreement
from acompana.demo.services import demo_load
from acompana.people.models import MentorProfile
from acompana.research.models import Document, Segment
from acompana.selection.models import Application
from acompana.training.models import TrainingSession
from acompana.visits.models import Visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "demo-pass-123"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
SERIOUS = {"serious", "critical"}
SUMMARY = "#error-summary, .error-summary"


def _pages_of_coordinator(slug: str, _user: Any) -> list[str]:
    base = f"/p/{slug}"
    return [
        "/",
        f"{base}/",
        f"{base}/members/",
        f"{base}/import/",
        f"{base}/mentors/",
        f"{base}/mentees/",
        f"{base}/visits/",
        f"{base}/matching/",
        f"{base}/calls/",
        f"{base}/applications/",
        f"{base}/training/",
        f"{base}/costs/report/",
        f"{base}/visits/coverage/",
        f"{base}/group-sessions/",
        f"{base}/surveys/",
        f"{base}/agreements/",
    ]


def _pages_of_mentor(slug: str, user: Any) -> list[str]:
    visit = Visit.objects.filter(mentor__user=user).order_by("-scheduled_at").first()
    assert visit is not None
    return [
        "/",
        f"/p/{slug}/",
        f"/p/{slug}/visits/",
        f"/p/{slug}/visits/{visit.pk}/",
        f"/p/{slug}/agreements/",
        f"/p/{slug}/costs/time/",
        f"/p/{slug}/costs/expenses/",
        f"/p/{slug}/informal-meetings/",
        f"/p/{slug}/training/",
    ]


def _pages_of_mentee(slug: str, user: Any) -> list[str]:
    agreement = Agreement.objects.filter(partnership__mentee__user=user).first()
    pages = ["/", f"/p/{slug}/", f"/p/{slug}/visits/", f"/p/{slug}/surveys/mine/"]
    if agreement is not None:
        pages.append(f"/p/{slug}/agreements/{agreement.pk}/")
    return pages


def _pages_of_specialist(slug: str, user: Any) -> list[str]:
    mentor = MentorProfile.objects.filter(specialist_assignments__specialist=user).first()
    assert mentor is not None
    return [
        "/",
        f"/p/{slug}/mentors/",
        f"/p/{slug}/mentors/{mentor.code}/",
        f"/p/{slug}/group-sessions/",
    ]


def _pages_of_trainer(slug: str, user: Any) -> list[str]:
    session = TrainingSession.objects.filter(trainer=user).first()
    assert session is not None
    return [
        "/",
        f"/p/{slug}/training/",
        f"/p/{slug}/training/sessions/{session.pk}/",
        f"/p/{slug}/training/readiness/",
    ]


def _pages_of_candidate(slug: str, user: Any) -> list[str]:
    application = Application.objects.filter(candidate=user).first()
    assert application is not None
    return [
        "/",
        f"/p/{slug}/applications/{application.pk}/",
        f"/p/{slug}/calls/{application.call_id}/open/",
    ]


def _pages_of_researcher(slug: str, _user: Any) -> list[str]:
    document = Document.objects.filter(kind=Document.Kind.TRANSCRIPT).order_by("pk").first()
    assert document is not None
    study = f"/p/{slug}/research/{document.study.slug}"
    return [
        "/",
        f"{study}/",
        f"{study}/documents/",
        f"{study}/participants/",
        f"{study}/documents/{document.pk}/",
        f"{study}/codes/",
        f"{study}/analysis/",
    ]


# role: (account of the demo, the pages it opens; the first is its main page)
ROLES: dict[str, tuple[str, Callable[[str, Any], list[str]]]] = {
    "coordinator": ("coordinator@demo.example.org", _pages_of_coordinator),
    "mentor": ("mentor-1a@demo.example.org", _pages_of_mentor),
    "principal": ("principal-01@demo.example.org", _pages_of_mentee),
    "specialist": ("specialist-1@demo.example.org", _pages_of_specialist),
    "trainer": ("trainer@demo.example.org", _pages_of_trainer),
    "candidate": ("candidate-1@demo.example.org", _pages_of_candidate),
    "researcher": ("researcher@demo.example.org", _pages_of_researcher),
}

# The elements that stick out to the right, innermost first (what makes the page scroll);
# those clipped or scrolled by a box within the window are left out.
WIDER_THAN_WINDOW = """() => {
  const limit = window.innerWidth + 1;
  if (document.documentElement.scrollWidth <= limit) return [];
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible" &&
          up.getBoundingClientRect().right <= limit) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right <= limit || box.width === 0 || clipped(el)) continue;
    const inner = [...el.children].some((c) => c.getBoundingClientRect().right > limit);
    if (inner) continue;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.classList.length ? "." + [...el.classList].join(".") : "");
    out.push(name + " (right edge at " + Math.round(box.right) + "px)");
    if (out.length === 4) break;
  }
  return [document.documentElement.scrollWidth + "px wide"].concat(out);
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  }));
}"""


@pytest.fixture
def page(browser, live_server):
    """A tab whose pages accept the injected axe-core script despite the site's strict CSP."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm ci) first")
    return AXE


def check_page(page: Any, path: str, axe_source: Path) -> list[str]:
    """The problems of one page at the current size."""
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"answers {response.status if response else 'nothing'}"]
    problems = []
    wide = page.evaluate(WIDER_THAN_WINDOW)
    if wide:
        problems.append("scrolls sideways: " + "; ".join(wide))
    page.add_script_tag(path=str(axe_source))
    for v in page.evaluate(RUN_AXE):
        if v["impact"] in SERIOUS:
            where = ", ".join(v["targets"])
            problems.append(f"axe {v['impact']} {v['id']} on {v['count']} ({v['help']}): {where}")
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_a_role_fits_the_screen_and_passes_axe(role, page, sign_in, axe_source):
    program = demo_load(password=PASSWORD)
    email, pages_of = ROLES[role]
    sign_in(email, PASSWORD)
    from django.contrib.auth import get_user_model

    paths = pages_of(program.slug, get_user_model().objects.get(email=email))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for index, path in enumerate(paths):
            problems += [f"{size} {path}: {p}" for p in check_page(page, path, axe_source)]
            assert page.locator("html").get_attribute("lang") == "es", path
            if index == 0:  # the role's main page, as it opens (viewport only: small files)
                page.goto(path)
                page.screenshot(path=str(SCREENSHOTS / f"{role}-{size}.png"))
    assert not problems, f"{role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ["coordinator", "mentor"])
def test_the_pages_of_a_role_also_fit_and_pass_axe_in_english(
    role, page, sign_in, axe_source, live_server
):
    """The same checks in the other language, without photographing the pages again."""
    program = demo_load(password=PASSWORD)
    email, pages_of = ROLES[role]
    sign_in(email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    from django.contrib.auth import get_user_model

    paths = pages_of(program.slug, get_user_model().objects.get(email=email))
    problems = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in paths:
            problems += [f"{size} {path}: {p}" for p in check_page(page, path, axe_source)]
            assert page.locator("html").get_attribute("lang") == "en", path
    assert not problems, f"{role} (en):\n" + "\n".join(problems)


def focus_by_tab(page: Any, selector: str, presses: int = 250) -> int:
    """Press Tab until the element matching ``selector`` has the focus; how many presses."""
    for count in range(1, presses + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"Tab never reaches {selector}")


def test_a_researcher_codes_a_passage_with_the_keyboard_alone(page, sign_in):
    program = demo_load(password=PASSWORD)
    document = Document.objects.filter(kind=Document.Kind.TRANSCRIPT).order_by("pk").first()
    assert document is not None
    coded = Segment.objects.filter(document=document).count()
    sign_in("researcher@demo.example.org", PASSWORD)
    page.goto(f"/p/{program.slug}/research/{document.study.slug}/documents/{document.pk}/")

    # Tab to the text, move two words in, select three words with Shift.
    focus_by_tab(page, "#doc-text")
    for _ in range(2):
        page.keyboard.press("Control+ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+Control+ArrowRight")
    preview = page.locator("#selection-preview").inner_text()
    assert len(preview.strip("\u201c\u201d ").split()) == 3

    # Tab to the first code, tick it with Space, Tab to the button, press Enter.
    focus_by_tab(page, "#coding-form input[type=checkbox]", presses=5)
    page.keyboard.press("Space")
    assert page.locator("#coding-form input[type=checkbox]").first.is_checked()
    focus_by_tab(page, "#apply-codes")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages .success")
    assert Segment.objects.filter(document=document).count() == coded + 1


def test_a_form_is_sent_and_corrected_from_its_error_summary_with_the_keyboard(page, sign_in):
    program = demo_load(password=PASSWORD)
    sign_in("coordinator@demo.example.org", PASSWORD)
    page.goto(f"/p/{program.slug}/members/add/")

    # From the top of the page, Tab reaches the email field; an address the browser lets
    # through but the server refuses; Tab reaches the form's button; Enter sends it.
    focus_by_tab(page, "#id_email")
    page.keyboard.type("ana@ejemplo")
    focus_by_tab(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(SUMMARY)

    # The error summary has the focus, and its first link leads to the field in error.
    assert page.evaluate("(s) => document.activeElement.matches(s)", SUMMARY)
    page.keyboard.press("Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target and target.startswith("#id_")
    page.keyboard.press("Enter")
    assert page.evaluate("'#' + document.activeElement.id") == target
