"""The care journey in a real browser, one page after the other as the three parties see it.

HR builds a package template from the provider's catalog and assigns it to an employee with a
child; the provider confirms one enrolment; the employee finds the confirmed module under
"My care" in Turkish and in Arabic (right to left, no horizontal overflow at desktop and phone
width). axe-core checks every page of the journey for serious and critical violations.
Screenshots of the pages land in ``test-results/screenshots`` for a human look.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from expatcare.accounts.roles import Role
from expatcare.care.choices import EnrolmentStatus
from expatcare.care.models import Enrolment, PackageTemplate
from expatcare.demo.care import _catalog
from tests.conftest import Tenant
from tests.e2e.conftest import SCREENSHOT_DIR, axe_violations, login
from tests.factories import TEST_PASSWORD, FamilyMemberFactory, ProviderAssignmentFactory

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = SCREENSHOT_DIR / "screenshots"

# Category labels of "My care" in the portal language: a missing translation shows English.
MY_CARE = {
    "tr": ("Bakım hizmetlerim", "Onaylandı", "Uluslararası sağlık sigortası"),
    "ar": ("رعايتي", "مؤكد", "تأمين صحي دولي"),
}


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"care-journey-{name}.png"), full_page=True)


def _log_in_fresh(page: Any, email: str) -> None:
    page.context.clear_cookies()
    login(page, email, TEST_PASSWORD)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


# A localised date may carry right-to-left marks (Arabic: "01\u200f/01\u200f/2027"); forced
# into a left-to-right isolate it reads "012027/01/". Text that needs them follows the page.
SCRAMBLED_BY_LTR = """() => [...document.querySelectorAll('main [dir="ltr"]')]
  .filter((element) => element.textContent.includes('\u200f'))
  .map((element) => element.textContent)"""

# Links of the navigation bar that cover their neighbour (Pico pulls nav links outwards).
OVERLAPPING_LINKS = """() => {
  const boxes = [...document.querySelectorAll('#site-menu .nav-links a')]
    .map((link) => [link.textContent.trim(), link.getBoundingClientRect()]);
  return boxes.slice(1)
    .filter(([, box], index) => Math.abs(box.top - boxes[index][1].top) < 2
      && box.left < boxes[index][1].right - 0.5)
    .map(([name], index) => `${boxes[index][0]} / ${name}`);
}"""


def _width(page: Any) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_hr_assigns_a_package_the_provider_confirms_the_employee_reads_it_in_tr_and_ar(
    page: Any, tenant: Tenant
) -> None:
    catalog = _catalog(tenant.actor(Role.PROVIDER_ADMIN))
    core, helpdesk = catalog["expat-health-core"], catalog["help-desk"]
    person = tenant.employee_person
    child = FamilyMemberFactory(person=person, relation="child", first_name="Deniz")
    ProviderAssignmentFactory(
        organization=tenant.organization, provider=tenant.provider, person=person
    )
    page.set_viewport_size(DESKTOP)

    # HR builds the package template from two modules of the catalog.
    _log_in_fresh(page, tenant.users[Role.HR].email)
    page.goto("/care/packages/new/")
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Arrival with family")
    page.get_by_label(re.compile("children", re.IGNORECASE)).check()
    page.get_by_label(core.name_en).check()
    page.get_by_label(helpdesk.name_en).check()
    _shot(page, "package-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The care package was saved.")
    package = PackageTemplate.objects.get(name="Arrival with family")
    assert package.covers_children

    # HR assigns it to the employee from the person's care page.
    page.goto(f"/care/people/{person.pk}/")
    assert axe_violations(page) == []
    assign = page.locator("section").filter(
        has=page.get_by_role("heading", name="Assign a package")
    )
    assign.get_by_label("Package").select_option(label="Arrival with family")
    assign.get_by_label("Start date").fill("2027-01-01")
    _shot(page, "person-assign")
    assign.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status").first).to_contain_text("enrolments requested")
    made = set(Enrolment.objects.filter(person=person).values_list("module_id", "family_member_id"))
    assert (core.pk, None) in made and (core.pk, child.pk) in made
    assert (helpdesk.pk, None) in made
    table = page.get_by_role("table", name="Care enrolments")
    expect(table.get_by_role("row", name=re.compile("Deniz"))).to_have_count(1)
    assert axe_violations(page) == []

    # The provider confirms the employee's own health insurance.
    own = Enrolment.objects.get(person=person, module=core, family_member=None)
    _log_in_fresh(page, tenant.users[Role.PROVIDER_AGENT].email)
    page.goto(f"/care/enrolments/{own.pk}/")
    expect(page.get_by_role("heading", name="Expat Health Core")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate(OVERLAPPING_LINKS) == []
    _shot(page, "provider-enrolment")
    page.get_by_label(re.compile("^Provider reference")).fill("POL-2027-1")
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("status").first).to_be_visible()
    own.refresh_from_db()
    assert (own.status, own.provider_reference) == (EnrolmentStatus.CONFIRMED, "POL-2027-1")

    # The employee reads "My care" in Turkish, then in Arabic right to left.
    _log_in_fresh(page, tenant.users[Role.EMPLOYEE].email)
    page.goto("/care/mine/")
    html = page.locator("html")
    for language, (heading, confirmed, category) in MY_CARE.items():
        page.get_by_label(re.compile("Language|Dil")).select_option(language)
        page.wait_for_url(re.compile(r"/care/mine/$"))
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        module = page.locator("article.my-care-module").filter(
            has=page.get_by_role("heading", name=core.name_en)
        )
        expect(module).to_contain_text(category)
        expect(module.locator(".badge").first).to_have_text(confirmed)
        expect(module).to_contain_text("POL-2027-1")
        expect(module).to_contain_text("Deniz")
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            document, visible = _width(page)
            assert document == visible, (language, viewport, document, visible)
            assert axe_violations(page) == [], (language, viewport)
            assert page.evaluate(SCRAMBLED_BY_LTR) == [], (language, viewport)
            _shot(page, f"my-care-{language}-{viewport['width']}")
        page.set_viewport_size(DESKTOP)
