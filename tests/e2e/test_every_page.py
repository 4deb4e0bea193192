"""Every page a role reaches from the navigation, in a real browser, at desktop and phone width.

Staff roles are checked in English and German (the staff languages), the employee's portal in
all eight languages. The pages are not listed here: they are the links the navigation offers
(plus the person and case pages HR opens from the lists), so a page added to the navigation
is checked without touching this file. On each page and width:

- no horizontal overflow: the document is exactly as wide as the viewport (issue 10, defects
  3 and 4: Arabic pages were 2,365 px wide at 1,366 px, phone pages up to 1,389 px at 390 px);
- no console error (a refused inline style, a missing favicon, a failing script);
- axe-core finds no serious or critical violation;
- every date input that carries a value shows it (an ISO value the browser accepted; a
  localised value is dropped by the browser and the field looks empty).

The demo tenant provides the data (25 people with cases, duties, documents and family), so
tables, badges and timelines are checked with real content rather than empty states.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest

from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from tests.e2e.conftest import axe_violations, set_language_cookie

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
STAFF_LANGUAGES = ["en", "de"]
PORTAL_LANGUAGES = ["de", "en", "es", "pt-br", "tr", "ar", "uk", "hi"]
STAFF_ROLES = [Role.OWNER, Role.HR, Role.MANAGER, Role.PROVIDER_ADMIN, Role.AUDITOR]

CASES = [(role, language) for role in STAFF_ROLES for language in STAFF_LANGUAGES] + [
    (Role.EMPLOYEE, language) for language in PORTAL_LANGUAGES
]

# Pages the navigation must offer a role, so a page that drops out of it is not skipped unseen.
REQUIRED_PATHS = {Role.EMPLOYEE: ("/people/me/", "/eligibility/my-case/", "/care/mine/")}

# Pages behind the navigation that HR opens from a list: the first link of each pattern.
DETAIL_LINKS = {
    "/people/": re.compile(r"^/people/\d+/$"),
    "/eligibility/cases/": re.compile(r"^/eligibility/cases/\d+/$"),
}

PAGE_CHECKS = """() => {
  const root = document.documentElement;
  const dates = [...document.querySelectorAll('input[type="date"]')]
    .filter((input) => input.getAttribute('value'))
    .filter((input) => !/^\\d{4}-\\d{2}-\\d{2}$/.test(input.value))
    .map((input) => `${input.name}=${input.getAttribute('value')}`);
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width && (box.right > root.clientWidth + 1 || box.left < -1)) {
        const kids = [...element.children].some((child) => {
          const inner = child.getBoundingClientRect();
          return inner.width && (inner.right > root.clientWidth + 1 || inner.left < -1);
        });
        if (!kids) wide.push(`${element.tagName.toLowerCase()}.${element.className} ` +
          `"${(element.textContent || '').trim().slice(0, 30)}"`);
      }
    }
  }
  return {width: root.scrollWidth, viewport: root.clientWidth, dates, wide: wide.slice(0, 4),
          lang: root.lang, dir: root.dir};
}"""


def _navigation_paths(page: Any) -> list[str]:
    """The same-site pages the navigation links to, in order, without duplicates."""
    hrefs = page.eval_on_selector_all(
        "#site-menu a[href]", "links => links.map((link) => link.getAttribute('href'))"
    )
    paths: list[str] = []
    for href in hrefs:
        path = urlparse(href).path
        if path.startswith("/") and path not in paths:
            paths.append(path)
    return paths


def _detail_paths(page: Any, list_paths: list[str]) -> list[str]:
    found = []
    for list_path, pattern in DETAIL_LINKS.items():
        if list_path not in list_paths:
            continue
        page.goto(list_path)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "links => links.map((link) => link.getAttribute('href'))"
        )
        first = next((href for href in hrefs if pattern.match(href)), None)
        if first:
            found.append(first)
    return found


def _check_page(page: Any, path: str, errors: list[str]) -> list[str]:
    errors.clear()
    response = page.goto(path)
    problems = []
    if response is None or response.status != 200:
        problems.append(f"status {response.status if response else 'none'}")
    state = page.evaluate(PAGE_CHECKS)
    if state["width"] != state["viewport"]:
        problems.append(
            f"document {state['width']} px wide in a {state['viewport']} px viewport"
            f" (sticking out: {state['wide']})"
        )
    if state["dates"]:
        problems.append(f"date inputs the browser dropped: {state['dates']}")
    problems += [f"axe: {violation}" for violation in axe_violations(page)]
    problems += [f"console: {error}" for error in errors]
    return problems


@pytest.mark.parametrize(
    ("role", "language"), CASES, ids=[f"{r.value}-{lang}" for r, lang in CASES]
)
def test_every_navigation_page_fits_and_passes_axe(
    page: Any,
    login_as: Any,
    live_server: Any,
    demo_users: dict[Role, User],
    role: Role,
    language: str,
) -> None:
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_page_error(error: Any) -> None:
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    login_as(demo_users[role])
    set_language_cookie(page, live_server, language)
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language
    paths = _navigation_paths(page)
    assert len(paths) >= 3, paths
    assert [p for p in REQUIRED_PATHS.get(role, ()) if p not in paths] == [], paths
    paths += _detail_paths(page, paths)

    problems: dict[str, list[str]] = {}
    try:
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for path in paths:
                found = _check_page(page, path, errors)
                if found:
                    problems[f"{path} at {viewport['width']} px"] = found
    finally:
        page.set_viewport_size(DESKTOP)
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
    assert not problems, "\n".join(
        f"{where}: {problem}" for where, found in problems.items() for problem in found
    )
