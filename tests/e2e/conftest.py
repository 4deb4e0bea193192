"""Browser tests: real headless Chromium from Debian, driven by Playwright, against a live server.

Screenshots of failing tests land in ``test-results/`` so a red CI run shows what the user saw.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("EXPATCARE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results"
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it (fixtures, assertions on rows) are still synchronous, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# The viewport every test starts with (Playwright's default size, stated).
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def browser(live_server: Any) -> Iterator[Any]:
    """Chromium for the whole run, closed before the live server stops.

    The server answers each keep-alive connection of the browser in a thread of its own, which
    closes the shared in-memory SQLite connection when the browser hangs up. Had the server
    already stopped sharing that connection, the thread would fail at the end of the run (a
    thread-exception warning pinned on whichever test ran last), so the browser goes first and
    those threads are waited for.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def _shared_page(browser: Any, live_server: Any) -> Iterator[Any]:
    # One context and tab for the whole run: a fresh context costs about two seconds for its
    # first navigation (new renderer and network processes), more than most tests take.
    # Isolation comes from clearing cookies and storage before each test instead.
    context = browser.new_context(
        locale="en-US", base_url=live_server.url, viewport=DEFAULT_VIEWPORT
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(_shared_page: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    page = _shared_page
    page.context.clear_cookies()
    page.context.set_extra_http_headers({})
    # A test that resized the shared tab (phone widths) must not leave the next one a phone.
    page.set_viewport_size(DEFAULT_VIEWPORT)
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page and return readable serious/critical violations.

    axe is evaluated from node_modules through the DevTools protocol (not a <script> of the
    app), so the strict CSP of the product does not have to make room for it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    # Only violations are collected: gathering every passing node triples the run time.
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def login(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).first.fill(email)
    page.get_by_label(re.compile("password|passwort", re.IGNORECASE)).first.fill(password)
    page.get_by_role("button", name=re.compile("sign in|log in|anmelden", re.IGNORECASE)).click()


@pytest.fixture
def login_as(page: Any, live_server: Any) -> Callable[[Any], None]:
    """``login_as(user)``: put a logged-in session cookie into the browser, skipping the form.

    For tests about other pages; the login form itself has its own journey test.
    """
    from django.conf import settings
    from django.test import Client

    def log_in(user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def demo_users(transactional_db: None) -> dict[Any, Any]:
    """The demo tenant built once for a test, its users by role."""
    from expatcare.accounts.models import User
    from expatcare.demo.logins import DEMO_LOGINS
    from expatcare.demo.tenant import build_demo_tenant

    build_demo_tenant(password="demo-password-for-browser-tests")
    return {login.role: User.objects.get(email=login.email) for login in DEMO_LOGINS}


def set_language_cookie(page: Any, live_server: Any, code: str) -> None:
    """Choose the page language the way the language menu does, before the first request."""
    from django.conf import settings

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )
