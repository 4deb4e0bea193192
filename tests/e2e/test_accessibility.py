"""axe-core on the foundation pages: no serious or critical violation, in English and German.

The person shown has family, a qualification and a document, so the tables, badges and links
that only appear with data are checked too, not only the empty states.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from expatcare.accounts.roles import Role
from tests.conftest import Tenant
from tests.e2e.conftest import axe_violations
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    FamilyMemberFactory,
    QualificationFactory,
)

PAGES = {
    "dashboard": "/people/dashboard/",
    "people list": "/people/",
    "person detail": "/people/{person}/",
    "person create form": "/people/new/",
    "family member form": "/people/{person}/family/new/",
    "document upload form": "/people/{person}/documents/new/",
}


def _with_records(tenant: Tenant) -> int:
    person = tenant.other_person
    FamilyMemberFactory(person=person, first_name="Ravi", last_name="Other")
    QualificationFactory(person=person)
    document = DocumentFactory(person=person, kind="passport")
    DocumentVersionFactory(
        document=document, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="passport.pdf")
    )
    return person.pk


def _choose_language(page: Any, live_server: Any, code: str) -> None:
    """What the language switch leaves behind: Django's language cookie."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )


@pytest.mark.parametrize(("language", "heading"), [("en", "Log in"), ("de", "Anmelden")])
def test_login_page_has_no_serious_violations(
    page: Any, live_server: Any, language: str, heading: str
) -> None:
    _choose_language(page, live_server, language)
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", list(PAGES))
def test_staff_page_has_no_serious_violations(
    page: Any, login_as: Any, tenant: Tenant, name: str
) -> None:
    person_id = _with_records(tenant)
    login_as(tenant.users[Role.HR])

    response = page.goto(PAGES[name].format(person=person_id))

    assert response is not None and response.status == 200
    assert axe_violations(page) == [], name


def test_pages_in_german_have_no_serious_violations(
    page: Any, login_as: Any, live_server: Any, tenant: Tenant
) -> None:
    """German labels are longer and carry their own lang; check the densest pages again."""
    person_id = _with_records(tenant)
    login_as(tenant.users[Role.HR])
    _choose_language(page, live_server, "de")

    problems = {}
    for name in ("dashboard", "people list", "person detail", "person create form"):
        page.goto(PAGES[name].format(person=person_id))
        assert page.locator("html").get_attribute("lang") == "de"
        problems[name] = axe_violations(page)
    assert problems == {name: [] for name in problems}


def test_employee_record_has_no_serious_violations(
    page: Any, login_as: Any, tenant: Tenant
) -> None:
    login_as(tenant.users[Role.EMPLOYEE])
    response = page.goto("/people/me/")
    assert response is not None and response.status == 200
    assert axe_violations(page) == []


def test_the_axe_check_reports_what_it_should(page: Any) -> None:
    """Guards the harness itself: an empty list must mean "checked and clean", not "not run"."""
    page.set_content('<html><body><img src="data:,"><input type="text"></body></html>')
    violations = axe_violations(page)
    assert any(v.startswith("image-alt (critical)") for v in violations), violations
    assert any(v.startswith("label (critical)") for v in violations), violations
