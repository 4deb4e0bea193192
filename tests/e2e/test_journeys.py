"""The foundation journeys in a real browser: what an HR person and an employee do first.

Each test drives Chromium against the live server, so templates, forms, redirects, cookies,
the CSP and app.js are exercised together, as a user would meet them.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from expatcare.accounts.roles import Role
from expatcare.people.models import Document, FamilyMember, Person
from tests.conftest import Tenant
from tests.e2e.conftest import login
from tests.factories import TEST_PASSWORD

# The smallest file the upload check accepts as a PDF: it sniffs the signature, not the body.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_hr_logs_in_and_lands_on_the_dashboard(page: Any, tenant: Tenant) -> None:
    login(page, tenant.users[Role.HR].email, TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/people/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text(
        tenant.organization.name
    )


def test_wrong_password_keeps_the_user_on_the_login_page(page: Any, tenant: Tenant) -> None:
    login(page, tenant.users[Role.HR].email, "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)


def test_hr_adds_a_person_with_family_and_a_document(page: Any, tenant: Tenant) -> None:
    """Create, add a spouse, upload a PDF and download exactly the bytes that were uploaded."""
    login(page, tenant.users[Role.HR].email, TEST_PASSWORD)
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")

    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Raman")
    page.get_by_label("Nationalities").fill("IN")
    page.get_by_label("Job title").fill("Process engineer")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Raman")
    expect(page.get_by_role("status")).to_contain_text("Priya Raman was added.")
    person = Person.objects.get(organization=tenant.organization, last_name="Raman")
    assert list(person.nationalities.values_list("country", flat=True)) == ["IN"]

    page.get_by_role("button", name="Add a family member").click()
    page.get_by_label("Relation").select_option("spouse")
    page.get_by_label("First name").fill("Arjun")
    page.get_by_label("Last name").fill("Raman")
    page.get_by_role("button", name="Save").click()

    family = page.get_by_role("table", name="Family")
    expect(family.get_by_role("rowheader")).to_have_text("Arjun Raman")
    assert FamilyMember.objects.filter(person=person, first_name="Arjun").count() == 1

    page.get_by_role("button", name="Upload a document").click()
    page.get_by_label("Kind of document").select_option("passport")
    page.get_by_label(re.compile(r"^File")).set_input_files(
        {"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_label("Valid until").fill("2031-05-31")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("The document was uploaded.")
    documents = page.get_by_role("table", name="Documents")
    expect(documents.get_by_role("rowheader")).to_have_text("Passport")
    assert Document.objects.filter(person=person, kind="passport").count() == 1

    with page.expect_download() as download_info:
        documents.get_by_role("link", name=re.compile("^Download")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF_BYTES


def test_language_switch_turns_the_pages_german(page: Any, tenant: Tenant) -> None:
    login(page, tenant.users[Role.HR].email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    page.get_by_label("Language").select_option("de")

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    page.get_by_role("link", name="Mitarbeitende", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitarbeitende")
    expect(page.get_by_role("button", name="Person hinzufügen")).to_be_visible()


def test_employee_sees_only_their_own_record(page: Any, tenant: Tenant) -> None:
    login(page, tenant.users[Role.EMPLOYEE].email, TEST_PASSWORD)
    page.get_by_role("link", name="My record").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Employee")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="People", exact=True)).to_have_count(0)
    expect(page.get_by_text("Oscar Other")).to_have_count(0)

    for other in (tenant.other_person, tenant.assigned_person):
        response = page.goto(f"/people/{other.pk}/")
        assert response is not None and response.status in {403, 404}
        expect(page.get_by_text(other.last_name)).to_have_count(0)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/people/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Employee")
    expect(page.get_by_text("Oscar Other")).to_have_count(0)


def test_skip_link_is_first_and_moves_focus_to_main(
    page: Any, login_as: Any, tenant: Tenant
) -> None:
    login_as(tenant.users[Role.HR])
    page.goto("/people/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )
    assert focused_in_main, "the next Tab after the skip link should stay inside <main>"
