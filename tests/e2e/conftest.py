"""Browser journeys: Playwright drives Debian's chromium against the live test server."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous, so Django's async guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install chromium")
    return path


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """The live server speaks plain HTTP: no HTTPS redirect, HSTS or secure-only cookies.

    Session-scoped and autouse so that it is in force before the live server is built (its
    middleware reads these settings once, when it starts).
    """
    from django.test.utils import override_settings

    override = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def sign_in(page):
    def go(email: str, password: str = "pass-word-123"):
        page.goto("/accounts/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.click(".login button[type=submit]")
        page.wait_for_url("**/")
        return page

    return go


@pytest.fixture(autouse=True)
def _shipped_defaults(live_server):
    """The frameworks and instruments that migrations ship, whatever ran before.

    A journey's live server writes from another thread, and the database flush after it can
    leave the serialized migration data unrestored for the next journey; loading the
    defaults again is idempotent.
    """
    from acompana.frameworks.defaults import load_frameworks
    from acompana.frameworks.models import CareerStage, Competency, Domain, Framework, Performance
    from acompana.visits.instruments import instruments_load_defaults
    from acompana.visits.models import Instrument, InstrumentItem

    load_frameworks(Framework, Domain, Competency, Performance, CareerStage)
    instruments_load_defaults(Instrument, InstrumentItem, Performance)
