"""The HR home in a browser: its header tools are not clipped at 1,366 px, and at 390 px
the page fits its width (issue 10). Screenshots land in the test artefacts for review."""

from __future__ import annotations

from typing import Any

import pytest

from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from tests.e2e.conftest import SCREENSHOT_DIR, set_language_cookie

pytestmark = pytest.mark.e2e

# Each header tool whose box is cut by the window or whose content overflows its box.
CLIPPED_TOOLS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const tools = '.site-header a, .site-header button, .site-header select';
  for (const el of document.querySelectorAll(tools)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // collapsed into the menu
    if (box.left < 0 || box.right > width + 0.5 || el.scrollWidth > el.clientWidth + 1)
      out.push((el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40)
               + ' ' + Math.round(box.left) + '-' + Math.round(box.right));
  }
  return out;
}"""


# Each header icon whose drawing sticks out of its box (the sprite's 24-unit drawing shown
# without a viewBox is cut at 18 px).
CUT_ICONS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('.site-header svg.icon')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const use = svg.querySelector('use');
    const drawn = use.getBBox();
    const view = svg.viewBox.baseVal;
    const width = view && view.width ? view.width : box.width;
    const height = view && view.height ? view.height : box.height;
    if (drawn.x + drawn.width > width + 0.5 || drawn.y + drawn.height > height + 0.5)
      out.push(use.getAttribute('href').split('#')[1]);
  }
  return out;
}"""


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_home_header_tools_are_whole_and_the_page_fits(
    page: Any,
    login_as: Any,
    live_server: Any,
    demo_users: dict[Role, User],
    language: str,
    width: int,
    height: int,
) -> None:
    login_as(demo_users[Role.HR])
    set_language_cookie(page, live_server, language)
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    assert page.locator("#home-duties").count() == 1
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"hr-home-{language}-{width}.png"), full_page=True)
    page.locator(".site-header").screenshot(
        path=str(SCREENSHOT_DIR / f"hr-home-header-{language}-{width}.png")
    )
    assert page.evaluate(CLIPPED_TOOLS) == []
    assert page.evaluate(CUT_ICONS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
