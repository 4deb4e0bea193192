"""The eligibility person picker holds together, and screenshots of the main pages are kept.

Issue 10, defect 13: the picker overlapped its hint, cut its option text and showed half a
button. Measured in Chromium at desktop (1,366 px) and phone (390 px) width, in German and in
Arabic (right to left): the hint overlaps neither the select nor the button, the selected
option's text fits inside the select, and the button lies wholly inside the viewport with
its own label uncut and nothing painted over its centre.

The screenshots (issue 10, acceptance) of the person page, the HR home and "My case" are
written to ``test-results/screenshots/`` (git-ignored, like the failure screenshots beside
it): German at 1,366 px and Arabic at 390 px. HR pages exist in the staff languages only, so
the Arabic set shows the employee's own record and "My case".
"""

from __future__ import annotations

from typing import Any

from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from expatcare.people.models import Person
from tests.e2e.conftest import SCREENSHOT_DIR, set_language_cookie

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

PICKER_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
            height: r.height}; };
  const select = document.querySelector('#id_person');
  const hint = document.querySelector('#person-select-help');
  const button = document.querySelector('form[role="search"] button[type="submit"]');
  const style = getComputedStyle(select);
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const option = select.options[select.selectedIndex];
  const inner = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const centre = button.getBoundingClientRect();
  const top = document.elementFromPoint(centre.left + centre.width / 2,
                                        centre.top + centre.height / 2);
  return {select: box(select), hint: box(hint), button: box(button),
          optionText: option.text, optionWidth: canvas.measureText(option.text).width,
          selectInner: inner, buttonCut: button.scrollWidth > button.clientWidth + 1,
          buttonOnTop: top === button || button.contains(top),
          viewport: document.documentElement.clientWidth};
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
        and a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
    )


def test_the_person_picker_keeps_hint_option_and_button_apart(
    page: Any, login_as: Any, live_server: Any, demo_users: dict[Role, User]
) -> None:
    # The longest name of the tenant, so the selected option is the hardest to fit.
    person = max(Person.objects.all(), key=lambda p: len(p.full_name))
    login_as(demo_users[Role.HR])
    problems = []
    try:
        for language in ("de", "ar"):
            set_language_cookie(page, live_server, language)
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                page.goto(f"/eligibility/?person={person.pk}")
                assert page.locator("html").get_attribute("lang") == language
                found = page.evaluate(PICKER_BOXES)
                where = f"{language} at {viewport['width']} px"
                assert person.last_name in found["optionText"], (where, found["optionText"])
                if _overlap(found["hint"], found["select"]):
                    problems.append(f"{where}: the hint overlaps the select")
                if _overlap(found["hint"], found["button"]):
                    problems.append(f"{where}: the hint overlaps the button")
                if found["optionWidth"] > found["selectInner"]:
                    problems.append(
                        f"{where}: option text {found['optionWidth']:.0f} px in a select of "
                        f"{found['selectInner']:.0f} px"
                    )
                button = found["button"]
                if (
                    button["left"] < 0
                    or button["right"] > found["viewport"]
                    or button["width"] < 40
                ):
                    problems.append(f"{where}: the button is not wholly visible ({button})")
                if found["buttonCut"] or not found["buttonOnTop"]:
                    problems.append(f"{where}: the button's label is cut or covered")
    finally:
        page.set_viewport_size(DESKTOP)
    assert problems == []


def test_screenshots_of_the_person_page_hr_home_and_my_case(
    page: Any, login_as: Any, live_server: Any, demo_users: dict[Role, User]
) -> None:
    """Writes the screenshots the issue asks for and checks each page fits its width."""
    folder = SCREENSHOT_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    employee_person = Person.objects.get(user=demo_users[Role.EMPLOYEE])
    hr_person = (
        Person.objects.filter(organization_id=employee_person.organization_id)
        .exclude(pk=employee_person.pk)
        .filter(family_members__isnull=False)
        .order_by("pk")
        .first()
    )
    assert hr_person is not None
    shots = [
        (Role.HR, "de", DESKTOP, "/", "hr-home-de-desktop"),
        (Role.HR, "de", DESKTOP, f"/people/{hr_person.pk}/", "person-page-de-desktop"),
        (Role.EMPLOYEE, "de", DESKTOP, "/eligibility/my-case/", "my-case-de-desktop"),
        (Role.EMPLOYEE, "ar", PHONE, "/people/me/", "person-page-ar-phone"),
        (Role.EMPLOYEE, "ar", PHONE, "/eligibility/my-case/", "my-case-ar-phone"),
    ]
    written = []
    try:
        for role, language, viewport, path, name in shots:
            page.context.clear_cookies()
            login_as(demo_users[role])
            set_language_cookie(page, live_server, language)
            page.set_viewport_size(viewport)
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width == viewport["width"], (name, width)
            target = folder / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
    finally:
        page.set_viewport_size(DESKTOP)
    assert all(path.stat().st_size > 10_000 for path in written)
