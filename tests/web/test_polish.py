"""Small defects of issue 10 (20: CSP, favicon, 403 log; 17: account link; 19: filter label)."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client

from expatcare.accounts.roles import Role
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


def _client(user: object, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_favicon_ico_leads_to_the_icon() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert re.search(r"/static/web/favicon(\.[0-9a-f]+)?\.svg$", response["Location"])


def test_a_refused_request_logs_one_line_without_traceback(tenant: Tenant) -> None:
    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = _client(tenant.users[Role.EMPLOYEE]).get("/org/settings/")
    finally:
        handler.setStream(previous)
    assert response.status_code == 403
    assert "Forbidden" in stream.getvalue()
    assert "Traceback" not in stream.getvalue()


def test_pages_have_no_inline_style_or_script(tenant: Tenant) -> None:
    """The CSP forbids inline styles and scripts; htmx is told not to inject its own."""
    html = _client(tenant.users[Role.HR]).get("/people/dashboard/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.parametrize(
    "role", [r for r in Role if r is not Role.PROVIDER_AGENT] + [Role.PROVIDER_AGENT]
)
def test_every_role_has_a_link_to_its_account(tenant: Tenant, role: Role) -> None:
    """Profile, password and two-factor settings are one click away for every role."""
    home = _client(tenant.users[role]).get("/", follow=True)
    assert home.status_code == 200
    assert 'href="/org/profile/"' in home.content.decode()
    profile = _client(tenant.users[role]).get("/org/profile/").content.decode()
    assert 'href="/accounts/password/change/"' in profile
    assert 'href="/accounts/2fa/"' in profile


def test_the_compliance_filter_does_not_read_as_the_owner_role(tenant: Tenant) -> None:
    user = tenant.users[Role.HR]
    user.language = "de"
    user.save(update_fields=["language"])
    html = _client(user).get("/compliance/").content.decode()
    assert "Inhaber/in" not in html
    assert "Zuständig" in html


def test_an_employee_sees_my_duties_not_the_hr_dashboard(tenant: Tenant) -> None:
    html = _client(tenant.users[Role.EMPLOYEE]).get("/compliance/").content.decode()
    assert re.search(r"<h1>\s*My duties\s*</h1>", html)
    for staff_only in ("People at a glance", "Export CSV", "Findings", "Duties per kind"):
        assert staff_only not in html, staff_only
    staff = _client(tenant.users[Role.HR]).get("/compliance/").content.decode()
    assert "People at a glance" in staff and "Export CSV" in staff
