"""The case journey in a real browser: HR starts a case from an assessment, ticks a milestone,
uploads a checklist document; the candidate then follows the case in Arabic, right to left."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from expatcare.accounts.roles import Role
from expatcare.mobility.models import Case
from tests.conftest import Tenant
from tests.e2e.conftest import axe_violations
from tests.factories import QualificationFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_hr_starts_a_case_and_the_candidate_follows_it_in_arabic(
    page: Any, tenant: Tenant, login_as: Any
) -> None:
    candidate = tenant.employee_person
    QualificationFactory(person=candidate, completed_year=2015, training_years=4)

    # HR opens the assessment of the candidate and starts a case on the Blue Card pathway.
    login_as(tenant.users[Role.HR])
    page.goto(f"/eligibility/?person={candidate.pk}")
    page.get_by_role("button", name="Assess").click()
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    page.get_by_role(
        "button", name=re.compile(r"^Start a case on this pathway\s*: EU Blue Card$")
    ).click()

    expect(page.get_by_role("status")).to_contain_text("The case was started.")
    case = Case.objects.get(person=candidate)
    expect(page).to_have_url(re.compile(rf"/eligibility/cases/{case.pk}/$"))
    assert axe_violations(page) == []

    # Tick the first milestone (htmx swaps the timeline in place).
    first = page.locator("#timeline li").first
    expect(first).to_contain_text("Current step")
    page.get_by_role("button", name=re.compile(r"^Mark as done\s*: Power of attorney")).click()
    expect(page.locator("#timeline li").first).to_contain_text("Done")
    expect(page.locator("#timeline li").nth(1)).to_contain_text("Current step")
    assert case.milestones.get(code="power_of_attorney").status == "done"

    # Upload the passport from the checklist; the item is ticked from the stored document.
    checklist = page.get_by_role("table", name="Document checklist")
    checklist.get_by_role("button", name=re.compile(r"^Upload\s*: Passport$")).click()
    page.get_by_label(re.compile(r"^File")).set_input_files(
        {"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("The document was uploaded.")
    passport_row = page.get_by_role("table", name="Document checklist").get_by_role(
        "row", name=re.compile("Passport")
    )
    expect(passport_row).to_contain_text("on file")

    # The candidate logs in and reads the timeline in Arabic, right to left.
    page.context.clear_cookies()
    login_as(tenant.users[Role.EMPLOYEE])
    page.goto("/eligibility/my-case/")
    page.get_by_label("Language").select_option("ar")
    page.wait_for_url(re.compile(r"/eligibility/my-case/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    timeline = page.locator("#timeline li")
    expect(timeline).to_have_count(case.milestones.count())
    expect(page.locator("#timeline li[aria-current='step']")).to_have_count(1)
    assert axe_violations(page) == []
